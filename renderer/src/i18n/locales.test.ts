import { describe, expect, it } from 'vitest'
import { PARTNER_LANGUAGES, type PartnerLanguage } from '../../../core/model/languages'
import { translations } from './translations'

type Tree = { [key: string]: string | Tree }

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/

const LOCALES: Record<PartnerLanguage, Tree> = translations

function load(language: PartnerLanguage): Tree {
  return LOCALES[language]
}

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') entries.set(path, value)
    else for (const [inner, text] of flatten(value, path)) entries.set(inner, text)
  }
  return entries
}

/** Plural keys are compared by their base: each language has its own set of plural forms. */
function baseKeys(entries: Map<string, string>): string[] {
  return [...new Set([...entries.keys()].map((key) => key.replace(PLURAL_SUFFIX, '')))].sort()
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '').sort()
}

const english = flatten(load('en'))

describe.each(PARTNER_LANGUAGES)('the %s locale', (language) => {
  const entries = flatten(load(language))

  it('has exactly the keys of English', () => {
    expect(baseKeys(entries)).toEqual(baseKeys(english))
  })

  it('has no empty values', () => {
    const empty = [...entries].filter(([, text]) => text.trim() === '').map(([key]) => key)
    expect(empty).toEqual([])
  })

  it('has exactly the plural forms the language uses', () => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories.slice().sort()
    const pluralBases = new Set(
      [...english.keys()]
        .filter((key) => PLURAL_SUFFIX.test(key))
        .map((key) => key.replace(PLURAL_SUFFIX, '')),
    )
    for (const base of pluralBases) {
      const forms = [...entries.keys()].filter(
        (key) => key.replace(PLURAL_SUFFIX, '') === base && PLURAL_SUFFIX.test(key),
      )
      expect(forms.map((key) => PLURAL_SUFFIX.exec(key)?.[1]).sort(), base).toEqual(categories)
    }
  })

  it('keeps the placeholders of English', () => {
    for (const [key, text] of entries) {
      const reference = english.get(key) ?? english.get(key.replace(PLURAL_SUFFIX, '_other'))
      expect(placeholders(text), key).toEqual(placeholders(reference ?? ''))
    }
  })
})

describe('the Romanian locale', () => {
  it('writes ș and ț with the comma below, never the Turkish cedilla forms', () => {
    const text = JSON.stringify(load('ro'))
    expect(text).not.toMatch(/[ŞşŢţ]/)
    expect(text).toMatch(/[șț]/)
  })
})
