import { isPartnerLanguage, type PartnerLanguage } from '../../../core/model/languages'

export const LANGUAGE_STORAGE_KEY = 'hecsos.interfaceLanguage'

/**
 * The interface language at startup: the user's earlier choice, else the first preferred system language we
 * translate into (matching on the primary subtag, so de-AT gives German), else English.
 */
export function pickInterfaceLanguage(stored: string | null, preferred: readonly string[]): PartnerLanguage {
  if (stored && isPartnerLanguage(stored)) return stored
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0] ?? ''
    if (isPartnerLanguage(primary)) return primary
  }
  return 'en'
}

/** A language's own name in its own language ("Ελληνικά", "Română"), as a language menu should list it. */
export function endonym(code: string): string {
  const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1)
}

/** A language's name in the interface language, e.g. for the list of EU languages a document may use. */
export function languageName(code: string, interfaceLanguage: string): string {
  const name = new Intl.DisplayNames([interfaceLanguage], { type: 'language' }).of(code) ?? code
  return name.charAt(0).toLocaleUpperCase(interfaceLanguage) + name.slice(1)
}
