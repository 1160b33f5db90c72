import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  configureSpellcheck,
  installBundledDictionaries,
  setSpellcheckLanguages,
  type SpellcheckSession,
} from './spellcheck'

function fakeSession(available: string[]) {
  return {
    availableSpellCheckerLanguages: available,
    setSpellCheckerLanguages: vi.fn(),
    setSpellCheckerDictionaryDownloadURL: vi.fn(),
  } satisfies SpellcheckSession
}

// Chromium's list on Linux and Windows (Hunspell), abridged.
const HUNSPELL = ['de-DE', 'el', 'en-GB', 'en-US', 'es-ES', 'fr-FR', 'it-IT', 'ro']

describe('spellcheck', () => {
  it('points the dictionary download at the bundled folder on Windows and Linux, never at the CDN', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const session = fakeSession(HUNSPELL)
      configureSpellcheck(session, { platform, dictionariesDir: '/opt/HECSOs Studio/resources/dictionaries' })
      expect(session.setSpellCheckerDictionaryDownloadURL).toHaveBeenCalledWith(
        'file:///opt/HECSOs%20Studio/resources/dictionaries/',
      )
    }
  })

  it('leaves macOS to its own spellchecker', () => {
    const session = fakeSession([])
    configureSpellcheck(session, { platform: 'darwin', dictionariesDir: '/Applications/x' })
    expect(session.setSpellCheckerDictionaryDownloadURL).not.toHaveBeenCalled()
    expect(setSpellcheckLanguages(session, 'darwin', ['el'])).toBe(true)
    expect(session.setSpellCheckerLanguages).not.toHaveBeenCalled()
  })

  it('checks each of the six languages with its dictionary', () => {
    const session = fakeSession(HUNSPELL)
    for (const [language, locale] of [
      ['en', 'en-GB'],
      ['de', 'de-DE'],
      ['el', 'el'],
      ['it', 'it-IT'],
      ['ro', 'ro'],
      ['es', 'es-ES'],
    ] as const) {
      expect(setSpellcheckLanguages(session, 'linux', [language])).toBe(true)
      expect(session.setSpellCheckerLanguages).toHaveBeenLastCalledWith([locale])
    }
  })

  it('ignores languages that are not the six and says when a dictionary is missing', () => {
    const session = fakeSession(['en-US'])
    expect(setSpellcheckLanguages(session, 'win32', ['en', 'ro'])).toBe(false)
    expect(session.setSpellCheckerLanguages).toHaveBeenLastCalledWith(['en-US'])
    expect(setSpellcheckLanguages(session, 'win32', ['fr', '__proto__'])).toBe(false)
    expect(session.setSpellCheckerLanguages).toHaveBeenLastCalledWith([])
  })
})

describe('installing the bundled dictionaries', () => {
  let folder: string
  let bundled: string
  let profile: string
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hecsos-dictionaries-'))
    bundled = join(folder, 'resources', 'dictionaries')
    profile = join(folder, 'userData', 'Dictionaries')
    await mkdir(bundled, { recursive: true })
    await writeFile(join(bundled, 'el-GR-3-0.bdic'), 'Greek words')
    await writeFile(join(bundled, 'en-GB-10-1.bdic'), 'English words')
    await writeFile(join(bundled, 'README.md'), 'not a dictionary')
  })
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it("copies each dictionary into the profile's Dictionaries folder, and nothing else", async () => {
    expect((await installBundledDictionaries(bundled, profile)).sort()).toEqual([
      'el-GR-3-0.bdic',
      'en-GB-10-1.bdic',
    ])
    expect((await readdir(profile)).sort()).toEqual(['el-GR-3-0.bdic', 'en-GB-10-1.bdic'])
    expect(await readFile(join(profile, 'el-GR-3-0.bdic'), 'utf8')).toBe('Greek words')
  })

  it('leaves a dictionary already there alone, and replaces one cut short', async () => {
    await installBundledDictionaries(bundled, profile)
    await writeFile(join(profile, 'el-GR-3-0.bdic'), 'Greek')
    expect(await installBundledDictionaries(bundled, profile)).toEqual(['el-GR-3-0.bdic'])
    expect(await readFile(join(profile, 'el-GR-3-0.bdic'), 'utf8')).toBe('Greek words')
    expect(await installBundledDictionaries(bundled, profile)).toEqual([])
    expect((await readdir(profile)).sort()).toEqual(['el-GR-3-0.bdic', 'en-GB-10-1.bdic'])
  })

  it('has nothing to do for an app built without dictionaries', async () => {
    expect(await installBundledDictionaries(join(folder, 'nowhere'), profile)).toEqual([])
    await expect(readdir(profile)).rejects.toThrow()
  })
})
