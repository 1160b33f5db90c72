import { describe, expect, it, vi } from 'vitest'
import { configureSpellcheck, setSpellcheckLanguages, type SpellcheckSession } from './spellcheck'

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
