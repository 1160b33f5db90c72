import { describe, expect, it } from 'vitest'
import { findUnsafeStructure } from './json'

describe('findUnsafeStructure', () => {
  it('does not walk the bytes of a typed array: a 100 MB package crosses IPC in milliseconds', () => {
    const bytes = new Uint8Array(100 * 1024 * 1024)
    const started = performance.now()
    expect(findUnsafeStructure({ bytes, asCopy: true })).toBeUndefined()
    expect(performance.now() - started).toBeLessThan(200)
  })

  it('still finds forbidden keys next to bytes', () => {
    const payload = JSON.parse('{"bytes":null,"nested":{"__proto__":{}}}') as Record<string, unknown>
    payload.bytes = new Uint8Array(8)
    expect(findUnsafeStructure(payload)).toMatch(/__proto__/)
  })
})
