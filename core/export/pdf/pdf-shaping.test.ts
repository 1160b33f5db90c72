import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { create as openFont, type Font } from 'fontkit'
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { has, normalise, run } from '../reader-support'
import { PDF_FONT } from './pdf-definition'
import { FONT_FILES, renderDefinition } from './pdf-render'
import { loadShaper, type FontkitFace } from './pdf-shaping'
import { withoutSpeedups } from './pdf-speedups'

/**
 * HarfBuzz shapes the words in place of fontkit (pdf-shaping.ts). It must shape them as fontkit does — the same
 * glyphs, advances and text behind each glyph, so the same PDF — and where fontkit falls short (a letter typed with
 * a combining mark), draw the font's composed letter, which a reader extracts as the text written.
 */

/** Text in composed form: ligatures, kerning, every partner language, punctuation and symbols. */
const COMPOSED = [
  'office affluent fjord ffi fl Te Wa AV To LT Yo',
  'Atelierul de politici publice: școală, țară, ȘTIINȚĂ; Ţara şi Şcoala',
  'Η συμμετοχή της κοινότητας· ΐ ΰ ά έ ή ί ό ύ ώ — «Ελλάδα»',
  'Straße, Größe, Übung, Äpfel; ¿Qué tal? ¡Señor! Cañón; perché, città, più',
  '„Zitat“ “quoted” ‘single’ 1/2 ½ 10–20 € 3 % № 1 … © ®',
]

/** Letters typed as a base letter and a combining mark: the comma below, acute, grave, tilde, Greek tonos. */
const DECOMPOSED =
  'S\u0326tiint\u0326a\u0306 s\u0326i t\u0326ara\u0306 e\u0301 a\u0300 n\u0303 \u03b1\u0301 \u03b9\u0308\u0301'

const FACES = [{}, { bold: true }, { italics: true }, { bold: true, italics: true }]

const fonts = FONT_FILES.map((file) => ({ file, font: openFont(readFileSync(file)) as Font }))
const face = (font: Font) => font as unknown as FontkitFace

function specimen(samples: readonly string[]): TDocumentDefinitions {
  const content: Content[] = []
  for (const style of FACES)
    for (const sample of samples) content.push({ text: sample, fontSize: 11, ...style })
  return {
    info: { creationDate: new Date('2026-03-01T09:00:00Z') },
    defaultStyle: { font: PDF_FONT },
    content,
  }
}

const hasPoppler = has('pdftotext')
let folder = ''
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hecsos-shaping-'))
})
afterAll(() => rm(folder, { recursive: true, force: true }))

async function textOf(bytes: Uint8Array, name: string): Promise<string> {
  const file = join(folder, `${name}.pdf`)
  await writeFile(file, bytes)
  return run('pdftotext', ['-layout', file, '-'])
}

describe('HarfBuzz shaping', () => {
  it('shapes composed text as fontkit does, glyph by glyph, in all four faces', async () => {
    const shaper = await loadShaper()
    for (const { file, font } of fonts) {
      const scale = 1000 / font.unitsPerEm
      for (const word of COMPOSED.join(' ').split(' ')) {
        const expected = font.layout(word)
        const shaped = shaper.shape(face(font), word, scale)
        expect({ file, word, glyphs: shaped?.glyphs }).toEqual({
          file,
          word,
          glyphs: expected.glyphs.map(({ id, advanceWidth, codePoints }) => ({
            id,
            advanceWidth,
            codePoints,
          })),
        })
        expect({ word, positions: shaped?.positions }).toEqual({
          word,
          positions: expected.positions.map((position, index) => ({
            xAdvance: position.xAdvance * scale,
            yAdvance: position.yAdvance * scale,
            xOffset: position.xOffset * scale,
            yOffset: position.yOffset * scale,
            advanceWidth: expected.glyphs[index]!.advanceWidth * scale,
          })),
        })
      }
    }
  })

  it('draws a letter typed with a combining mark as the font composes it, standing for the composed letter', async () => {
    const shaper = await loadShaper()
    for (const { font } of fonts) {
      const composed = DECOMPOSED.normalize('NFC')
      for (const [index, word] of DECOMPOSED.split(' ').entries()) {
        const shaped = shaper.shape(face(font), word, 1)!
        const asComposed = shaper.shape(face(font), composed.split(' ')[index]!, 1)!
        expect(shaped.glyphs.map((glyph) => glyph.id)).not.toContain(0)
        expect(shaped.glyphs).toEqual(asComposed.glyphs)
        expect(shaped.positions).toEqual(asComposed.positions)
      }
    }
  })

  it('leaves right-to-left text to fontkit', async () => {
    const shaper = await loadShaper()
    expect(shaper.shape(face(fonts[0]!.font), 'سلام', 1)).toBeUndefined()
    expect(shaper.shape(face(fonts[0]!.font), 'עברית', 1)).toBeUndefined()
  })

  it.skipIf(!hasPoppler)('prints composed text as fontkit would, and a reader reads it back', async () => {
    const byHarfBuzz = await renderDefinition(specimen(COMPOSED))
    const byFontkit = await withoutSpeedups(() => renderDefinition(specimen(COMPOSED)))
    const read = await textOf(byHarfBuzz.bytes, 'composed')
    expect(read).toBe(await textOf(byFontkit.bytes, 'composed-fontkit'))
    for (const sample of COMPOSED) expect(normalise(read)).toContain(sample)
  })

  it.skipIf(!hasPoppler)('prints decomposed letters so that a reader reads the composed ones', async () => {
    const { bytes } = await renderDefinition(specimen([DECOMPOSED, 'سلام']))
    const read = normalise(await textOf(bytes, 'decomposed'))
    expect(read).toContain(DECOMPOSED.normalize('NFC'))
  })
})
