/**
 * Text folded for matching: lower case and without accents or diacritics, so that "sansa" finds "șansa",
 * "παρατηρηση" finds "Παρατήρηση" and "Ubung" finds "Übung" — authors often type without them. `origin[i]` is
 * where the i-th folded code unit came from in the original, so a match can be shown on the text as written.
 */
export interface FoldedText {
  text: string
  origin: number[]
}

const COMBINING_MARK = /\p{M}/gu

export function foldChar(char: string): string {
  return char.normalize('NFD').replace(COMBINING_MARK, '').toLowerCase()
}

export function fold(original: string): FoldedText {
  let text = ''
  const origin: number[] = []
  let index = 0
  for (const char of original) {
    const folded = foldChar(char)
    text += folded
    for (let unit = 0; unit < folded.length; unit += 1) origin.push(index)
    index += char.length
  }
  return { text, origin }
}

/** The query as it is matched: folded, with runs of white space made single. */
export function foldQuery(query: string): string {
  return fold(query.trim().replace(/\s+/g, ' ')).text
}
