import { plainTextOf, RichTextSchema, type RichText } from '../../../core/model/rich-text'
import { localise, type LocalisedResult } from '../../../core/templates/localise'
import type { ChoiceField, Vocabulary } from '../../../core/templates/template-schema'

/**
 * Turning stored field values into words for the read-only outline. Pure, so the rules (which language a
 * label comes in, how a date or a source reads) are tested without a browser.
 */

export function isRichText(value: unknown): value is RichText {
  return RichTextSchema.safeParse(value).success
}

/** A number in the document's language, with the field's unit in that language when it has one. */
export function formatNumber(value: number, language: string, unit?: string): string {
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value)
  return unit ? `${number} ${unit}` : number
}

/** A stored YYYY-MM-DD as the document's language writes a date; the text itself when it is not one. */
export function formatDate(iso: string, language: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!match) return iso
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date)
}

/**
 * The label of a chosen entry, from the field's own options or its vocabulary, in `language`. An entry the
 * vocabulary does not have (a newer file, a removed entry) is shown by its id rather than hidden.
 */
export function choiceLabel(
  field: ChoiceField,
  entryId: string,
  vocabularies: ReadonlyMap<string, Vocabulary>,
  language: string,
): LocalisedResult & { known: boolean } {
  const entries =
    field.options ?? (field.vocabulary ? vocabularies.get(field.vocabulary)?.entries : undefined)
  const entry = entries?.find((candidate) => candidate.id === entryId)
  if (!entry) return { text: entryId, language: 'en', fellBack: false, known: false }
  return { ...localise(entry.label, language), known: true }
}

/** The chosen entry ids of a choice value, single or multiple, ignoring anything that is not one. */
export function chosenIds(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value]
  if (Array.isArray(value)) return value.filter((id): id is string => typeof id === 'string' && id !== '')
  return []
}

export interface SourceLike {
  author: string
  title: string
  year: number | null
  publisher: string
  url: string
}

/** One reference-list line, "Author (Year). Title. Publisher.", leaving out what is not known. */
export function sourceText(source: SourceLike): { lead: string; title: string; tail: string } {
  const author = source.author.trim()
  const year = source.year === null ? '' : String(source.year)
  const lead = author && year ? `${author} (${year}).` : author ? `${author}.` : year ? `(${year}).` : ''
  const publisher = source.publisher.trim()
  return { lead, title: source.title.trim(), tail: publisher ? `${publisher}.` : '' }
}

/**
 * Any stored value as plain text, for values kept from an older template version whose field type is no
 * longer known: text as it is, rich text without its formatting, anything else as readable JSON.
 */
export function anyValueText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (isRichText(value)) return plainTextOf(value)
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join('\n')
  return JSON.stringify(value, null, 2)
}

/** Whether a value holds anything worth showing: a member of a group item, a cell, a kept value. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') return value.trim() === ''
  if (Array.isArray(value)) return value.length === 0
  if (isRichText(value)) return plainTextOf(value).trim() === ''
  if (typeof value === 'object') {
    const rows = (value as { rows?: unknown }).rows
    if (Array.isArray(rows)) return rows.length === 0
    return Object.keys(value).length === 0
  }
  return false
}
