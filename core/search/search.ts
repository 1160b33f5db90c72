import { plainTextOf, type HecsosDocument, type RichText } from '../model'
import type { GroupItem, ImageValue, SourceValue, TableValue } from '../templates/field-values'
import { localise } from '../templates/localise'
import type { Template, TemplateField, Vocabulary } from '../templates/template-schema'
import { topLevelFields } from '../templates/template-walk'
import { fold, foldQuery } from './fold'

/** Queries shorter than this would match nearly everything in a 70k-word project. */
export const MIN_QUERY_LENGTH = 2
export const DEFAULT_HIT_LIMIT = 200
/** Characters of context shown on either side of a match. */
const CONTEXT = 48

export interface SearchSource {
  document: Pick<HecsosDocument, 'id' | 'title' | 'fields'>
  /** Its template; absent for free-text documents and for those whose template is not installed. */
  template?: Template
}

export interface SearchOptions {
  /** The interface language: field labels are matched as the user reads them. */
  language: string
  vocabularies?: ReadonlyMap<string, Vocabulary>
  limit?: number
}

/** Where a match is: in the document's title, in a field's label, or in what was written in a field. */
export type HitKind = 'title' | 'label' | 'text'

export interface SearchHit {
  documentId: string
  documentTitle: string
  kind: HitKind
  /** The field path (see renderer/src/workspace/field-anchors.ts); absent for a match in the title. */
  fieldPath?: string
  /** The label of the top-level field the match is in, in the interface language. */
  fieldLabel?: string
  /** The text around the match, as written, with `…` where it was cut. */
  snippet: string
  /** Where the match is in the snippet, in UTF-16 code units. */
  match: { start: number; end: number }
  /** Which occurrence of the query in that field this is, counting from 0: the renderer highlights this one. */
  occurrence: number
}

export interface SearchResults {
  query: string
  hits: SearchHit[]
  /** More matched than the limit: the user should narrow the query. */
  truncated: boolean
}

interface Searchable {
  fieldPath: string
  fieldLabel: string
  text: string
}

/**
 * Finds the query in every document given: titles, the labels of their templates' fields, and everything written
 * in them (text, rich text, list items, group members, table cells, image captions, sources, chosen options).
 * Matching ignores case and diacritics. Pure: the caller reads the documents and templates.
 */
export function searchDocuments(
  query: string,
  sources: readonly SearchSource[],
  options: SearchOptions,
): SearchResults {
  const needle = foldQuery(query)
  const limit = options.limit ?? DEFAULT_HIT_LIMIT
  const hits: SearchHit[] = []
  if (needle.length < MIN_QUERY_LENGTH) return { query, hits, truncated: false }

  const collect = (base: Omit<SearchHit, 'snippet' | 'match' | 'occurrence'>, text: string): boolean => {
    const folded = fold(text)
    let from = 0
    let occurrence = 0
    for (;;) {
      const at = folded.text.indexOf(needle, from)
      if (at < 0) return true
      if (hits.length === limit) return false
      const start = folded.origin[at] ?? 0
      const last = folded.origin[at + needle.length - 1] ?? start
      const end = last + (text.codePointAt(last)! > 0xffff ? 2 : 1)
      hits.push({ ...base, ...snippetAround(text, start, end), occurrence })
      occurrence += 1
      from = at + needle.length
    }
  }

  for (const { document, template } of sources) {
    const identity = { documentId: document.id, documentTitle: document.title }
    if (!collect({ ...identity, kind: 'title' }, document.title)) return { query, hits, truncated: true }
    if (template) {
      for (const { field } of topLevelFields(template)) {
        const label = localise(field.label, options.language).text
        const where = { ...identity, fieldPath: field.id, fieldLabel: label }
        if (!collect({ ...where, kind: 'label' }, label)) return { query, hits, truncated: true }
      }
    }
    for (const { fieldPath, fieldLabel, text } of searchableTexts(document, template, options)) {
      if (!collect({ ...identity, kind: 'text', fieldPath, fieldLabel }, text))
        return { query, hits, truncated: true }
    }
  }
  return { query, hits, truncated: false }
}

