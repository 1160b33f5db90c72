import { isRichText, plainTextOf } from '../../../core/model/rich-text'
import { localise, type LocalisedResult } from '../../../core/templates/localise'
import type { ChoiceField, Vocabulary } from '../../../core/templates/template-schema'

/**
 * Stored field values in words: the label of a chosen entry, and a value kept from an older template. Pure,
 * so the rules (which language a label comes in, how a kept value reads) are tested without a browser.
 */

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
