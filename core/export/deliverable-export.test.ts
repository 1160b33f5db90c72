import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeDocx } from './docx/write-docx'
import { readZipParts } from './docx/docx-test-support'
import { euEmblemPng } from './eu-emblem'
import { writePdf } from './pdf/write-pdf'
import type { HeadingBlock, PrintDocument } from './print-model'
import { DOCX_VALIDATOR, has, normalise, run, sofficeToPdf, validatorMissing } from './reader-support'
import { exportStrings } from './strings'
import { loadExampleFixture } from './test-support'

/**
 * The Example's deliverable D3.2 compiled into one publication, read back by programs that share no code with
 * pdfmake or docx: poppler, pandoc, the OOXML schemas and LibreOffice.
 */

const hasPoppler = has('pdfinfo', 'pdffonts', 'pdftotext', 'pdfimages')
const hasPandoc = has('pandoc')
const hasSoffice = has('soffice', 'pdftotext')
if (!hasPoppler) console.warn('deliverable PDF checks skipped: poppler-utils is not installed')
if (!hasPandoc) console.warn('deliverable pandoc checks skipped: pandoc is not installed')
if (validatorMissing) console.warn(`deliverable schema checks skipped: ${validatorMissing}`)
if (!hasSoffice) console.warn('deliverable LibreOffice check skipped: soffice is not installed')

const NOW = new Date('2026-03-01T09:00:00Z')
/** A partner's logo: any real PNG does; this one is 120 × 80 pixels. */
const LOGO = euEmblemPng(80)
const LOGO_ID = 'a'.repeat(64)

let folder: string
let model: PrintDocument
let pdf: string
let docx: string
let pages: number

beforeAll(async () => {
  const fixture = await loadExampleFixture()
  model = { ...fixture.deliverable() }
  model.cover = { ...model.cover!, logos: [{ assetId: LOGO_ID, alt: 'Ledra University' }] }
  folder = await mkdtemp(join(tmpdir(), 'hecsos-deliverable-'))
  pdf = join(folder, 'D3.2.pdf')
  docx = join(folder, 'D3.2.docx')
  await writeFile(
    pdf,
    await writePdf(model, { now: NOW, images: new Map([[LOGO_ID, { data: LOGO, mime: 'image/png' }]]) }),
  )
  await writeFile(
    docx,
    await writeDocx(model, {
      now: NOW,
      images: new Map([[LOGO_ID, { data: LOGO, mime: 'image/png', width: 120, height: 80 }]]),
    }),
  )
  if (hasPoppler) pages = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]))?.[1])
}, 60_000)

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

/** Text of one page, without the running header and the footer. */
const bodyOf = (page: number) =>
  run('pdftotext', [
    '-layout',
    '-f',
    String(page),
    '-l',
    String(page),
    '-x',
    '0',
    '-y',
    '45',
    '-W',
    '600',
    '-H',
    '740',
    pdf,
    '-',
  ])
const pageText = (page: number) =>
  normalise(run('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-']))

/** Entries of a contents-like list: a line ending in a page number, and the rest of a title that wraps. */
function entriesOf(lines: readonly string[]): Array<{ title: string; page: number }> {
  const entries: Array<{ title: string; page: number }> = []
  for (const line of lines) {
    const match = /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(line)
    const last = entries[entries.length - 1]
    if (match) entries.push({ title: normalise(match[1]!), page: Number(match[2]) })
    else if (line.trim() !== '' && last) last.title = normalise(`${last.title} ${line}`)
  }
  return entries
}

