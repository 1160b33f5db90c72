import { describe, expect, it } from 'vitest'
import { endonym, languageName, pickInterfaceLanguage } from './languages'

describe('pickInterfaceLanguage', () => {
  it('keeps the choice the user made', () => {
    expect(pickInterfaceLanguage('el', ['de-AT'])).toBe('el')
  })

  it('otherwise follows the system, matching regional variants', () => {
    expect(pickInterfaceLanguage(null, ['de-AT', 'en'])).toBe('de')
    expect(pickInterfaceLanguage(null, ['fr-FR', 'ro-RO'])).toBe('ro')
  })

  it('ignores a stored value it does not know and falls back to English', () => {
    expect(pickInterfaceLanguage('xx', ['fr', 'pt-BR'])).toBe('en')
  })
})

describe('language names', () => {
  it('names each language in itself, capitalised as a menu item', () => {
    expect(endonym('el')).toBe('Ελληνικά')
    expect(endonym('ro')).toBe('Română')
  })

  it('names document languages in the interface language', () => {
    expect(languageName('de', 'it')).toBe('Tedesco')
  })
})
