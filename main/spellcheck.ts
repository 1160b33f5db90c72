import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
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
 * used that it has no file for: a request leaving the machine, which the app never makes. The shipped
 * dictionaries are put where Chromium finds them (installBundledDictionaries), and the downloader is pointed at
 * the shipped folder, so nothing is ever fetched; a language with no dictionary is simply not checked. macOS uses
 * the system's own spellchecker, which needs no download (and ignores the URL); so does Windows 10 and later
 * where the system has the language.
 */
export function configureSpellcheck(session: SpellcheckSession, options: SpellcheckOptions): void {
  if (options.platform === 'darwin') return
  const folder = pathToFileURL(options.dictionariesDir).href
  // Chromium appends the file name to this base, so it must end with a slash.
  session.setSpellCheckerDictionaryDownloadURL(folder.endsWith('/') ? folder : `${folder}/`)
}

/** Chromium's Hunspell dictionaries: a language and region, the format's version, `.bdic`. */
const DICTIONARY_FILE = /^[a-z]{2,3}(-[A-Za-z0-9]+)?-\d+-\d+\.bdic$/

/**
 * Puts the dictionaries shipped with the app (`from`, see build/fetch-dictionaries.ts) where Chromium looks before
 * it would download one: the profile's `Dictionaries` folder (`to`). A file already there with the same size is
 * left alone; one of another size (from an older release, or cut short) is replaced. Each copy is written beside
 * its place and renamed into it, so Chromium never reads half a dictionary. Returns the files copied. An app built
 * without dictionaries (from source, or packed where they could not be fetched) has none to copy.
 */
export async function installBundledDictionaries(from: string, to: string): Promise<string[]> {
  let names: string[]
  try {
    names = (await readdir(from)).filter((name) => DICTIONARY_FILE.test(name))
  } catch {
    return []
  }
  const copied: string[] = []
  for (const name of names) {
    const source = join(from, name)
    const target = join(to, name)
    const [bundled, installed] = await Promise.all([stat(source), stat(target).catch(() => undefined)])
    if (installed?.size === bundled.size) continue
    await mkdir(to, { recursive: true })
    const partial = `${target}.partial`
    try {
      await copyFile(source, partial)
      await rename(partial, target)
    } finally {
      await rm(partial, { force: true })
    }
    copied.push(name)
  }
  return copied
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
