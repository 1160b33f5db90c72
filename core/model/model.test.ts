import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createDocument,
  createProject,
  countWords,
  DocumentSchema,
  emptyRichText,
  findUnsafeStructure,
  FormatTooNewError,
  FormatUnknownError,
  IdSchema,
  isRichText,
  migrate,
  parseUntrustedJson,
  plainTextOf,
  ProjectSchema,
  richTextFromParagraphs,
  RichTextSchema,
  UnsafeJsonError,
  type Migrator,
} from '.'

const NOW = '2026-05-12T09:30:00.000Z'
const ID = '7b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a4b'

describe('format migrations', () => {
  const migrator: Migrator = {
    kind: 'project',
    current: 3,
    steps: {
      1: ({ name, ...rest }) => ({ ...rest, title: name }),
      2: (value) => ({ ...value, languages: ['en'] }),
    },
  }

  it('upgrades an old file step by step to the current format', () => {
    expect(migrate(migrator, { formatVersion: 1, name: 'HECSOs' })).toEqual({
      formatVersion: 3,
      title: 'HECSOs',
      languages: ['en'],
    })
    expect(migrate(migrator, { formatVersion: 3, title: 'x' })).toEqual({ formatVersion: 3, title: 'x' })
  })

  it('refuses a newer format and says which version it needs', () => {
    expect(() => migrate(migrator, { formatVersion: 4 })).toThrow(FormatTooNewError)
    expect(() => migrate(migrator, { formatVersion: 4 })).toThrow(
      /newer version of HECSOs Studio \(format 4; this version reads up to 3\)/,
    )
  })

  it('refuses what carries no usable format version', () => {
    for (const value of [
      null,
      [],
      'text',
      {},
      { formatVersion: '1' },
      { formatVersion: 0 },
      { formatVersion: 1.5 },
    ]) {
      expect(() => migrate(migrator, value)).toThrow(FormatUnknownError)
    }
  })
})

