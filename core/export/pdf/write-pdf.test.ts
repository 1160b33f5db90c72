import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blockText, type PrintDocument } from '../print-model'
import { normalise, unescapeXml } from '../reader-support'
import { exportStrings } from '../strings'
import { loadExampleFixture, type ExampleFixture } from '../test-support'
import { writePdf } from './write-pdf'

/**
 * The PDFs checked by readers that share no code with pdfmake: poppler's pdfinfo, pdffonts and pdftotext.
 * CI installs poppler-utils; on a machine without it these tests are skipped, saying why.
 */

const hasPoppler = (() => {
  try {
    execFileSync('which', ['pdfinfo', 'pdffonts', 'pdftotext', 'pdftohtml'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

const NOW = new Date('2026-03-01T09:00:00Z')
const DOCUMENTS = ['case-open-schoolyards', 'workshop-cluj', 'curriculum'] as const
type Key = (typeof DOCUMENTS)[number]

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' })

let fixture: ExampleFixture
let folder: string
const files = new Map<Key, { file: string; model: PrintDocument; pages: number; bytes: Uint8Array }>()

beforeAll(async () => {
  if (!hasPoppler) return
  fixture = await loadExampleFixture()
  folder = await mkdtemp(join(tmpdir(), 'hecsos-pdf-'))
  for (const key of DOCUMENTS) {
    const model = fixture.printOf(key)
    const started = performance.now()
    const bytes = await writePdf(model, { now: NOW })
    const elapsed = performance.now() - started
    const file = join(folder, `${key}.pdf`)
    await writeFile(file, bytes)
    const pages = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))?.[1])
    // A figure for docs/export.md, not an assertion: timing on a shared machine is noise.
    console.info(`${key}: ${pages} pages, ${bytes.length} bytes, ${Math.round(elapsed)} ms`)
    files.set(key, { file, model, pages, bytes })
  }
}, 60_000)

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

/** The page above the footer, in points (pdftotext's pixels at its default 72 dpi): A4 is 595 × 842. */
const BODY_AREA = ['-x', '0', '-y', '0', '-W', '600', '-H', '785']

/** The text of pages `from`–`to`, without the footer (pdftotext crops to the area above it). */
function bodyText(file: string, from?: number, to?: number): string {
  const range = from === undefined ? [] : ['-f', String(from), '-l', String(to ?? from)]
  return run('pdftotext', [...range, ...BODY_AREA, file, '-'])
}

if (!hasPoppler)
  console.warn('PDF reader checks skipped: poppler-utils is not installed (apt-get install poppler-utils)')

describe.skipIf(!hasPoppler)(
  'PDF of the Example project, read by poppler (skipped without poppler-utils)',
  () => {
    it.each(DOCUMENTS)('%s: A4 pages, title and author set', (key) => {
      const { file, model } = files.get(key)!
      const info = run('pdfinfo', [file])
      expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)/m)
      const field = (name: string) => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(info)?.[1]
      expect(field('Title')).toBe(model.metadata.title)
      expect(field('Author')).toBe(model.metadata.authors.join(', '))
      expect(field('Subject')).toBe(model.metadata.subject)
      expect(field('Pages')).toBe(String(files.get(key)!.pages))
    })

    it.each(DOCUMENTS)('%s: every font embedded', (key) => {
      const rows = run('pdffonts', [files.get(key)!.file])
        .trim()
        .split('\n')
        .slice(2)
      expect(rows.length).toBeGreaterThan(0)
      for (const row of rows) {
        // name, type words, encoding, then the yes/no columns emb, sub, uni, and the object id.
        const [emb, sub] = row.trim().split(/\s+/).slice(-5, -3)
        expect({ row, emb, sub }).toEqual({ row, emb: 'yes', sub: 'yes' })
      }
    })

    it('brings out the Greek and Romanian text exactly, in reading order', () => {
      for (const key of ['case-open-schoolyards', 'workshop-cluj'] as const) {
        const { file, model } = files.get(key)!
        const pdfText = normalise(bodyText(file))
        // Text that flows in one column; table cells are left out, since a reader may interleave their lines.
        const expected = blockText(
          model.blocks.filter((block) => ['heading', 'paragraph', 'list', 'quote'].includes(block.kind)),
        )
          .split('\n')
          .map(normalise)
          .filter(Boolean)
        expect(expected.length).toBeGreaterThan(30)
        let from = 0
        for (const line of expected) {
          const at = pdfText.indexOf(line, from)
          expect({ key, line, found: at >= 0 }).toEqual({ key, line, found: true })
          from = at + line.length
        }
        if (key === 'workshop-cluj') {
          expect(pdfText).toMatch(/[\u0219\u021B]/u)
          expect(pdfText).not.toMatch(/[\u015F\u0163]/u)
        }
      }
    })

    it('gives the same bytes for the same input and date', async () => {
      const { model, bytes } = files.get('workshop-cluj')!
      expect(Buffer.from(await writePdf(model, { now: NOW })).equals(Buffer.from(bytes))).toBe(true)
    })

    it('records the document language in the PDF catalog', () => {
      const bytes = readFileSync(files.get('case-open-schoolyards')!.file, 'latin1')
      expect(bytes).toContain('/Lang (el)')
    })

    it.each(DOCUMENTS)('%s: the contents list every section on the page it starts', (key) => {
      const { file, model, pages } = files.get(key)!
      const listed = model.blocks.filter((block) => block.kind === 'heading' && block.inContents)
      const contents = run('pdftotext', ['-layout', ...BODY_AREA, '-f', '1', '-l', '1', file, '-'])
      const contentsTitle = exportStrings(model.metadata.language).contents
      // An entry is a line ending in its page number, followed by the rest of its title when a long one wraps.
      const entries: Array<{ title: string; page: number }> = []
      const lines = contents.split('\n')
      for (const line of lines.slice(
        lines.findIndex((candidate) => candidate.trim() === contentsTitle) + 1,
      )) {
        const match = /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(line)
        const last = entries[entries.length - 1]
        if (match) entries.push({ title: normalise(match[1]!), page: Number(match[2]) })
        else if (line.trim() !== '' && last) last.title = normalise(`${last.title} ${line}`)
      }
      expect(entries.map((entry) => entry.title)).toEqual(
        listed.map((block) => normalise(block.kind === 'heading' ? `${block.numbering} ${block.text}` : '')),
      )
      for (const entry of entries) {
        expect(entry.page).toBeGreaterThan(1)
        expect(entry.page).toBeLessThanOrEqual(pages)
        const onPage = normalise(bodyText(file, entry.page))
        expect({ entry, onPage: onPage.includes(entry.title) }).toEqual({ entry, onPage: true })
      }
    })

    it.each(DOCUMENTS)(
      '%s: bookmarks nest like the headings, and every contents entry links to its heading',
      (key) => {
        const { file, model } = files.get(key)!
        const xml = run('pdftohtml', ['-xml', '-stdout', '-i', '-q', file])
        const outline = xml.slice(xml.indexOf('<outline>'))
        // The top level of the outline: items before the first nested <outline>, and after each one closes.
        const topLevel: string[] = []
        let depth = 0
        for (const match of outline.matchAll(/<outline>|<\/outline>|<item page="\d+">([^<]*)<\/item>/g)) {
          if (match[0] === '<outline>') depth += 1
          else if (match[0] === '</outline>') depth -= 1
          else if (depth === 1) topLevel.push(normalise(unescapeXml(match[1]!)))
        }
        const sections = model.blocks.filter((block) => block.kind === 'heading' && block.level === 1)
        expect(topLevel).toEqual(
          sections.map((block) =>
            block.kind === 'heading' ? normalise(`${block.numbering} ${block.text}`) : '',
          ),
        )
        const destinations = run('pdfinfo', ['-dests', file])
        for (const block of model.blocks)
          if (block.kind === 'heading' && block.inContents) expect(destinations).toContain(`"${block.id}"`)
      },
    )

    it('prints on Letter paper when asked, and puts the wide level matrix on landscape pages', async () => {
      const model = fixture.printOf('framework')
      const file = join(folder, 'framework-letter.pdf')
      await writeFile(file, await writePdf(model, { now: NOW, paper: 'LETTER' }))
      const pages = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))?.[1])
      const sizes = [
        ...run('pdfinfo', ['-f', '1', '-l', String(pages), file]).matchAll(
          /^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)/gm,
        ),
      ].map((match) => ({
        page: Number(match[1]),
        landscape: Number(match[2]) > Number(match[3]),
        size: `${match[2]} x ${match[3]}`,
      }))
      expect(sizes[0]!.size).toBe('612 x 792')
      const matrixTable = model.blocks.find((block) => block.kind === 'table' && block.wide)
      const caption = matrixTable?.kind === 'table' ? matrixTable.caption! : ''
      const captionLine = new RegExp(`${exportStrings('en').table} \\d+: ${caption}`)
      const matrixPage = sizes.find((entry) => captionLine.test(normalise(bodyText(file, entry.page))))
      expect(matrixPage).toMatchObject({ landscape: true, size: '792 x 612' })
      // Portrait comes back after the matrix.
      expect(sizes[sizes.length - 1]!.landscape).toBe(false)
    })
  },
)
