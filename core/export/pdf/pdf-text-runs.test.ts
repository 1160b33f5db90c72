import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'
import type { TDocumentDefinitions } from 'pdfmake/interfaces'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { has, run } from '../reader-support'
import { loadExampleFixture, type ExampleFixture } from '../test-support'
import { buildPdfDefinition, PDF_FONT } from './pdf-definition'
import { renderDefinition } from './pdf-render'
import { wordByWord } from './pdf-text-runs'

/**
 * Words drawn as one text object (pdf-text-runs.ts) must print what pdfmake prints drawing them one by one: the
 * same text for a reader, and the same pages for the eye. Not the same bytes: the content streams differ, which is
 * the point. Read by poppler, which shares no code with pdfmake.
 */

const hasPoppler = has('pdftotext', 'pdftoppm')
const NOW = new Date('2026-03-01T09:00:00Z')

/**
 * How far a page image may stray. poppler places a glyph at quarter-pixel steps (splash's glyph cache), and a
 * word's position here is its left neighbour's plus the glyph advances rather than its own coordinates: the same
 * number to the sixth decimal, which now and then falls on the other side of a step. Such a glyph moves by a
 * quarter pixel, which changes a pixel its edges cross by at most a quarter of black (64 of 255 at most, a little
 * more for rounding). A word out of place would change pixels by far more, and far more of them.
 */
const MAX_PIXEL_CHANGE = 70
/** Of a page's pixels, at most this share may change at all (the reference deliverable: 0.04 % on its worst page). */
const MAX_CHANGED_SHARE = 0.002

let fixture: ExampleFixture
let folder: string

beforeAll(async () => {
  fixture = await loadExampleFixture()
  folder = await mkdtemp(join(tmpdir(), 'hecsos-text-runs-'))
})

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

/** A definition of every kind of inline the patch joins or leaves alone, in every alignment. */
function mixedStyles(): TDocumentDefinitions {
  const sentence =
    'Residents stay involved from the first conversation to the evaluation, and take over as much of the ' +
    'practice as they wish when the project ends. '
  const styled = (alignment: 'left' | 'center' | 'right' | 'justify') => ({
    alignment,
    text: [
      sentence,
      { text: 'bold words in a row ', bold: true },
      { text: 'and italic ones, ', italics: true },
      { text: 'a coloured phrase, ', color: '#1f6f8b' },
      { text: 'a faded one, ', opacity: 0.5 },
      { text: 'a link', link: 'https://example.org/' },
      ', ',
      { text: 'an underlined phrase', decoration: 'underline' as const },
      ', x',
      { text: '2', sup: true },
      ' and H',
      { text: '2', sub: true },
      'O, ',
      { text: 'spaced letters', characterSpacing: 1.5 },
      ', ',
      { text: 'a highlighted one', background: '#ffee88' },
      ', a larger ',
      { text: 'word', fontSize: 14 },
      '. Η συν-δημιουργία με τους κατοίκους· șantierul și țesătura din Cluj-Napoca. ',
      sentence,
    ],
    margin: [0, 0, 0, 12] as [number, number, number, number],
  })
  return {
    info: { title: 'Text runs', creationDate: NOW },
    defaultStyle: { font: PDF_FONT, fontSize: 10 },
    content: [
      { text: 'A heading with a bookmark', fontSize: 16, bold: true, id: 'heading', outline: true },
      styled('left'),
      styled('justify'),
      styled('center'),
      styled('right'),
      { text: 'Back to the heading', linkToDestination: 'heading' },
    ],
  }
}

/** The operators of every content stream of a file, inflated. */
function operators(bytes: Uint8Array): string {
  const file = Buffer.from(bytes)
  const found: string[] = []
  for (let at = file.indexOf('stream\n'); at >= 0; at = file.indexOf('stream\n', at + 1)) {
    const end = file.indexOf('\nendstream', at)
    try {
      found.push(inflateSync(file.subarray(at + 7, end)).toString('latin1'))
    } catch {
      // A picture or a font file, not deflated text: not operators.
    }
  }
  return found.join('\n')
}

