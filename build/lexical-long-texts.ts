import type { Plugin } from 'vite'

/**
 * Lexical keeps the text of every element as one string, the root's being the whole text. When only the last
 * children of an element changed (a key typed at the end of a text, Enter there), Lexical 0.52 and 0.53 update
 * that string through a shortcut: the previous string sliced, the new end appended. The string left by the last
 * key is a concatenation, and slicing it makes V8 copy it whole: at the end of a 50,000-word text, about 1.2 MB per
 * key (141 MB allocated over the editor bench's 111 keys, sampled), and the major collections that follow held
 * keys up by 5–14 ms. Without the shortcut Lexical takes its general path, the one an edit anywhere else in the
 * text takes (it walks the element's children and joins their cached strings): 14 MB over the same keys.
 *
 * The renderer's built bundle turns the shortcut off (the dev server's pre-bundled copy of Lexical keeps it). The
 * build fails when Lexical's code no longer has it, so that an upgrade of Lexical is a reason to look at this again.
 */
export const LEXICAL_BUNDLES = /[\\/]node_modules[\\/]lexical[\\/]dist[\\/]Lexical\.(dev|prod)\.js$/

/** The shortcut's condition: the number of children changed by one at most, and there are enough of them. */
const SHORTCUT_CONDITION = /Math\.abs\((\w+)\)\s*<=\s*1\s*&&\s*(\w+)\s*>=\s*\w+\s*&&/g

/** Lexical's code with the suffix shortcut turned off, or an error saying why it could not be. */
export function withoutSuffixShortcut(code: string, file: string): string {
  const found = code.match(SHORTCUT_CONDITION)?.length ?? 0
  if (found !== 1)
    throw new Error(
      `${file}: Lexical's suffix shortcut was found ${found} times, not once; see build/lexical-long-texts.ts.`,
    )
  // No element has Infinity children: the condition is false, and the general path is taken.
  return code.replace(SHORTCUT_CONDITION, 'Math.abs($1) <= 1 && $2 >= Infinity &&')
}

export function lexicalLongTexts(): Plugin {
  return {
    name: 'hecsos:lexical-long-texts',
    transform(code, id) {
      if (!LEXICAL_BUNDLES.test(id)) return null
      return { code: withoutSuffixShortcut(code, id), map: null }
    },
  }
}
