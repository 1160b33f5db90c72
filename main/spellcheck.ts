import { pathToFileURL } from 'node:url'
import type { Session } from 'electron'
import { isPartnerLanguage, type PartnerLanguage } from '../core/model/languages'

/**
 * Chromium's names for the Hunspell dictionaries of each language the partners write in, preferred first. Which
 * exist depends on the platform (`availableSpellCheckerLanguages`); the first one available is used.
 */
export const SPELLCHECK_LOCALES: Readonly<Record<PartnerLanguage, readonly string[]>> = {
  en: ['en-GB', 'en-US', 'en'],
  de: ['de-DE', 'de'],
  el: ['el', 'el-GR'],
  it: ['it-IT', 'it'],
  ro: ['ro', 'ro-RO'],
  es: ['es-ES', 'es'],
}

export type SpellcheckSession = Pick<
  Session,
  'setSpellCheckerLanguages' | 'setSpellCheckerDictionaryDownloadURL' | 'availableSpellCheckerLanguages'
>

export interface SpellcheckOptions {
  platform: NodeJS.Platform
  /** The folder of bundled `.bdic` dictionaries (`resources/dictionaries` in the installed app). */
  dictionariesDir: string
}

/**
 * On Windows and Linux Chromium fetches Hunspell dictionaries from Google's CDN the first time a language is
 * used: a request leaving the machine, which the app never makes. The downloader is pointed at a local folder
 * instead, so only dictionaries shipped with the app are used; where none is shipped the language is simply not
 * checked. macOS uses the system's own spellchecker, which needs no download (and ignores the URL).
 */
export function configureSpellcheck(session: SpellcheckSession, options: SpellcheckOptions): void {
  if (options.platform === 'darwin') return
  const folder = pathToFileURL(options.dictionariesDir).href
  // Chromium appends the file name to this base, so it must end with a slash.
  session.setSpellCheckerDictionaryDownloadURL(folder.endsWith('/') ? folder : `${folder}/`)
}

/**
 * Sets the languages the spellchecker checks, from the open document's language. Input comes from the renderer,
 * so it is checked again here; an empty list (a language none of the six) leaves nothing to check against.
 * Returns whether every asked-for language has a dictionary on this platform.
 */
export function setSpellcheckLanguages(
  session: SpellcheckSession,
  platform: NodeJS.Platform,
  languages: readonly string[],
): boolean {
  const wanted = languages.filter(isPartnerLanguage)
  // macOS picks the language itself from the text; the list there is only a hint it does not accept.
  if (platform === 'darwin') return wanted.length === languages.length
  const available = new Set(session.availableSpellCheckerLanguages)
  const chosen = wanted.flatMap((language) => {
    const locale = SPELLCHECK_LOCALES[language].find((candidate) => available.has(candidate))
    return locale ? [locale] : []
  })
  session.setSpellCheckerLanguages(chosen)
  return chosen.length === languages.length
}