function snippetAround(text: string, start: number, end: number): Pick<SearchHit, 'snippet' | 'match'> {
  let from = Math.max(0, start - CONTEXT)
  let to = Math.min(text.length, end + CONTEXT)
  // Cut at white space where there is some, so the snippet does not start or end mid-word.
  if (from > 0) {
    const space = text.indexOf(' ', from)
    if (space >= 0 && space < start) from = space + 1
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to)
    if (space >= end) to = space
  }
  const before = from > 0 ? '…' : ''
  const body = text.slice(from, to).replace(/\s/g, ' ')
  return {
    snippet: `${before}${body}${to < text.length ? '…' : ''}`,
    match: { start: before.length + start - from, end: before.length + end - from },
  }
}

function searchableTexts(
  document: SearchSource['document'],
  template: Template | undefined,
  options: SearchOptions,
): Searchable[] {
  const out: Searchable[] = []
  if (!template) {
    // A free-text document, or one whose template is missing: its rich-text values are still worth finding.
    for (const [id, value] of Object.entries(document.fields)) {
      const text = textOfUnknown(value)
      if (text) out.push({ fieldPath: id, fieldLabel: '', text })
    }
    return out
  }
  for (const { field } of topLevelFields(template)) {
    const label = localise(field.label, options.language).text
    collectField(field, document.fields[field.id], field.id, label, options, out)
  }
  return out
}

function collectField(
  field: TemplateField,
  value: unknown,
  path: string,
  label: string,
  options: SearchOptions,
  out: Searchable[],
): void {
  if (value === undefined || value === null) return
  const push = (text: string, at = path) => {
    if (text.trim() !== '') out.push({ fieldPath: at, fieldLabel: label, text })
  }
  switch (field.type) {
    case 'text':
    case 'date':
      if (typeof value === 'string') push(value)
      return
    case 'number':
      if (typeof value === 'number') push(String(value))
      return
    case 'richText':
      push(richText(value))
      return
    case 'list':
      if (Array.isArray(value)) push(value.filter((item) => typeof item === 'string').join('\n'))
      return
    case 'choice':
      push(choiceLabels(field, value, options).join('\n'))
      return
    case 'group':
      if (!Array.isArray(value)) return
      for (const item of value as GroupItem[]) {
        if (typeof item?.id !== 'string' || typeof item.values !== 'object' || item.values === null) continue
        for (const member of field.fields) {
          collectField(member, item.values[member.id], `${path}/${item.id}/${member.id}`, label, options, out)
        }
      }
      return
    case 'table': {
      const rows = (value as Partial<TableValue>).rows
      if (!Array.isArray(rows)) return
      for (const row of rows) {
        for (const column of field.columns) {
          const cell = row.cells?.[column.id]
          const text =
            typeof cell === 'string' ? cell : typeof cell === 'number' ? String(cell) : richText(cell)
          push(text, `${path}/${row.id}/${column.id}`)
        }
      }
      return
    }
    case 'matrix':
      if (typeof value === 'object')
        push(
          Object.values(value as Record<string, Record<string, unknown>>)
            .flatMap((row) => Object.values(row ?? {}))
            .filter((text): text is string => typeof text === 'string')
            .join('\n'),
        )
      return
    case 'image': {
      const image = value as Partial<ImageValue>
      push([image.caption, image.alt, image.credit].filter(Boolean).join('\n'))
      return
    }
    case 'sources':
      if (!Array.isArray(value)) return
      push(
        (value as Partial<SourceValue>[])
          .map((source) => [source.author, source.title, source.publisher].filter(Boolean).join(', '))
          .join('\n'),
      )
      return
    case 'reference':
      // A reference holds ids; what it points to is found in its own document.
      return
  }
}

function richText(value: unknown): string {
  if (typeof value !== 'object' || value === null || !('root' in value)) return ''
  return plainTextOf(value as RichText)
}

function textOfUnknown(value: unknown): string {
  if (typeof value === 'string') return value
  return richText(value)
}

function choiceLabels(
  field: Extract<TemplateField, { type: 'choice' }>,
  value: unknown,
  options: SearchOptions,
): string[] {
  const chosen = (Array.isArray(value) ? value : [value]).filter((id): id is string => typeof id === 'string')
  const entries =
    field.options ?? (field.vocabulary ? options.vocabularies?.get(field.vocabulary)?.entries : [])
  return chosen.map((id) => {
    const entry = entries?.find((candidate) => candidate.id === id)
    return entry ? localise(entry.label, options.language).text : id
  })
}
