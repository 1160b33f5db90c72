import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DocumentSchema, createDocument } from '../model'
import {
  TEMPLATE_KINDS,
  checkCompleteness,
  emptyFieldValues,
  eachField,
  translationGaps,
  validateFieldValues,
} from '.'
import { loadCatalogue } from './load-from-disk'
import { SHIPPED_TEMPLATES_DIR } from './shipped-folder'

/** The catalogue as it ships: what every user gets on first start. */
const catalogue = await loadCatalogue({ builtInDir: SHIPPED_TEMPLATES_DIR })
const templates = [...catalogue.templates.values()]

describe('the shipped catalogue', () => {
  it('loads every template and vocabulary without a single problem', () => {
    expect(catalogue.problems).toEqual([])
    expect(templates).toHaveLength(9)
    expect(new Set(templates.map((template) => template.kind))).toEqual(
      new Set(TEMPLATE_KINDS.filter((kind) => kind !== 'custom')),
    )
    expect([...catalogue.vocabularies.keys()].sort()).toEqual([
      'countries',
      'dissemination-levels',
      'eqf-levels',
      'eu-languages',
      'iap2',
      'licences',
      'policy-levels',
      'sdgs',
      'stakeholder-types',
    ])
  })

  it('translates every title, label and vocabulary entry into the six partner languages', () => {
    const sources = [...templates, ...catalogue.vocabularies.values()]
    const untranslated = sources.flatMap((source) =>
      translationGaps(source)
        .filter((gap) => gap.mustTranslate)
        .map((gap) => `${source.id}: ${gap.path} lacks ${gap.missing.join(', ')}`),
    )
    expect(untranslated).toEqual([])
  })

  it('writes Romanian with the comma-below letters, never the cedilla ones', () => {
    const text = JSON.stringify([...templates, ...catalogue.vocabularies.values()])
    expect(text).not.toMatch(/[şţŞŢ]/)
    expect(text).toMatch(/[șțȘȚ]/)
  })

  it('guides the author on every field', () => {
    const unguided: string[] = []
    for (const template of templates) {
      eachField(template, (field) => {
        if (field.guidance.en.trim().length < 8) unguided.push(`${template.id}.${field.id}`)
      })
    }
    expect(unguided).toEqual([])
  })

  it.each(templates.map((template) => [template.id, template] as const))(
    '%s: a new document validates, saves as JSON and reads back unchanged, and is incomplete until written',
    (_id, template) => {
      const fields = emptyFieldValues(template, randomUUID)
      const context = { vocabularies: catalogue.vocabularies }
      expect(validateFieldValues(template, fields, context)).toEqual([])
      const document = createDocument(
        { title: template.title.en, templateId: template.id, templateVersion: template.version, fields },
        randomUUID(),
        '2026-05-12T09:30:00.000Z',
      )
      const reread = DocumentSchema.parse(JSON.parse(JSON.stringify(document)))
      expect(reread).toEqual(document)
      const completeness = checkCompleteness(template, reread.fields, context)
      expect(completeness.document.complete).toBe(false)
      expect(completeness.document.issues.some((issue) => issue.code === 'required')).toBe(true)
    },
  )
})
