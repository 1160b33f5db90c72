import type { Block, Inline, PrintDocument, TableCell } from '../print-model'
import { paragraph, text } from '../print-model'
import { rgbPng } from '../rgb-png'
import type { ImageAsset } from './pdf-definition'
import type { PartLayouter } from './part-layout'
import { writePdf } from './write-pdf'

/**
 * A publication made up here, which an export worker lays out once as it starts and throws away, so that the
 * user's first export finds the layout code compiled. The engine compiles pdfmake's, pdfkit's and our layout code
 * only as it runs; in a fresh thread, that made the first export of the reference deliverable 1.5–2 s slower than
 * the same export done again. Its words are random letters of the partnership's alphabets, so no word of a
 * project is shaped ahead: the warm-up prepares the code, never the user's text.
 */

/** Every letter of the six languages, accents and all, so every glyph the layout may meet has been through it. */
const LATIN = 'abcdefghijklmnopqrstuvwxyzăâîșțäöüßñáéíóúàèìòùç'
const GREEK = 'αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊΐϋΰ'

/** A deterministic stream of numbers below `bound` (the same specimen every time). */
function randomFrom(seed: number): (bound: number) => number {
  let state = seed
  return (bound) => {
    state = (state * 1103515245 + 12345) % 2147483648
    // The high bits: a power-of-two LCG's low bits repeat within a few steps.
    return Math.floor((state / 2147483648) * bound)
  }
}

/** Made-up words: letters drawn at random, one word in eight Greek, now and then capitalised, a number or a date. */
function wordsFrom(seed: number): () => string {
  const next = randomFrom(seed)
  const letters = (alphabet: string, length: number) =>
    Array.from({ length }, () => alphabet[next(alphabet.length)]).join('')
  return () => {
    const kind = next(40)
    if (kind === 0) return `${1 + next(31)}.${1 + next(12)}.${2000 + next(30)}`
    if (kind === 1) return `${next(100)}%`
    if (kind === 2) return letters(LATIN, 2 + next(4)).toUpperCase()
    const word = letters(next(8) === 0 ? GREEK : LATIN, 2 + next(9))
    return kind < 6 ? word.replace(/^./, (first) => first.toUpperCase()) : word
  }
}

const PUNCTUATION = [',', ';', ':', ' –', '…']

function sentence(word: () => string, length: number): string {
  const words = Array.from({ length }, (_, index) => {
    const made = word()
    if (index === 1 && length > 6) return `(${made})`
    if (index === length - 3 && length > 9) return `“${made}”`
    return index % 5 === 2 && index < length - 1
      ? made + PUNCTUATION[(index + length) % PUNCTUATION.length]
      : made
  })
  return `${words.join(' ')}.`.replace(/^./, (first) => first.toUpperCase())
}

function richParagraph(word: () => string, number: number): Block {
  const inlines: Inline[] = [
    text(`${sentence(word, 24)} `),
    text(sentence(word, 6), { bold: true }),
    text(` ${sentence(word, 10)} `),
    text(sentence(word, 5), { italic: true }),
    { kind: 'footnote', content: [text(sentence(word, 12))] },
    text(` ${sentence(word, 8)} `),
    text(word(), { underline: true }),
    text(' '),
    text(word(), { bold: true, italic: true }),
    text(` ${word()}`),
    text(word(), { superscript: true }),
    text(` ${word()}`),
    text(word(), { subscript: true }),
    text(` ${sentence(word, 6)} `),
    { kind: 'link', href: 'https://example.org/', children: [text(sentence(word, 3))] },
    text(` ${sentence(word, 4)} `),
    { kind: 'link', href: `#warm-${Math.max(1, number - 1)}`, children: [text(sentence(word, 2))] },
    { kind: 'lineBreak' },
    text(`${sentence(word, 30)}`),
  ]
  return { kind: 'paragraph', inlines, align: number % 3 === 0 ? 'left' : 'justify' }
}

/** A small PNG, so the pictures' path (pdf-speedups' plain PNGs, pdfkit's images) is warmed up too. */
function picture(seed: number): Uint8Array {
  return rgbPng(64, 40, (x, y) => [(x * seed) % 256, (y * 7) % 256, ((x + y) * seed) % 256])
}

const PICTURES = 4
const pictureId = (index: number) => `warm-up-picture-${index}`

