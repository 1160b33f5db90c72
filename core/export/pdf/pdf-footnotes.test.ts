import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paragraph, text, type Block, type Inline, type PrintDocument } from '../print-model'
import { has, run, unescapeXml } from '../reader-support'
import { loadExampleFixture } from '../test-support'
import { buildPdfDefinition, PDF_FONT, type PdfFootnote } from './pdf-definition'
import { writePartedPdf } from './pdf-parts'
import { renderDefinition } from './pdf-render'

/**
 * Notes at the foot of the page that calls them (pdf-footnotes.ts), read back by poppler, which shares no code with
 * pdfmake: on every page, the notes printed are exactly the ones called there, in order, under the body text and
 * above the footer, and no word is drawn over another. Calls read "see note N" and notes "N Note source N, from the
 * interviews.", so a page's text says which calls and notes it holds.
 */

const hasPoppler = has('pdftotext')
const NOW = new Date('2026-03-01T09:00:00Z')

let folder: string
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hecsos-footnotes-'))
})
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

interface Word {
  text: string
  xMin: number
  yMin: number
  xMax: number
  yMax: number
}

/** Every page's words with their boxes, as pdftotext -bbox reads them, and whether the page is landscape. */
function wordsOfPages(pdf: string): Array<{ landscape: boolean; words: Word[] }> {
  return run('pdftotext', ['-bbox', pdf, '-'])
    .split('<page ')
    .slice(1)
    .map((page) => ({
      landscape: Number(/width="([\d.]+)"/.exec(page)?.[1]) > Number(/height="([\d.]+)"/.exec(page)?.[1]),
      words: [
        ...page.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ].map(([, xMin, yMin, xMax, yMax, word]) => ({
        text: unescapeXml(word!),
        xMin: Number(xMin),
        yMin: Number(yMin),
        xMax: Number(xMax),
        yMax: Number(yMax),
      })),
    }))
}

/** Two words drawn over each other: their boxes share more than a sliver (ascenders may touch the line above). */
function overlap(a: Word, b: Word): boolean {
  const width = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin)
  const height = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin)
  if (width <= 0 || height <= 0) return false
  const smaller = Math.min((a.xMax - a.xMin) * (a.yMax - a.yMin), (b.xMax - b.xMin) * (b.yMax - b.yMin))
  return width * height > 0.25 * smaller
}

