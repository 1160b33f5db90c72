import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createDocument, type FieldValues, type HecsosDocument } from '../model'
import { migrateDocument, retiredFields } from './migrate-document'
import type { Template } from './template-schema'
import { field, fixtureTemplate, idSource, templateWith } from './test-support'

const NOW = '2026-05-12T09:30:00.000Z'

function documentOf(template: Pick<Template, 'id'>, version: number, fields: FieldValues): HecsosDocument {
  const document = createDocument(
    { title: 'Kitchen tables', templateId: template.id, templateVersion: version },
    'doc-00000001',
    NOW,
  )
  return { ...document, fields }
}

describe('template evolution', () => {
  const miniPractice = fixtureTemplate('mini-practice')

  it('follows renames, adds new fields empty, keeps removed fields', () => {
    const old = documentOf(miniPractice, 1, { name: 'Kitchen tables', country: 'GR', formerNotes: ['kept'] })
    const result = migrateDocument(old, miniPractice, idSource())
    if (!result.ok) throw new Error(result.message)
    expect(result).toMatchObject({
      changed: true,
      fromVersion: 1,
      toVersion: 2,
      renamed: [{ from: 'name', to: 'practiceName' }],
      conflicts: [],
    })
    expect(result.added).toEqual([
      'participation',
      'started',
      'budget',
      'keywords',
      'description',
      'photo',
      'steps',
      'costs',
      'levels',
      'stepLevels',
      'relatedCases',
      'sources',
    ])
    const { fields } = result.document
    expect(result.document.templateVersion).toBe(2)
    expect(fields.practiceName).toBe('Kitchen tables')
    expect(Object.hasOwn(fields, 'name')).toBe(false)
    expect(fields.country).toBe('GR')
    expect(fields.budget).toBeNull()
    expect(fields.formerNotes).toEqual(['kept'])
    expect(retiredFields(result.document, miniPractice)).toEqual([{ path: ['formerNotes'], value: ['kept'] }])
    expect(old.fields).toEqual({ name: 'Kitchen tables', country: 'GR', formerNotes: ['kept'] })
  })

  it('leaves a current, complete document as it is', () => {
    const once = migrateDocument(documentOf(miniPractice, 1, {}), miniPractice, idSource())
    if (!once.ok) throw new Error(once.message)
    const twice = migrateDocument(once.document, miniPractice, idSource())
    expect(twice).toMatchObject({ ok: true, changed: false, renamed: [], added: [] })
    expect(twice.ok && twice.document).toBe(once.document)
  })

  it('refuses, untouched, a document written with a newer version of the template', () => {
    const newer = documentOf(miniPractice, 3, { practiceName: 'From the future', extra: 1 })
    const snapshot = structuredClone(newer)
    expect(migrateDocument(newer, miniPractice, idSource())).toEqual({
      ok: false,
      code: 'template-outdated',
      message:
        'This document was written with version 3 of the template “Mini practice sheet”, but this installation has version 2. Update the template (or HECSOs Studio) to edit it; nothing in the document has been changed.',
    })
    expect(newer).toEqual(snapshot)
    expect(migrateDocument(documentOf({ id: 'other' }, 1, {}), miniPractice, idSource())).toMatchObject({
      ok: false,
      code: 'other-template',
    })
  })

  it('chains steps, swaps names within a step, and never overwrites a value', () => {
    const template = templateWith(
      [
        field({ id: 'a', type: 'text' }),
        field({ id: 'b', type: 'text' }),
        field({ id: 'title', type: 'text' }),
      ],
      {
        version: 4,
        migrations: [
          { from: 1, to: 2, renamedFields: { heading: 'name' } },
          { from: 2, to: 3, renamedFields: { name: 'title', a: 'b', b: 'a' } },
          { from: 3, to: 4, renamedFields: { summary: 'title' } },
        ],
      },
    )
    const result = migrateDocument(
      documentOf(template, 1, { heading: 'H', a: 'A', b: 'B', summary: 'S' }),
      template,
      idSource(),
    )
    if (!result.ok) throw new Error(result.message)
    expect(result.document.fields).toEqual({ title: 'H', a: 'B', b: 'A', summary: 'S' })
    expect(result.renamed).toEqual([
      { from: 'heading', to: 'name' },
      { from: 'name', to: 'title' },
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a' },
    ])
    expect(result.conflicts).toEqual([{ from: 'summary', to: 'title' }])
    expect(retiredFields(result.document, template)).toEqual([{ path: ['summary'], value: 'S' }])
  })

  it('lists group members and table columns that are no longer in the template', () => {
    const template = fixtureTemplate('test-curriculum')
    const fields = {
      modules: [
        {
          id: 'module-00000001',
          values: {
            title: 'Mapping',
            prerequisites: 'none',
            workload: {
              rows: [{ id: 'row-00000001', cells: { activity: 'Lectures', hours: 20, room: 'A1' } }],
            },
            learningOutcomes: [
              { id: 'outcome-00000001', values: { statement: 'Map assets', bloom: 'apply' } },
            ],
          },
        },
      ],
    }
    expect(retiredFields({ fields }, template)).toEqual([
      { path: ['modules', 'module-00000001', 'prerequisites'], value: 'none' },
      { path: ['modules', 'module-00000001', 'workload', 'row-00000001', 'room'], value: 'A1' },
      {
        path: ['modules', 'module-00000001', 'learningOutcomes', 'outcome-00000001', 'bloom'],
        value: 'apply',
      },
    ])
  })

  it('preserves every value it does not rename (property)', () => {
    const name = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g')
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.jsonValue()),
        fc.array(fc.dictionary(name, name), { maxLength: 4 }),
        fc.subarray(['a', 'b', 'c', 'd', 'e', 'f', 'g']),
        (fields, steps, current) => {
          const template = templateWith(
            current.map((id) => field({ id, type: 'list' })),
            {
              version: steps.length + 1,
              migrations: steps.map((renamedFields, index) => ({
                from: index + 1,
                to: index + 2,
                renamedFields,
              })),
            },
          )
          const document = documentOf(template, 1, fields as FieldValues)
          const result = migrateDocument(document, template, idSource())
          if (!result.ok) throw new Error(result.message)
          const before = Object.values(fields)
            .map((value) => JSON.stringify(value))
            .sort()
          const added = new Set(result.added)
          const after = Object.entries(result.document.fields)
            .filter(([key]) => !added.has(key))
            .map(([, value]) => JSON.stringify(value))
            .sort()
          // Every value is still there, exactly once; renames only move them.
          expect(after).toEqual(before)
          for (const [key, value] of Object.entries(fields)) {
            const moved = result.renamed.some((rename) => rename.from === key)
            if (!moved) expect(result.document.fields[key]).toEqual(value)
          }
          for (const id of current) expect(Object.hasOwn(result.document.fields, id)).toBe(true)
        },
      ),
      { numRuns: process.env.CI ? 1000 : 300 },
    )
  })
})
