import { beforeAll, describe, expect, it } from 'vitest'
import { createDocument, richTextFromParagraphs, type HecsosDocument } from '../model'
import { loadExampleFixture, type ExampleFixture } from '../export/test-support'
import { fold } from './fold'
import { searchDocuments, type SearchHit, type SearchSource } from './search'

let fixture: ExampleFixture
let sources: SearchSource[]
beforeAll(async () => {
  fixture = await loadExampleFixture()
  sources = fixture.example.documents.map((document) => ({
    document,
    template: fixture.catalogue.templates.get(document.templateId),
  }))
})

const shown = (hit: SearchHit) => hit.snippet.slice(hit.match.start, hit.match.end)

function plain(title: string, ...paragraphs: string[]): HecsosDocument {
  const document = createDocument(
    { title, language: 'ro' },
    `doc-${title.length}-plain`,
    '2026-01-01T00:00:00Z',
  )
  return { ...document, fields: { body: richTextFromParagraphs(paragraphs) as never } }
}

describe('fold', () => {
  it('drops case and diacritics and remembers where each folded character came from', () => {
    const folded = fold('Șansă Übung Παρατήρηση')
    expect(folded.text).toBe('sansa ubung παρατηρηση')
    expect(folded.origin).toHaveLength(folded.text.length)
    expect(folded.origin[6]).toBe(6)
  })
})

describe('searchDocuments', () => {
  it('finds words written in a structured document, naming the document, the field path and its label', () => {
    const results = searchDocuments('schoolyard', sources, { language: 'en' })
    expect(results.truncated).toBe(false)
    const text = results.hits.filter((hit) => hit.kind === 'text')
    expect(text.length).toBeGreaterThan(0)
    for (const hit of text) {
      expect(shown(hit).toLowerCase()).toBe('schoolyard')
      expect(hit.fieldPath).toMatch(/^[a-z][a-zA-Z0-9_]*(\/[a-zA-Z0-9_-]+)*$/)
      expect(hit.fieldLabel).not.toBe('')
      expect(fixture.example.documents.some((document) => document.id === hit.documentId)).toBe(true)
    }
  })

  it('finds field labels in the interface language', () => {
    const english = searchDocuments('lessons learned', sources, { language: 'en' })
    const labels = english.hits.filter((hit) => hit.kind === 'label')
    expect(labels.length).toBeGreaterThan(0)
    expect(labels.every((hit) => hit.fieldLabel === hit.snippet)).toBe(true)
  })

  it('matches without diacritics and shows the match as written', () => {
    const document = plain(
      'Raport',
      'Școala și comunitatea au o șansă reală.',
      'A doua șansă vine mai târziu.',
    )
    const results = searchDocuments('sansa', [{ document }], { language: 'en' })
    expect(results.hits.map(shown)).toEqual(['șansă', 'șansă'])
    expect(results.hits.map((hit) => hit.occurrence)).toEqual([0, 1])
    expect(results.hits.every((hit) => hit.fieldPath === 'body' && hit.kind === 'text')).toBe(true)
  })

  it('cuts long text around the match at word boundaries', () => {
    const long = `${'cuvânt '.repeat(40)}needle ${'altceva '.repeat(40)}`
    const [hit] = searchDocuments('needle', [{ document: plain('Long', long) }], { language: 'en' }).hits
    expect(hit?.snippet.startsWith('…')).toBe(true)
    expect(hit?.snippet.endsWith('…')).toBe(true)
    expect(hit && shown(hit)).toBe('needle')
    expect(hit!.snippet.length).toBeLessThan(130)
  })

  it('matches titles, ignores queries too short to mean anything, and stops at the limit', () => {
    const document = plain('Needle in the title', 'needle needle needle')
    expect(searchDocuments('n', [{ document }], { language: 'en' }).hits).toEqual([])
    const title = searchDocuments('needle', [{ document }], { language: 'en' }).hits[0]
    expect(title).toMatchObject({ kind: 'title', documentTitle: 'Needle in the title' })
    expect(title?.fieldPath).toBeUndefined()
    const limited = searchDocuments('needle', [{ document }], { language: 'en', limit: 2 })
    expect(limited.hits).toHaveLength(2)
    expect(limited.truncated).toBe(true)
  })
})