describe('untrusted JSON', () => {
  it('refuses prototype keys at any depth', () => {
    for (const text of [
      '{"__proto__":{"admin":true}}',
      '{"a":[{"constructor":{"prototype":1}}]}',
      '{"b":{"prototype":2}}',
    ]) {
      expect(() => parseUntrustedJson(text)).toThrow(UnsafeJsonError)
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
    expect(parseUntrustedJson('{"title":"Πολιτικές συστάσεις"}')).toEqual({ title: 'Πολιτικές συστάσεις' })
  })

  it('finds prototype keys and excessive nesting in values that crossed IPC', () => {
    expect(findUnsafeStructure({ ok: [1, { fine: true }] })).toBeUndefined()
    expect(findUnsafeStructure(JSON.parse('{"x":{"__proto__":1}}'))).toMatch(/__proto__/)
    let deep: unknown = 1
    for (let level = 0; level < 300; level += 1) deep = [deep]
    expect(findUnsafeStructure(deep)).toMatch(/nested more than 200 levels/)
  })
})

describe('ids', () => {
  it('admit only names that cannot be paths', () => {
    expect(IdSchema.safeParse(ID).success).toBe(true)
    for (const bad of [
      '..',
      '../x',
      'a/b',
      'C:\\x',
      '',
      'short',
      'UPPER-CASE-ID',
      '-leading-dash',
      'a'.repeat(65),
      '__proto__',
    ]) {
      expect(IdSchema.safeParse(bad).success).toBe(false)
    }
  })
})

describe('projects and documents', () => {
  it('creates a valid project with Erasmus+ defaults', () => {
    const project = createProject({ title: ' HECSOs ', acronym: 'HECSOs' }, ID, NOW)
    expect(ProjectSchema.parse(project)).toEqual(project)
    expect(project).toMatchObject({
      title: 'HECSOs',
      programme: 'Erasmus+',
      languages: ['en'],
      createdAt: NOW,
      updatedAt: NOW,
    })
  })

  it('creates a plain document with an empty rich-text body', () => {
    const document = createDocument({ title: 'Studiu de caz', language: 'ro' }, ID, NOW)
    expect(DocumentSchema.parse(document)).toEqual(document)
    expect(document).toMatchObject({
      templateId: 'plain',
      templateVersion: 1,
      status: 'draft',
      language: 'ro',
    })
    expect(RichTextSchema.parse(document.fields.body)).toEqual(emptyRichText())
  })

  it('refuses field ids that could reach a prototype or a path', () => {
    const document = createDocument({ title: 'x' }, ID, NOW)
    for (const key of ['constructor', 'prototype', 'a.b', '../x', 'Body']) {
      const fields = JSON.parse(`{${JSON.stringify(key)}: 1}`)
      expect(DocumentSchema.safeParse({ ...document, fields }).success).toBe(false)
    }
    // zod never copies a "__proto__" key into its output; files with one are refused earlier, by parseUntrustedJson.
    const parsed = DocumentSchema.parse({ ...document, fields: JSON.parse('{"__proto__": {"polluted": 1}}') })
    expect(Object.keys(parsed.fields)).toEqual([])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('rich text', () => {
  it('tells rich text by its shape, without walking it', () => {
    expect(isRichText(richTextFromParagraphs(['One', 'Two']))).toBe(true)
    expect(isRichText(emptyRichText())).toBe(true)
    for (const other of [
      null,
      'text',
      ['lexical'],
      { format: 'lexical' },
      { format: 'lexical', root: null },
      { format: 'lexical', root: { type: 'root' } },
      { format: 'markdown', root: { type: 'root', children: [] } },
    ])
      expect(isRichText(other)).toBe(false)
  })

  it('keeps every script the partners write in, and counts their words', () => {
    const paragraphs = ['Κοινοτική συμμετοχή', 'Învățământ superior și societate civilă', 'Straße', 'España']
    const value = richTextFromParagraphs(paragraphs)
    expect(RichTextSchema.parse(value)).toEqual(value)
    expect(plainTextOf(value)).toBe(paragraphs.join('\n\n'))
    expect(countWords(plainTextOf(value))).toBe(9)
  })

  it('keeps nested lists, headings and table cells apart as separate lines', () => {
    const text = (value: string) => ({ type: 'text', version: 1, text: value })
    const node = (type: string, children: unknown[]) => ({ type, version: 1, children })
    const value = RichTextSchema.parse({
      format: 'lexical',
      schemaVersion: 1,
      root: node('root', [
        node('heading', [text('Key '), text('messages')]),
        node('list', [
          node('listitem', [text('one')]),
          node('listitem', [
            node('list', [node('listitem', [text('two')]), node('listitem', [text('three')])]),
          ]),
        ]),
        node('table', [
          node('tablerow', [
            node('tablecell', [node('paragraph', [text('four')])]),
            node('tablecell', [node('paragraph', [text('five')])]),
          ]),
        ]),
      ]),
    })
    expect(plainTextOf(value)).toBe('Key messages\n\none\n\ntwo\nthree\n\nfour\nfive')
    expect(countWords(plainTextOf(value))).toBe(7)
  })

  it('refuses trees nested deeper than the editor ever makes', () => {
    const value = emptyRichText()
    let node = value.root.children![0]!
    for (let level = 0; level < 40; level += 1) {
      const child = { type: 'paragraph', version: 1, children: [] }
      node.children = [child]
      node = child
    }
    expect(RichTextSchema.safeParse(value).success).toBe(false)
  })

  it('round-trips any text through plain paragraphs', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme' }).filter((text) => !text.includes('\n')),
          { minLength: 1, maxLength: 8 },
        ),
        (paragraphs) => {
          const value = richTextFromParagraphs(paragraphs)
          expect(RichTextSchema.safeParse(JSON.parse(JSON.stringify(value))).success).toBe(true)
          expect(plainTextOf(value)).toBe(paragraphs.join('\n\n'))
        },
      ),
      { numRuns: process.env.CI ? 1000 : 200 },
    )
  })
})
