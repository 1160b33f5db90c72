import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FieldValuesSchema, richTextFromParagraphs } from '../model'
import { checkCompleteness } from './completeness'
import {
  emptyFieldValues,
  emptyValue,
  newGroupItem,
  newSource,
  newTableRow,
  validateFieldValues,
} from './field-values'
import { validateTemplate } from './template-checks'
import type { TemplateField } from './template-schema'
import { field, fixtureCatalogue, fixtureTemplate, idSource, templateWith } from './test-support'

const DOC = 'doc-00000001'
const filled: Record<string, unknown> = {
  practiceName: 'Neighbourhood kitchen tables',
  country: 'GR',
  participation: 'involve',
  started: '2024-02-29',
  budget: 12500.5,
  keywords: ['food', 'Κοινότητα', 'învățare'],
  description: richTextFromParagraphs(['Neighbours cook together once a week.']),
  photo: {
    assetId: 'asset-0001',
    caption: 'The first table',
    alt: 'Six people at a long table',
    credit: 'CC BY 4.0',
  },
  steps: [
    { id: 'step-00000001', values: { title: 'Invite', details: richTextFromParagraphs(['Flyers.']) } },
    { id: 'step-00000002', values: { title: 'Cook' } },
  ],
  costs: {
    rows: [
      { id: 'row-00000001', cells: { item: 'Food', amount: 300 } },
      { id: 'row-00000002', cells: { item: 'Rent', amount: null } },
    ],
  },
  levels: [{ id: 'level-00000001', values: { name: 'Starting' } }],
  stepLevels: { 'step-00000001': { 'level-00000001': 'One flyer per street.' } },
  relatedCases: [{ documentId: DOC }],
  sources: [
    {
      id: 'source-00000001',
      author: 'Arnstein, S.',
      title: 'A ladder of citizen participation',
      year: 1969,
      publisher: 'JAIP',
      url: 'https://doi.org/10.1080/01944366908977225',
    },
  ],
}

describe('stored values, one field type at a time', () => {
  const template = fixtureTemplate('mini-practice')
  const context = { vocabularies: fixtureCatalogue().vocabularies }

  it('round-trip through JSON and validate, for every field type', () => {
    const types = new Set(template.sections.flatMap((section) => section.fields.map((f) => f.type)))
    expect(types.size).toBe(12)
    const reloaded = FieldValuesSchema.parse(JSON.parse(JSON.stringify(filled)))
    expect(reloaded).toEqual(filled)
    expect(validateFieldValues(template, reloaded, context)).toEqual([])
    const completeness = checkCompleteness(template, reloaded, context)
    for (const [id, result] of Object.entries(completeness.fields))
      expect([id, result.filled]).toEqual([id, true])
  })

  it('report a value of the wrong shape with its path, and never throw', () => {
    const broken = {
      ...filled,
      budget: '12 500',
      country: 'FR',
      started: '2023-02-29',
      steps: [
        { id: 'step-00000001', values: { title: 7 } },
        { id: 'step-00000001', values: {} },
      ],
      costs: { rows: [{ id: 'row-00000001', cells: { amount: 'three hundred' } }] },
      relatedCases: [{ documentId: DOC, itemId: 'item-00000001' }],
      sources: [{ ...newSource(idSource()), url: 'javascript:alert(1)' }],
    }
    expect(validateFieldValues(template, broken, context).map((issue) => issue.message)).toEqual([
      'country is not an entry of the vocabulary "countries"',
      'started is not a date that exists',
      'budget must be a number, not the text "12 500"',
      'steps[0].values.title must be text (a string in quotes), not number 7',
      'steps[1].id the item id "step-00000001" is used twice',
      'costs.rows[0].cells.amount must be a number, not the text "three hundred"',
      'relatedCases[0] points at a whole document, so it has no "itemId"',
      'sources[0].url must be a web address starting with http:// or https://, or empty',
    ])
    expect(validateFieldValues(template, { steps: 'not a list' })[0]).toMatchObject({
      code: 'invalid-value',
      fieldId: 'steps',
      path: ['steps'],
    })
  })

  it('keep what the template no longer knows (group members, table columns, other fields)', () => {
    const kept = {
      ...filled,
      retired: { anything: true },
      steps: [{ id: 'step-00000001', values: { title: 'Invite', formerMember: 3 } }],
      costs: { rows: [{ id: 'row-00000001', cells: { item: 'Food', formerColumn: 'x' } }] },
    }
    expect(validateFieldValues(template, kept, context)).toEqual([])
  })

  it('give a single reference at most one target, and item references an itemId', () => {
    const single = field({ id: 'framework', type: 'reference', target: { kind: 'competency-framework' } })
    const items = field({
      id: 'competences',
      type: 'reference',
      multiple: true,
      target: { kind: 'competency-framework', items: 'areas.competences' },
    })
    const t = templateWith([single, items])
    expect(
      validateFieldValues(t, { framework: [{ documentId: DOC }, { documentId: 'doc-00000002' }] })[0]
        ?.message,
    ).toBe('framework must have at most 1 entry')
    expect(validateFieldValues(t, { competences: [{ documentId: DOC }] })[0]?.message).toBe(
      'competences[0] must name an item ("itemId") of "areas.competences"',
    )
    expect(validateFieldValues(t, { competences: [{ documentId: DOC, itemId: 'item-00000001' }] })).toEqual(
      [],
    )
  })
})