describe.skipIf(!hasPoppler)(
  'the deliverable as a PDF, read by poppler (skipped without poppler-utils)',
  () => {
    it('is A4 with the title and the authors, every font embedded', () => {
      const info = run('pdfinfo', [pdf])
      expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)/m)
      expect(info).toMatch(/^Title:\s+Competency framework and curriculum for community engagement brokers$/m)
      expect(info).toMatch(/^Author:\s+Andreas Christodoulou, Giulia Ferraro, .*Lucía Peñalver/m)
      const fonts = run('pdffonts', [pdf]).trim().split('\n').slice(2)
      for (const row of fonts) expect(row.trim().split(/\s+/).slice(-5, -3)).toEqual(['yes', 'yes'])
    })

    it('has a cover with the emblem drawn as vectors, the funding statement, the logo and the Erasmus+ data', () => {
      const cover = pageText(1)
      for (const expected of [
        'Co-funded by the European Union',
        'HECSOs',
        'D3.2',
        'Competency framework and curriculum for community engagement brokers',
        'Project number 2023-1-IT02-KA220-HED-000123456',
        'Dissemination level PU — Public',
        'Licence CC BY 4.0 — Attribution',
      ])
        expect(cover).toContain(expected)
      // One picture on the cover, the partner's logo: the emblem is not an image but drawn.
      const images = run('pdfimages', ['-list', '-f', '1', '-l', '1', pdf]).trim().split('\n').slice(2)
      expect(images).toHaveLength(1)
      expect(images[0]).toMatch(/\s120\s+80\s/)
      // No running header or page number on the cover.
      expect(cover).not.toContain('Page 1 of')
    })

    it('prints the history and the disclaimer behind the cover, with the header and "Page X of Y"', () => {
      const back = pageText(2)
      expect(back).toContain(
        'HECSOs · D3.2 Competency framework and curriculum for community engagement brokers',
      )
      expect(back).toContain('Document history')
      expect(back).toContain(exportStrings('en').disclaimer('the Italian National Agency Erasmus+ INDIRE'))
      expect(back).toContain(`Page 2 of ${pages}`)
    })

    it('lists every chapter and section in the contents on the page it starts, and every table too', () => {
      const first = entriesOf(bodyOf(3).split('\n').slice(1))
      const bodyStart = first[0]!.page
      const lines: string[] = []
      for (let page = 3; page < bodyStart; page++) lines.push(...bodyOf(page).split('\n'))
      const tablesAt = lines.findIndex((line) => line.trim() === 'List of tables')
      expect(tablesAt).toBeGreaterThan(0)
      const contents = entriesOf(lines.slice(1, tablesAt))
      const listed = model.blocks.filter(
        (block): block is HeadingBlock => block.kind === 'heading' && block.inContents,
      )
      expect(contents.map((entry) => entry.title)).toEqual(
        listed.map((heading) => normalise(`${heading.numbering} ${heading.text}`)),
      )
      for (const entry of [...contents, ...entriesOf(lines.slice(tablesAt + 1))]) {
        expect(entry.page).toBeGreaterThanOrEqual(bodyStart)
        expect(entry.page).toBeLessThanOrEqual(pages)
        expect({ entry, onPage: normalise(bodyOf(entry.page)).includes(entry.title) }).toEqual({
          entry,
          onPage: true,
        })
      }
      expect(entriesOf(lines.slice(tablesAt + 1)).length).toBeGreaterThan(2)
    })

    it('links contents entries and bookmarks to every chapter', () => {
      const destinations = run('pdfinfo', ['-dests', pdf])
      for (const block of model.blocks)
        if (block.kind === 'heading' && block.inContents) expect(destinations).toContain(`"${block.id}"`)
      const outline = normalise(run('pdftohtml', ['-xml', '-stdout', '-i', '-q', pdf]))
      expect(outline.includes('>Annex 1 Validation survey: questionnaire and summary of responses<')).toBe(
        true,
      )
    })
  },
)

describe('the deliverable as a DOCX', () => {
  it('has the running header, an empty first page header, and three pre-filled lists', async () => {
    const parts = readZipParts(await readFile(docx))
    const document = parts.get('word/document.xml')!
    // Large parts: checked as booleans, so a failure does not print the whole XML.
    expect(document.includes('<w:titlePg/>')).toBe(true)
    expect(document.includes('TOC \\h \\o &quot;1-4&quot;')).toBe(true)
    expect(document.includes('TOC \\c &quot;Table&quot; \\h')).toBe(true)
    const headers = [...parts.entries()].filter(([name]) => name.startsWith('word/header'))
    expect(headers.some(([, xml]) => xml.includes('HECSOs · D3.2 Competency framework'))).toBe(true)
    // The emblem: an SVG picture with a PNG beside it for older readers.
    expect([...parts.keys()].filter((name) => name.startsWith('word/media/')).sort()).toHaveLength(3)
    expect(document.includes('descr="Co-funded by the European Union"')).toBe(true)
  })

  it.skipIf(!hasPandoc)(
    'reads back in pandoc with the chapters as first-level headings (skipped without pandoc)',
    () => {
      const ast = JSON.parse(run('pandoc', ['-f', 'docx', '-t', 'json', docx])) as {
        blocks: Array<{ t: string; c: unknown[] }>
      }
      const text = (inlines: unknown): string =>
        (inlines as Array<{ t: string; c?: unknown }>)
          .map((inline) => (inline.t === 'Str' ? String(inline.c) : inline.t === 'Space' ? ' ' : ''))
          .join('')
      const level1 = ast.blocks
        .filter((block) => block.t === 'Header' && block.c[0] === 1)
        .map((block) => text(block.c[2]))
      expect(level1).toContain('2 Community engagement broker: professional role profile')
      expect(level1).toContain('Annex 1 Validation survey: questionnaire and summary of responses')
      expect(ast.blocks.filter((block) => block.t === 'Table').length).toBeGreaterThan(10)
    },
  )

  it.skipIf(validatorMissing !== undefined)(
    'validates against the OOXML schemas (skipped without them)',
    () => {
      expect(run('bash', [DOCX_VALIDATOR, docx])).toContain('VALID')
    },
  )

  it.skipIf(!hasSoffice)(
    'is laid out by LibreOffice with the cover and "Page X of Y" (skipped without soffice)',
    () => {
      const converted = sofficeToPdf(docx, folder)
      const text = normalise(run('pdftotext', [converted, '-']))
      expect(text).toContain('Co-funded by the European Union')
      expect(text).toContain('Competency framework and curriculum for community engagement brokers')
      expect(text).toMatch(/Page 2 of \d+/)
    },
    180_000,
  )
})
