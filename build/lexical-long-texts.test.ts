import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LEXICAL_BUNDLES, withoutSuffixShortcut } from './lexical-long-texts'

// The package's main file is in dist/, beside the two bundles.
const lexicalDist = dirname(createRequire(import.meta.url).resolve('lexical'))

describe("Lexical's suffix shortcut, turned off in the renderer's bundle", () => {
  it.each(['Lexical.dev.js', 'Lexical.prod.js'])('is found once in %s and turned off', (name) => {
    const file = join(lexicalDist, name)
    expect(LEXICAL_BUNDLES.test(file)).toBe(true)
    const code = readFileSync(file, 'utf8')
    const changed = withoutSuffixShortcut(code, file)
    expect(changed.match(/>= Infinity &&/g)).toHaveLength(1)
    // The condition is the one thing changed: what comes before and after it is the same.
    const at = code.search(/Math\.abs\(\w+\)\s*<=\s*1\s*&&/)
    expect(changed.slice(0, at)).toBe(code.slice(0, at))
    const after = (text: string) => text.slice(text.indexOf('&&', text.indexOf('>=', at)))
    expect(after(changed)).toBe(after(code))
  })

  it('stops the build when the shortcut is not where it was', () => {
    expect(() => withoutSuffixShortcut('export const nothing = 1', 'Lexical.prod.js')).toThrow(
      /found 0 times/,
    )
  })
})