/** The grey levels of each page, rendered at 72 dpi. */
async function pagesOf(file: string): Promise<Array<{ width: number; height: number; pixels: Buffer }>> {
  const prefix = `${file}-page`
  execFileSync('pdftoppm', ['-r', '72', '-gray', file, prefix])
  const names = (await readdir(folder))
    .filter((name) => name.startsWith(`${prefix.split('/').at(-1)}-`))
    .sort()
  return Promise.all(
    names.map(async (name) => {
      const image = await readFile(join(folder, name))
      // Binary PGM: "P5", width, height, the maximum grey, each followed by one white-space byte, then the pixels.
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(image.subarray(0, 32).toString('latin1'))!
      return { width: Number(header[1]), height: Number(header[2]), pixels: image.subarray(header[0].length) }
    }),
  )
}

describe('a word unlike its neighbours', () => {
  it('is drawn with the very operators pdfkit writes for it', async () => {
    // Every word differs from the next in colour or weight: each is a run of its own, drawn by drawRun.
    const words =
      'Residents stay involved from the first conversation Η συνδημιουργία șantierul AVATAR'.split(' ')
    const definition = (): TDocumentDefinitions => ({
      info: { title: 'Words', creationDate: NOW },
      defaultStyle: { font: PDF_FONT, fontSize: 10 },
      content: [
        { text: 'Heading', fontSize: 16, bold: true, id: 'heading', outline: true },
        { text: 'Section', fontSize: 12, id: 'section', outline: true, outlineParentId: 'heading' },
        {
          text: ['See ', { text: 'Heading ', linkToDestination: 'heading' }, { text: 'above.', bold: true }],
        },
        {
          alignment: 'justify' as const,
          text: [...words, ...words].map((word, index) => ({
            text: `${word} `,
            color: index % 2 ? '#aa0000' : '#000000',
            bold: index % 3 === 0,
          })),
        },
        { text: 'AVATAR', alignment: 'center' },
      ],
    })
    const joined = (await renderDefinition(definition())).bytes
    const separate = (await wordByWord(() => renderDefinition(definition()))).bytes
    expect(Buffer.from(joined).equals(Buffer.from(separate))).toBe(true)
  })
})

describe.skipIf(!hasPoppler)('words drawn as one text object (skipped without poppler-utils)', () => {
  const cases: Array<[string, () => TDocumentDefinitions]> = [
    ['every kind of inline, in every alignment', mixedStyles],
    ['the Example deliverable', () => buildPdfDefinition(fixture.deliverable(), { now: NOW })],
    [
      'the Greek case study',
      () => buildPdfDefinition(fixture.printOf('case-open-schoolyards'), { now: NOW }),
    ],
    [
      'the Romanian workshop report',
      () => buildPdfDefinition(fixture.printOf('workshop-cluj'), { now: NOW }),
    ],
  ]

  it.each(cases)(
    '%s: the same text and the same pages',
    async (name, definition) => {
      const joined = (await renderDefinition(definition())).bytes
      const separate = (await wordByWord(() => renderDefinition(definition()))).bytes
      const textObjects = (bytes: Uint8Array) => operators(bytes).match(/^BT$/gm)?.length ?? 0
      expect(textObjects(joined)).toBeLessThan(textObjects(separate))

      const stem = name.replace(/\W+/g, '-')
      const joinedFile = join(folder, `${stem}-joined.pdf`)
      const separateFile = join(folder, `${stem}-separate.pdf`)
      await writeFile(joinedFile, joined)
      await writeFile(separateFile, separate)
      expect(run('pdftotext', ['-layout', joinedFile, '-'])).toBe(
        run('pdftotext', ['-layout', separateFile, '-']),
      )
      // Words stay apart for a reader that does not lay text out either.
      expect(run('pdftotext', [joinedFile, '-'])).toBe(run('pdftotext', [separateFile, '-']))

      const joinedPages = await pagesOf(joinedFile)
      const separatePages = await pagesOf(separateFile)
      expect(joinedPages.length).toBe(separatePages.length)
      joinedPages.forEach((page, index) => {
        const other = separatePages[index]!
        expect([page.width, page.height]).toEqual([other.width, other.height])
        let changed = 0
        let largest = 0
        for (let pixel = 0; pixel < page.pixels.length; pixel++) {
          const change = Math.abs(page.pixels[pixel]! - other.pixels[pixel]!)
          if (change === 0) continue
          changed++
          largest = Math.max(largest, change)
        }
        expect({ page: index + 1, largest: largest <= MAX_PIXEL_CHANGE }).toEqual({
          page: index + 1,
          largest: true,
        })
        expect(changed / page.pixels.length).toBeLessThanOrEqual(MAX_CHANGED_SHARE)
      })
    },
    120_000,
  )
})