function section(word: () => string, number: number): Block[] {
  const cell = (words: number): TableCell => ({ blocks: [paragraph(sentence(word, words))] })
  return [
    { kind: 'pageBreak' },
    {
      kind: 'heading',
      level: 1,
      numbering: `${number}`,
      text: sentence(word, 4),
      id: `warm-${number}`,
      inContents: true,
    },
    richParagraph(word, number),
    {
      kind: 'labelledValues',
      entries: [1, 2, 3].map(() => ({ label: sentence(word, 2), value: [text(sentence(word, 5))] })),
    },
    {
      kind: 'heading',
      level: 2,
      numbering: `${number}.1`,
      text: sentence(word, 5),
      id: `warm-${number}-1`,
      inContents: true,
    },
    richParagraph(word, number),
    {
      kind: 'list',
      ordered: number % 2 === 0,
      items: [1, 2, 3, 4].map((item) => ({
        blocks: [
          paragraph(sentence(word, 14)),
          ...(item === 2
            ? [{ kind: 'list', ordered: false, items: [{ blocks: [paragraph(sentence(word, 9))] }] } as Block]
            : []),
        ],
      })),
    },
    { kind: 'quote', blocks: [paragraph(sentence(word, 30))] },
    {
      kind: 'table',
      headerRows: 1,
      caption: sentence(word, 5),
      columns: [{ kind: 'auto' }, { kind: 'share', weight: 2 }, { kind: 'share', weight: 1 }],
      rows: Array.from({ length: 8 }, (_, row) => [
        cell(row === 0 ? 1 : 2),
        cell(row === 0 ? 2 : 16),
        cell(3),
      ]),
    },
    {
      kind: 'heading',
      level: 3,
      numbering: `${number}.1.1`,
      text: sentence(word, 3),
      id: `warm-${number}-1-1`,
      inContents: true,
    },
    richParagraph(word, number),
    {
      kind: 'table',
      headerRows: 1,
      rowHeaders: true,
      wide: number % 4 === 0,
      caption: sentence(word, 4),
      columns: Array.from({ length: 6 }, () => ({ kind: 'share', weight: 1 }) as const),
      rows: Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => cell(4))),
    },
    {
      kind: 'figure',
      // One section in PICTURES + 1 has a picture that is missing: printed as its alternative text in a frame.
      assetId: pictureId(number % (PICTURES + 1)),
      caption: sentence(word, 6),
      alt: sentence(word, 4),
      credit: sentence(word, 3),
    },
    { ...paragraph(sentence(word, 12)), tone: 'note' },
    richParagraph(word, number),
    richParagraph(word, number),
    ...fields(word, number),
  ]
}

/**
 * A document made from a template prints each field under a small heading of its own, kept with the field's
 * value: most of a deliverable's headings are these (the reference deliverable: 915 of 1,082), and the sections
 * above had none. Measured in fresh processes on 2026-12-08, the first export of the reference deliverable after
 * the warm-up: 0.97–1.10 s (median 1.05) without these fields, 0.95–1.08 s (median 1.00) with 30 a section, in
 * five pairs; 12 a section gained about half of that, 48 no more than 30. For comparison, after laying out that
 * deliverable itself with its words scrambled: 0.91–0.94 s. The warm-up takes ≈ 0.3 s longer.
 */
function fields(word: () => string, number: number): Block[] {
  const heading = (level: 3 | 4, field: number): Block => ({
    kind: 'heading',
    level,
    numbering: `${number}.2.${field}`,
    text: sentence(word, 2 + (field % 4)),
    id: `warm-${number}-field-${field}`,
    inContents: false,
  })
  return Array.from({ length: 30 }, (_, field): Block[] => {
    const value: Block =
      field % 3 === 2
        ? {
            kind: 'labelledValues',
            entries: [1, 2].map(() => ({ label: sentence(word, 2), value: [text(sentence(word, 3))] })),
          }
        : paragraph(sentence(word, 8 + ((field * 7) % 30)))
    return field % 4 === 0 ? [heading(3, field), value] : [heading(4, field), value]
  }).flat()
}

/** The made-up publication: a cover, front matter, contents and `sections` sections of every kind of block. */
export function warmUpPublication(sections: number): PrintDocument {
  const word = wordsFrom(7)
  return {
    metadata: { title: sentence(word, 4), language: 'en', authors: [sentence(word, 2)] },
    cover: {
      programme: sentence(word, 3),
      acronym: 'WARM',
      projectTitle: sentence(word, 6),
      deliverableNumber: 'D0.0',
      title: sentence(word, 5),
      details: [1, 2, 3, 4].map(() => ({ label: sentence(word, 2), value: [text(sentence(word, 4))] })),
      funding: 'co-funded',
      logos: [],
      disclaimer: sentence(word, 40),
    },
    front: [paragraph(sentence(word, 20))],
    lists: { tables: true, figures: true },
    blocks: Array.from({ length: sections }, (_, index) => section(word, index + 1)).flat(),
  }
}

/**
 * Lays the made-up publication out, in parts as a deliverable is (by `layout` when given: the export worker's,
 * which lays them out in its pool and can stop between them), and drops the file: nothing is written or cached.
 * Twenty-four sections (198 pages with their fields, 103 before) took 3–4 s of a core on a slower machine (1.6 s on
 * today's); after them, the first export of the reference deliverable took ≈ 2.6–3.0 s where it took ≈ 3.9 s
 * without (6 and 12 sections: 3.4 and 2.9 s; 48 gained nothing more), before the fields were added.
 */
export async function warmUpPdfLayout(layout?: PartLayouter, sections = 24): Promise<void> {
  await writePdf(
    warmUpPublication(sections),
    { now: new Date(0), images: warmUpPictures() },
    layout ? { layout } : {},
  )
}

/** The pictures of the made-up publication's figures, by asset id. */
export function warmUpPictures(): Map<string, ImageAsset> {
  return new Map(
    Array.from({ length: PICTURES }, (_, index) => [
      pictureId(index + 1),
      { data: picture(index + 3), mime: 'image/png' },
    ]),
  )
}
