import { describe, expect, it } from 'vitest'
import { richTextFromParagraphs, RichTextSchema } from '../model'
import { checkCompleteness } from './completeness'
import { emptyFieldValues } from './field-values'
import { field, fixtureTemplate, idSource, templateWith } from './test-support'

const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index}`).join(' ')
const codes = (fields: Record<string, unknown>, template = fixtureTemplate('mini-practice')) =>
  checkCompleteness(template, fields).document.issues.map((issue) => `${issue.code} ${issue.path.join('/')}`)

describe('completeness', () => {
  it('of an empty document: what is required, per field, section and document', () => {
    const template = fixtureTemplate('mini-practice')
    const result = checkCompleteness(template, emptyFieldValues(template, idSource()))
    expect(result.document.issues.map((issue) => issue.message)).toEqual([
      '“Name of the practice” is required.',
      '“Country” is required.',
      '“Description” is required.',
      '“Steps” has 0 entries; it needs at least 1.',
    ])
    expect(result.document).toMatchObject({ percent: 0, complete: false, filled: 0, total: 14 })
    expect(
      result.sections.map(({ id, complete, filled, total }) => ({ id, complete, filled, total })),
    ).toEqual([
      { id: 'identity', complete: false, filled: 0, total: 6 },
      { id: 'story', complete: false, filled: 0, total: 8 },
    ])
    expect(result.fields.practiceName).toEqual({
      filled: false,
      complete: false,
      words: 0,
      issues: [
        {
          code: 'required',
          severity: 'error',
          message: '“Name of the practice” is required.',
          params: { field: 'practiceName', label: 'Name of the practice' },
          path: ['practiceName'],
        },
      ],
    })
    expect(result.fields.keywords).toEqual({ filled: false, complete: true, issues: [], count: 0 })
  })

  it('counts words in rich text through lists, headings and nested nodes', () => {
    const text = (value: string) => ({ type: 'text', version: 1, text: value })
    const node = (type: string, children: unknown[]) => ({ type, version: 1, children })
    const description = RichTextSchema.parse({
      format: 'lexical',
      schemaVersion: 1,
      root: node('root', [
        node('heading', [text('How it works')]),
        node('paragraph', [text('Neighbours '), node('link', [text('cook')]), text(' together.')]),
        node('list', [
          node('listitem', [text('shop')]),
          node('listitem', [
            node('list', [node('listitem', [text('cook')]), node('listitem', [text('eat')])]),
          ]),
        ]),
        node('quote', [text('“It changed the street.”')]),
      ]),
    })
    const result = checkCompleteness(fixtureTemplate('mini-practice'), { description })
    expect(result.fields.description).toMatchObject({ filled: true, words: 13 })
    expect(result.fields.description!.issues.map((issue) => issue.message)).toEqual([
      '“Description” has 13 words; write at least 100.',
    ])
  })

  it('reports word, length, number, date and count limits', () => {
    const template = templateWith([
      field({ id: 'name', type: 'text', maxWords: 3, maxLength: 20 }),
      field({ id: 'summary', type: 'richText', maxWords: 5 }),
      field({ id: 'budget', type: 'number', min: 0, max: 1000, integer: true }),
      field({ id: 'started', type: 'date', min: '2020-01-01', max: '2026-12-31' }),
      field({ id: 'keywords', type: 'list', maxItems: 2, maxLength: 10 }),
      field({
        id: 'groups',
        type: 'choice',
        multiple: true,
        minItems: 2,
        options: [
          { id: 'youth', label: { en: 'Youth' } },
          { id: 'older', label: { en: 'Older people' } },
        ],
      }),
      field({
        id: 'costs',
        type: 'table',
        maxRows: 1,
        columns: [{ id: 'item', type: 'text', label: { en: 'Item' } }],
      }),
      field({ id: 'sources', type: 'sources', maxItems: 5 }),
      field({ id: 'photo', type: 'image' }),
    ])
    const result = checkCompleteness(template, {
      name: 'A name far too long for it',
      summary: richTextFromParagraphs([words(6)]),
      budget: -2.5,
      started: '2027-01-01',
      keywords: ['food', 'neighbourhood', 'street'],
      groups: ['youth'],
      costs: {
        rows: [
          { id: 'row-00000001', cells: {} },
          { id: 'row-00000002', cells: { item: 'Rent' } },
        ],
      },
      sources: [{ id: 'source-00000001', author: 'A', title: ' ', year: null, publisher: '', url: '' }],
      photo: { assetId: 'asset-00000001', caption: '', alt: '', credit: '' },
    })
    expect(
      result.document.issues.map(({ code, severity, message }) => `${severity} ${code}: ${message}`),
    ).toEqual([
      'warning too-many-words: “name” has 7 words; the limit is 3.',
      'warning too-long: “name” is 26 characters long; the limit is 20.',
      'warning too-many-words: “summary” has 6 words; the limit is 5.',
      'error below-min: “budget” is -2.5; it must be at least 0.',
      'error not-integer: “budget” must be a whole number; it is -2.5.',
      'error above-max: “started” is 2027-01-01; it must be on or before 2026-12-31.',
      'warning too-long: Entry 2 of “keywords” is 13 characters long; the limit is 10.',
      'warning too-many-items: “keywords” has 3 entries; at most 2 are allowed.',
      'error too-few-items: “groups” has 1 entry; it needs at least 2.',
      'warning too-many-rows: “costs” has 2 rows; at most 1 are allowed.',
      'warning source-without-title: Source 1 of “sources” has no title.',
      'warning image-without-alt: “photo” has no alternative text; describe the image for readers who cannot see it.',
    ])
    expect(result.fields.keywords!.issues[0]!.path).toEqual(['keywords', 1])
    expect(result.document.percent).toBe(0)
  })

  it('checks required fields and limits inside every group item, and says which item', () => {
    const template = fixtureTemplate('test-curriculum')
    const result = checkCompleteness(template, {
      ects: 60,
      eqfLevel: '7',
      modules: [
        {
          id: 'module-00000001',
          values: {
            title: 'Community mapping',
            credits: 5,
            workload: { rows: [{ id: 'row-00000001', cells: { activity: 'Fieldwork', hours: 125 } }] },
            learningOutcomes: [{ id: 'outcome-00000001', values: { statement: '', targetLevel: 9.5 } }],
          },
        },
        { id: 'module-00000002', values: { title: '' } },
      ],
    })
    expect(result.document.issues.map((issue) => issue.message)).toEqual([
      '“Learning outcome” in “Learning outcomes” item 1 in “Modules” item 1 (“Community mapping”) is required.',
      '“Target level” in “Learning outcomes” item 1 in “Modules” item 1 (“Community mapping”) is 9.5; it must be at most 8.',
      '“Target level” in “Learning outcomes” item 1 in “Modules” item 1 (“Community mapping”) must be a whole number; it is 9.5.',
      '“Title” in “Modules” item 2 is required.',
      '“Credits” in “Modules” item 2 is required.',
      '“Workload” in “Modules” item 2 has 0 rows; it needs at least 1.',
      '“Learning outcomes” in “Modules” item 2 has 0 entries; it needs at least 1.',
    ])
    const first = result.document.issues[0]!
    expect(first.path).toEqual([
      'modules',
      'module-00000001',
      'learningOutcomes',
      'outcome-00000001',
      'statement',
    ])
    expect(first.params).toEqual({
      field: 'statement',
      label: 'Learning outcome',
      group: 'Modules',
      item: 1,
      itemTitle: 'Community mapping',
    })
    expect(
      result.sections.map(({ id, complete, filled, total }) => ({ id, complete, filled, total })),
    ).toEqual([
      { id: 'programme', complete: true, filled: 2, total: 3 },
      { id: 'modulesSection', complete: false, filled: 1, total: 1 },
    ])
    expect(result.document.percent).toBe(50)
  })

  it('wants every cell of a required level matrix once it is started', () => {
    const template = fixtureTemplate('test-framework')
    const fields = emptyFieldValues(template, idSource())
    fields.areas = [
      {
        id: 'area-00000001',
        values: { title: 'Engaging', competences: [{ id: 'comp-00000001', values: { title: 'Listening' } }] },
      },
    ]
    expect(codes(fields, template)).toEqual(['required levelMatrix'])
    fields.levelMatrix = { 'comp-00000001': { 'item-00000001': 'Listens when guided.' } }
    expect(
      checkCompleteness(template, fields).fields.levelMatrix!.issues.map((issue) => issue.message),
    ).toEqual(['“Level descriptors” has 7 of 8 cells still empty.'])
  })

  it('reports a value of the wrong type instead of throwing', () => {
    expect(codes({ practiceName: 42, steps: [{ id: 'bad id', values: {} }] })).toEqual([
      'invalid-value practiceName',
      'required country',
      'required description',
      'invalid-value steps',
    ])
  })
})