interface PageNotes {
  page: number
  landscape: boolean
  calls: number[]
  notes: number[]
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/**
 * Checks every page of a PDF and returns, page by page, the calls and the notes found. A call is a raised number
 * (its box well under the usual height) above the notes; pdftotext may read it away from its sentence, inside a
 * table. A page's notes must be its calls, each note numbered as it says; the notes sit under every call and above
 * the footer ("Page …").
 */
function checkPages(pdf: string): PageNotes[] {
  return wordsOfPages(pdf).map(({ landscape, words }, index) => {
    const page = index + 1
    const noteWords = words.filter((word) => word.text === 'Note')
    const notesStart = Math.min(...noteWords.map((word) => word.yMin))
    const usual = median(words.map((word) => word.yMax - word.yMin))
    const callWords = words.filter(
      (word) =>
        /^(note)?\d+$/.test(word.text) && word.yMax < notesStart && word.yMax - word.yMin < 0.75 * usual,
    )
    const calls = callWords.map((word) => Number(/\d+/.exec(word.text)![0])).sort((a, b) => a - b)
    // A note is "Note source N," with its raised mark N just left of it, on its first line.
    const notes = words.flatMap((word, at) => {
      if (word.text !== 'Note' || words[at + 1]?.text !== 'source') return []
      const number = Number.parseInt(words[at + 2]?.text ?? '', 10)
      const mark = words.find(
        (candidate) =>
          /^\d+$/.test(candidate.text) &&
          candidate.xMax <= word.xMin + 0.5 &&
          word.xMin - candidate.xMax < 8 &&
          Math.abs(candidate.yMin - word.yMin) < 6,
      )
      expect({ page, number, mark: mark?.text }).toEqual({ page, number, mark: String(number) })
      return [number]
    })
    expect({ page, notes }).toEqual({ page, notes: calls })
    for (let first = 0; first < words.length; first++)
      for (let second = first + 1; second < words.length; second++)
        if (overlap(words[first]!, words[second]!))
          expect.fail(`page ${page}: "${words[first]!.text}" is drawn over "${words[second]!.text}"`)
    if (notes.length > 0) {
      const callsEnd = Math.max(...callWords.map((word) => word.yMax))
      const notesEnd = Math.max(
        ...words.filter((word) => word.text === 'interviews.').map((word) => word.yMax),
      )
      // The footer's "Page", the lowest on the page; a page without a footer has nothing under its notes.
      const footerWords = words.filter((word) => word.text === 'Page').map((word) => word.yMin)
      const footer = footerWords.length > 0 ? Math.max(...footerWords) : Infinity
      expect({ page, order: callsEnd < notesStart && notesEnd < footer }).toEqual({ page, order: true })
    }
    return { page, landscape, calls, notes }
  })
}

const noteText = (number: number, long: boolean) =>
  `Note source ${number}, ` +
  'a record of the meeting kept by the partner, '.repeat(long ? 7 : 0) +
  'from the interviews.'

/** The inlines that call note `number`, as the print model has them. */
const call = (number: number, long = false): Inline[] => [
  text(' see note'),
  { kind: 'footnote', content: [text(noteText(number, long))] },
]

const SENTENCE = 'The residents of the neighbourhood met the students every week to plan the next step. '

async function pdfOf(name: string, bytes: Uint8Array): Promise<string> {
  const file = join(folder, name)
  await writeFile(file, bytes)
  return file
}

const allNumbers = (pages: readonly PageNotes[]) => pages.flatMap((page) => page.notes)
const upTo = (count: number) => Array.from({ length: count }, (_, index) => index + 1)

describe.skipIf(!hasPoppler)('footnotes at the foot of their page (skipped without poppler)', () => {
  it('prints the notes of a long text on the pages calling them, under headings kept with their text', async () => {
    const blocks: Block[] = []
    for (let number = 1; number <= 60; number++) {
      if (number % 6 === 1)
        blocks.push({
          kind: 'heading',
          level: number % 12 === 1 ? 1 : 2,
          numbering: '',
          text: `Meeting ${number}`,
          id: `meeting-${number}`,
          inContents: false,
        })
      blocks.push(paragraph([text(SENTENCE.repeat(1 + (number % 4))), ...call(number, number % 5 === 0)]))
    }
    const model: PrintDocument = {
      metadata: { title: 'Meetings', language: 'en', authors: ['A'], subject: 'S', keywords: [] },
      blocks,
    }
    const pdf = await pdfOf(
      'text.pdf',
      (await renderDefinition(buildPdfDefinition(model, { now: NOW }))).bytes,
    )
    const pages = checkPages(pdf)
    expect(allNumbers(pages)).toEqual(upTo(60))
    expect(pages.filter((page) => page.notes.length > 0).length).toBeGreaterThan(4)
  })

  it('keeps the notes of a table row with the row, whether rows may split or not, and of lists and landscape pages', async () => {
    let number = 0
    const callNode = (long = false): Content[] => {
      number += 1
      const footnote: PdfFootnote = {
        note: { text: [{ text: String(number), sup: true }, ` ${noteText(number, long)}`], fontSize: 8 },
      }
      return [' see note', { text: String(number), sup: true, footnote } as Content]
    }
    const table = (rows: number, dontBreakRows: boolean, cellText: string): Content =>
      ({
        table: {
          dontBreakRows,
          headerRows: 1,
          widths: ['*', '*'],
          body: [
            [
              { text: 'Partner', bold: true },
              { text: 'Outcome', bold: true },
            ],
            ...Array.from({ length: rows }, (_, row) => [
              { text: [`Row ${row + 1}. ${cellText}`, ...callNode(row % 4 === 0)] },
              { text: [`${cellText}${cellText}`, ...(row % 3 === 0 ? callNode() : [])] },
            ]),
          ],
        },
        margin: [0, 8, 0, 8],
      }) as Content
    const definition: TDocumentDefinitions = {
      pageSize: 'A4',
      pageMargins: [56, 56, 56, 56],
      defaultStyle: { font: PDF_FONT, fontSize: 10 },
      footer: (current: number) => ({ text: `Page ${current}`, margin: [56, 20, 56, 0] }),
      content: [
        { text: SENTENCE.repeat(12) },
        table(40, true, 'A short outcome. '),
        { text: SENTENCE.repeat(6), margin: [0, 8, 0, 8] },
        table(16, false, SENTENCE.repeat(3)),
        {
          ul: Array.from({ length: 12 }, (_, item) =>
            item % 4 === 3
              ? { ul: [{ text: [SENTENCE, ...callNode()] }] }
              : { text: [SENTENCE.repeat(2), ...callNode(item % 5 === 0)] },
          ),
        },
        // A wide table on a landscape page of its own: the notes there are as wide as its text.
        { text: 'Wide', pageBreak: 'before', pageOrientation: 'landscape' },
        {
          table: {
            widths: ['*', '*', '*', '*'],
            body: Array.from({ length: 14 }, () =>
              Array.from({ length: 4 }, (_, column) => ({
                text: [SENTENCE, ...(column % 2 === 0 ? callNode(column === 2) : [])],
              })),
            ),
          },
        },
        { text: SENTENCE.repeat(4), pageBreak: 'before', pageOrientation: 'portrait' },
      ],
    }
    const pages = checkPages(await pdfOf('tables.pdf', (await renderDefinition(definition)).bytes))
    expect(allNumbers(pages)).toEqual(upTo(number))
    expect(pages.length).toBeGreaterThan(4)
    expect(pages.some((page) => page.landscape && page.notes.length > 0)).toBe(true)
  })

  it('numbers the notes of a publication laid out in parts as in one piece, each on its page', async () => {
    const deliverable = (await loadExampleFixture()).deliverable()
    let number = 0
    const blocks = deliverable.blocks.map((block, index) => {
      if (block.kind !== 'paragraph' || index % 5 !== 0) return block
      number += 1
      return { ...block, inlines: [...block.inlines, ...call(number, number % 4 === 0)] }
    })
    const model: PrintDocument = { ...deliverable, blocks }
    const parted = checkPages(await pdfOf('parted.pdf', await writePartedPdf(model, { now: NOW })))
    expect(allNumbers(parted)).toEqual(upTo(number))
    expect(number).toBeGreaterThan(10)
    const onePiece = checkPages(
      await pdfOf('one-piece.pdf', (await renderDefinition(buildPdfDefinition(model, { now: NOW }))).bytes),
    )
    expect(parted).toEqual(onePiece)
  }, 120_000)
})
