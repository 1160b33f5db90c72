import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RichText, SerializedNode } from '../model'
import { writeDocx } from './docx/write-docx'
import { readZipParts } from './docx/docx-test-support'
import { euEmblemPng } from './eu-emblem'
import { writePdf } from './pdf/write-pdf'
import type { PrintDocument } from './print-model'
import { DOCX_VALIDATOR, has, normalise, run, validatorMissing } from './reader-support'
import { richTextToBlocks } from './rich-text-to-print'

/** The editor's image, footnote and table nodes, printed in both formats and read back independently. */

const PICTURE = euEmblemPng(120)
const PICTURE_ID = 'b'.repeat(64)

const text = (value: string, format = 0): SerializedNode => ({
  type: 'text',
  version: 1,
  text: value,
  format,
})
const paragraph = (...children: SerializedNode[]): SerializedNode => ({
  type: 'paragraph',
  version: 1,
  children,
})
const cell = (value: string, headerState = 0, extra: Record<string, unknown> = {}): SerializedNode => ({
  type: 'tablecell',
  version: 1,
  headerState,
  colSpan: 1,
  children: [paragraph(text(value))],
  ...extra,
})
const row = (...cells: SerializedNode[]): SerializedNode => ({
  type: 'tablerow',
  version: 1,
  children: cells,
})

const VALUE: RichText = {
  format: 'lexical',
  schemaVersion: 1,
  root: {
    type: 'root',
    version: 1,
    children: [
      paragraph(
        text('Residents opened the schoolyards on Saturdays'),
        { type: 'footnote', version: 1, text: 'Municipal decision 112/2024, Thessaloniki.' },
        text(' and kept them clean.'),
      ),
      {
        type: 'image',
        version: 1,
        assetId: PICTURE_ID,
        alt: 'A blue rectangle with twelve gold stars',
        caption: 'The flag on the school gate',
        credit: 'Photo: Maria Ioannou',
      },
      {
        type: 'table',
        version: 1,
        children: [
          row(cell('Site', 1), cell('Opened', 1), cell('Visitors', 1)),
          row(cell('Toumba', 2, { rowSpan: 2 }), cell('2023'), cell('1,200')),
          row(cell('2024'), cell('2,950')),
          row(cell('Kalamaria', 2), cell('2024 and 2025', 0, { colSpan: 2 })),
        ],
      },
    ],
  },
}

describe('rich text nodes in the print model', () => {
  const blocks = richTextToBlocks(VALUE, { headingLevel: 2, newId: () => 'x' })

  it('keeps a footnote where it was written', () => {
    expect(blocks[0]).toEqual({
      kind: 'paragraph',
      inlines: [
        { kind: 'text', text: 'Residents opened the schoolyards on Saturdays' },
        { kind: 'footnote', content: [{ kind: 'text', text: 'Municipal decision 112/2024, Thessaloniki.' }] },
        { kind: 'text', text: ' and kept them clean.' },
      ],
    })
  })

  it('prints an image as a figure with its caption, alt text and credit', () => {
    expect(blocks[1]).toEqual({
      kind: 'figure',
      assetId: PICTURE_ID,
      caption: 'The flag on the school gate',
      alt: 'A blue rectangle with twelve gold stars',
      credit: 'Photo: Maria Ioannou',
    })
  })

  it('prints a table with its header row, row labels, and spans kept in line', () => {
    const table = blocks[2]
    expect(table).toMatchObject({ kind: 'table', headerRows: 1, rowHeaders: true })
    if (table?.kind !== 'table') return
    const shape = table.rows.map((cells) =>
      cells.map((inner) => `${inner.blocks.length > 0 ? 'x' : '-'}${inner.colSpan ?? 1}`),
    )
    // The cell under "Toumba" that its row span covers is an empty place, so "2024" stays under "Opened".
    expect(shape).toEqual([
      ['x1', 'x1', 'x1'],
      ['x1', 'x1', 'x1'],
      ['-1', 'x1', 'x1'],
      ['x1', 'x2'],
    ])
  })
})

const hasPoppler = has('pdftotext', 'pdfimages')
const hasPandoc = has('pandoc')

describe('rich text nodes in the files', () => {
  let folder: string
  let pdf: string
  let docx: string
  const model: PrintDocument = {
    metadata: { title: 'Open schoolyards', language: 'en', authors: ['Maria Ioannou'] },
    blocks: richTextToBlocks(VALUE, { headingLevel: 1, newId: () => 'x' }),
  }

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hecsos-nodes-'))
    pdf = join(folder, 'nodes.pdf')
    docx = join(folder, 'nodes.docx')
    const now = new Date('2026-03-01T09:00:00Z')
    await writeFile(
      pdf,
      await writePdf(model, { now, images: new Map([[PICTURE_ID, { data: PICTURE, mime: 'image/png' }]]) }),
    )
    await writeFile(
      docx,
      await writeDocx(model, {
        now,
        images: new Map([[PICTURE_ID, { data: PICTURE, mime: 'image/png', width: 180, height: 120 }]]),
      }),
    )
  })
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true })
  })

  it.skipIf(!hasPoppler)(
    'PDF: the picture, "Figure 1" and its credit, the table, and the note (skipped without poppler)',
    () => {
      const images = run('pdfimages', ['-list', pdf]).trim().split('\n').slice(2)
      expect(images).toHaveLength(1)
      expect(images[0]).toMatch(/\s180\s+120\s/)
      const words = normalise(run('pdftotext', [pdf, '-']))
      expect(words).toContain('Figure 1: The flag on the school gate Photo: Maria Ioannou')
      expect(words).toContain('Toumba 2023 1,200')
      // The note at the foot of the page, after its text and before the footer (pdf-footnotes.test.ts checks more).
      expect(words).toMatch(
        /2024 and 2025 .*Municipal decision 112\/2024, Thessaloniki\. Open schoolyards Page 1 of 1$/,
      )
    },
  )

  it('DOCX: the picture embedded with its alternative text, and a real footnote', async () => {
    const parts = readZipParts(await readFile(docx))
    const document = parts.get('word/document.xml')!
    expect(document.includes('descr="A blue rectangle with twelve gold stars"')).toBe(true)
    expect([...parts.keys()].some((name) => /^word\/media\/.+\.png$/.test(name))).toBe(true)
    expect(parts.get('word/footnotes.xml')).toContain('Municipal decision 112/2024, Thessaloniki.')
    expect(document.includes('<w:footnoteReference w:id="1"/>')).toBe(true)
  })

  it.skipIf(!hasPandoc)(
    'DOCX: pandoc reads the table as a table and the note as a note (skipped without pandoc)',
    () => {
      const markdown = run('pandoc', ['-f', 'docx', '-t', 'markdown', docx])
      expect(markdown).toContain('[^1]')
      expect(markdown).toMatch(/\[\^1\]: Municipal decision 112\/2024, Thessaloniki\./)
      const ast = JSON.parse(run('pandoc', ['-f', 'docx', '-t', 'json', docx])) as {
        blocks: Array<{ t: string }>
      }
      expect(ast.blocks.filter((block) => block.t === 'Table')).toHaveLength(1)
    },
  )

  it.skipIf(validatorMissing !== undefined)(
    'DOCX validates against the OOXML schemas (skipped without them)',
    () => {
      expect(run('bash', [DOCX_VALIDATOR, docx])).toContain('VALID')
    },
  )
})
