import type * as HarfBuzzModule from 'harfbuzzjs'

/**
 * Word shaping by HarfBuzz (harfbuzzjs, WebAssembly) for pdfkit's embedded fonts. pdfkit shapes each new word
 * with fontkit, which decodes the font's substitution and positioning tables in JavaScript as it goes: ≈ 1.8 s of
 * the first export of the reference deliverable went there (6,725 words; 280 µs a word, 70 µs once the tables were
 * read). HarfBuzz, the shaper browsers and LibreOffice use, gives the same glyphs and positions for our fonts in a
 * fraction of that; pdf-speedups.ts puts it in place of fontkit for words set without font features, and its tests
 * lay documents out both ways and require the same bytes. Where the two differ, HarfBuzz is right: a letter typed
 * with a combining mark (s and U+0326, as some keyboards and Word give "ș") is drawn as the font's composed letter,
 * where fontkit drew the letter and a missing-glyph box.
 */

/** What pdfkit reads from a shaped glyph: its id, its advance in font units, and the text it stands for. */
export interface ShapedGlyph {
  id: number
  advanceWidth: number
  codePoints: number[]
}

/** A glyph's placement in thousandths of the font size (pdfkit's scale), as pdfkit's layoutRun leaves it. */
export interface ShapedPosition {
  xAdvance: number
  yAdvance: number
  xOffset: number
  yOffset: number
  advanceWidth: number
}

/** The plain-data counterpart of the fontkit GlyphRun pdfkit keeps per word: all pdfkit reads from one. */
export interface ShapedRun {
  glyphs: ShapedGlyph[]
  positions: ShapedPosition[]
  advanceWidth: number
}

/** The parts of a fontkit font that identify the font file it was read from. */
export interface FontkitFace {
  postscriptName: string
  stream: { buffer: Uint8Array }
  head: { checkSumAdjustment: number }
}

export interface Shaper {
  /**
   * Shapes `text` with the font's default features; `scale` turns font units into pdfkit's thousandths. Undefined
   * for right-to-left text, which none of the partnership's languages has: left to fontkit.
   */
  shape(face: FontkitFace, text: string, scale: number): ShapedRun | undefined
}

type HarfBuzz = typeof HarfBuzzModule

let loading: Promise<Shaper> | undefined

/** HarfBuzz for this thread: its WebAssembly is compiled once, on first use. */
export function loadShaper(): Promise<Shaper> {
  loading ??= import('harfbuzzjs').then(createShaper)
  return loading
}

function createShaper(hb: HarfBuzz): Shaper {
  interface Known {
    font: InstanceType<HarfBuzz['Font']>
    /** Each glyph's advance, asked of HarfBuzz once. */
    advances: Map<number, number>
  }
  const byFile = new Map<string, Known>()
  const byFace = new WeakMap<FontkitFace, Known>()
  const buffer = new hb.Buffer()

  // pdfkit opens the font files again for every document; the file's name, size and checksum find its HarfBuzz
  // font, whose tables are then read once per thread.
  const knownOf = (face: FontkitFace): Known => {
    let known = byFace.get(face)
    if (known) return known
    const bytes = face.stream.buffer
    const key = `${face.postscriptName}/${bytes.byteLength}/${face.head.checkSumAdjustment}`
    known = byFile.get(key)
    if (!known) {
      known = { font: new hb.Font(new hb.Face(new hb.Blob(bytes))), advances: new Map() }
      byFile.set(key, known)
    }
    byFace.set(face, known)
    return known
  }

  /**
   * The text a glyph stands for: its cluster's, composed (NFC), as a letter and its combining mark drawn as one
   * glyph is one letter to a reader — a search for "ș" finds it whether it was typed as one character or as s
   * and a comma below. A lone character below U+0300 is composed already.
   */
  const codePointsOf = (text: string, from: number, to: number): number[] => {
    if (to === from + 1) {
      const code = text.charCodeAt(from)
      if (code < 0x300) return [code]
    }
    return Array.from(text.slice(from, to).normalize('NFC'), (character) => character.codePointAt(0)!)
  }

  return {
    shape(face, text, scale) {
      const { font, advances } = knownOf(face)
      buffer.reset()
      // One cluster per character, as fontkit numbers them: a mark keeps its own code point, so the text a reader
      // extracts is the text written (with graphemes, a base letter would stand for its marks too).
      buffer.setClusterLevel(hb.ClusterLevel.MONOTONE_CHARACTERS)
      buffer.addText(text)
      buffer.guessSegmentProperties()
      hb.shape(font, buffer)
      const infos = buffer.getGlyphInfos()
      const placements = buffer.getGlyphPositions()
      const glyphs: ShapedGlyph[] = []
      const positions: ShapedPosition[] = []
      let advanceWidth = 0
      for (let index = 0; index < infos.length; index++) {
        const { codepoint: id, cluster } = infos[index]!
        if (index > 0 && cluster < infos[index - 1]!.cluster) return undefined
        // A cluster's text (UTF-16 offsets, as addText counts) goes to its first glyph: a ligature stands for all
        // of its letters, a letter HarfBuzz composed with its mark for both, and the other glyphs of a letter drawn
        // in several stand for nothing.
        let codePoints: number[] = []
        if (index === 0 || infos[index - 1]!.cluster !== cluster) {
          let end = text.length
          for (let next = index + 1; next < infos.length; next++) {
            const nextCluster = infos[next]!.cluster
            if (nextCluster !== cluster) {
              end = nextCluster
              break
            }
          }
          codePoints = codePointsOf(text, cluster, end)
        }
        let advance = advances.get(id)
        if (advance === undefined) {
          advance = font.glyphHAdvance(id)
          advances.set(id, advance)
        }
        glyphs.push({ id, advanceWidth: advance, codePoints })
        const placement = placements[index]!
        const xAdvance = placement.xAdvance * scale
        positions.push({
          xAdvance,
          yAdvance: placement.yAdvance * scale,
          xOffset: placement.xOffset * scale,
          yOffset: placement.yOffset * scale,
          advanceWidth: advance * scale,
        })
        advanceWidth += xAdvance
      }
      return { glyphs, positions, advanceWidth }
    },
  }
}