describe('empty values', () => {
  it('are what a new document starts with; group defaults get fresh item ids', () => {
    const framework = fixtureTemplate('test-framework')
    const values = emptyFieldValues(framework, idSource())
    expect(values.areas).toEqual([])
    expect(values.levelMatrix).toEqual({})
    const levels = values.levels as Array<{ id: string; values: Record<string, unknown> }>
    expect(levels.map((level) => level.values.name)).toEqual([
      'Foundation 1',
      'Foundation 2',
      'Intermediate 3',
      'Intermediate 4',
      'Advanced 5',
      'Advanced 6',
      'Highly specialised 7',
      'Highly specialised 8',
    ])
    expect(levels.map((level) => level.id)).toEqual(
      Array.from({ length: 8 }, (_, i) => `item-${String(i + 1).padStart(8, '0')}`),
    )
    expect(levels[0]!.values.description).toEqual(
      emptyValue(field({ id: 'd', type: 'richText' }), idSource()),
    )
  })

  it('build new items, rows and sources with ids from newId', () => {
    const newId = idSource('new')
    const group = field({
      id: 'g',
      type: 'group',
      fields: [field({ id: 'name', type: 'text' }), field({ id: 'tags', type: 'list' })],
    })
    expect(newGroupItem(group as Extract<TemplateField, { type: 'group' }>, newId)).toEqual({
      id: 'new-00000001',
      values: { name: '', tags: [] },
    })
    expect(newTableRow(newId)).toEqual({ id: 'new-00000002', cells: {} })
    expect(newSource(newId)).toMatchObject({ id: 'new-00000003', year: null, url: '' })
  })

  it('always validate, whatever the template (property)', () => {
    const id = (index: number) => `f${index}`
    const label = { en: 'Label' }
    const scalar: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
      fc.record({
        type: fc.constant('text'),
        maxLength: fc.option(fc.integer({ min: 1, max: 900 }), { nil: undefined }),
      }),
      fc.record({ type: fc.constant('richText'), maxWords: fc.option(fc.nat(500), { nil: undefined }) }),
      fc.record({ type: fc.constant('number'), integer: fc.boolean() }),
      fc.record({ type: fc.constant('date') }),
      fc.record({
        type: fc.constant('choice'),
        vocabulary: fc.constantFrom('iap2', 'countries'),
        multiple: fc.boolean(),
      }),
      fc.record({
        type: fc.constant('choice'),
        options: fc.constant([
          { id: 'yes', label },
          { id: 'no', label },
        ]),
      }),
      fc.record({ type: fc.constant('list') }),
      fc.record({
        type: fc.constant('table'),
        columns: fc.constant([
          { id: 'a', type: 'text', label },
          { id: 'b', type: 'number', label },
          { id: 'c', type: 'richText', label },
        ]),
      }),
      fc.record({
        type: fc.constant('reference'),
        target: fc.constant({ kind: 'case-study' }),
        multiple: fc.boolean(),
      }),
      fc.record({ type: fc.constant('image') }),
      fc.record({ type: fc.constant('sources') }),
    )
    const withIds = (specs: Array<Record<string, unknown>>) =>
      specs.map((spec, index) => ({ ...spec, id: id(index), label, guidance: label }))
    const { group } = fc.letrec<{ group: Record<string, unknown>; member: Record<string, unknown> }>(
      (tie) => ({
        member: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('group')),
        group: fc
          .record({
            members: fc.array(tie('member'), { minLength: 1, maxLength: 4 }),
            defaults: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
          })
          .map(({ members, defaults }) => {
            const fields = withIds([{ type: 'text' }, ...members])
            return {
              type: 'group',
              itemTitle: id(0),
              fields,
              default: defaults.map((text) => ({ [id(0)]: text })),
            }
          }),
      }),
    )
    const { vocabularies } = fixtureCatalogue()
    fc.assert(
      fc.property(fc.array(fc.oneof(scalar, group), { minLength: 1, maxLength: 8 }), (specs) => {
        const fields = withIds(specs) as TemplateField[]
        const firstGroup = fields.find((candidate) => candidate.type === 'group')
        if (firstGroup)
          fields.push(field({ id: 'grid', type: 'matrix', rows: firstGroup.id, columns: firstGroup.id }))
        const checked = validateTemplate('generated.json', templateWith(fields), {
          vocabularies,
          templatesOfKind: () => [],
        })
        expect(checked.ok ? [] : checked.problems).toEqual([])
        const template = templateWith(fields)
        const values = emptyFieldValues(template, idSource())
        const reloaded = FieldValuesSchema.parse(JSON.parse(JSON.stringify(values)))
        expect(reloaded).toEqual(values)
        expect(validateFieldValues(template, reloaded, { vocabularies })).toEqual([])
        expect(() => checkCompleteness(template, reloaded)).not.toThrow()
      }),
      { numRuns: process.env.CI ? 500 : 150 },
    )
  })
})
