import { describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, isAppUrl } from './app-origin'

describe('isAppUrl', () => {
  it('accepts the app origin', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true)
    expect(isAppUrl('app://hecsos/')).toBe(true)
    expect(isAppUrl('app://hecsos/index.html#/projects/1')).toBe(true)
  })

  it.each([
    'app://evil/index.html',
    'app://hecsos.evil.example/',
    'https://hecsos/',
    'file:///index.html',
    'http://localhost:5173/',
    'about:blank',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('refuses %s outside development', (url) => {
    expect(isAppUrl(url)).toBe(false)
  })

  it('accepts the dev server origin only in development, and only that origin', () => {
    const dev = 'http://localhost:5173/'
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false)
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false)
    expect(isAppUrl('data:text/html,hi', 'data:text/html,hi')).toBe(false)
  })
})
