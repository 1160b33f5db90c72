import { EU_LANGUAGES, PARTNER_LANGUAGES, type LanguageCode } from '../model'
import { formatPath, type PathSegment } from './problems'
import type { LocalisedText, Template, Vocabulary } from './template-schema'

export interface LocalisedResult {
  text: string
  /** The language `text` is in: the one asked for, or English. */
  language: string
  /** True when the asked-for language was missing and English was used: the UI says so ("guidance in English"). */
  fellBack: boolean
}

/** The text in `language`, or in English when there is none (a blank translation counts as none). */
export function localise(text: LocalisedText, language: string): LocalisedResult {
  const translated = Object.hasOwn(text, language)
    ? (text as Record<string, string | undefined>)[language]
    : undefined
  if (translated !== undefined && translated.trim() !== '')
    return { text: translated, language, fellBack: false }
  return { text: text.en, language: 'en', fellBack: language !== 'en' }
}

/** Keys whose text must be translated in the shipped catalogue; the others (guidance…) may fall back to English. */
const MUST_TRANSLATE: ReadonlySet<string> = new Set(['title', 'label', 'unit'])

export interface TranslationGap {
  /** JSON path of the localised text, e.g. `sections[0].fields[2].label`. */
  path: string
  missing: LanguageCode[]
  /** True for titles, labels and units (the catalogue translates them all); false for text that may fall back. */
  mustTranslate: boolean
}

function isLocalisedText(value: unknown): value is LocalisedText {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { en?: unknown }).en === 'string'
  )
}

/** Every localised text of a template or vocabulary that lacks one of `languages` (by default the partners'). */
export function translationGaps(
  source: Template | Vocabulary,
  languages: readonly LanguageCode[] = PARTNER_LANGUAGES,
): TranslationGap[] {
  const gaps: TranslationGap[] = []
  const visit = (value: unknown, path: PathSegment[]) => {
    if (isLocalisedText(value)) {
      const missing = languages.filter((language) => (value[language] ?? '').trim() === '')
      const key = path.findLast((segment): segment is string => typeof segment === 'string') ?? ''
      if (missing.length > 0)
        gaps.push({ path: formatPath(path), missing, mustTranslate: MUST_TRANSLATE.has(key) })
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]))
    } else if (value !== null && typeof value === 'object') {
      // A group's default values are the author's data, not interface text.
      for (const [key, child] of Object.entries(value)) if (key !== 'default') visit(child, [...path, key])
    }
  }
  visit(source, [])
  return gaps
}

/** The languages every title, label and unit of the template is available in (English always). */
export function languagesOf(source: Template | Vocabulary): LanguageCode[] {
  const gaps = translationGaps(source, EU_LANGUAGES).filter((gap) => gap.mustTranslate)
  const incomplete = new Set(gaps.flatMap((gap) => gap.missing))
  return EU_LANGUAGES.filter((language) => !incomplete.has(language)).sort((a, b) =>
    a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b),
  )
}
