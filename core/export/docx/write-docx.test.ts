import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inlineText, paragraph, text, type Block, type PrintDocument } from '../print-model'
import { exportStrings } from '../strings'
import { DOCX_VALIDATOR as VALIDATOR, has, validatorMissing } from '../reader-support'
import { loadExampleFixture } from '../test-support'
import { headingLabel } from './docx-document'
import { writeDocx } from './write-docx'

/**
 * The DOCX files read back by programs that share no code with docx: pandoc (structure and text), the ISO/IEC
 * 29500 schemas (our proxy for Word's strictness) and LibreOffice (opens and lays it out). Each group is skipped,
 * saying why, only when its program is missing.
 */

const hasPandoc = has('pandoc')
const hasSoffice = has('soffice', 'pdftotext')

if (!hasPandoc) console.warn('DOCX pandoc checks skipped: pandoc is not installed (apt-get install pandoc)')
if (validatorMissing) console.warn(`DOCX schema checks skipped: ${validatorMissing}`)
if (!hasSoffice)
  console.warn(
    'DOCX LibreOffice check skipped: soffice or pdftotext is not installed (libreoffice-writer-nogui)',
  )

const NOW = new Date('2026-03-01T09:00:00Z')
const DOCUMENTS = ['case-open-schoolyards', 'workshop-cluj', 'curriculum'] as const
type Key = (typeof DOCUMENTS)[number]

const normalise = (value: string) => value.replace(/\s+/gu, ' ').trim()

let folder: string
const files = new Map<Key, { file: string; model: PrintDocument }>()

beforeAll(async () => {
  const fixture = await loadExampleFixture()
  folder = await mkdtemp(join(tmpdir(), 'hecsos-docx-'))
  for (const key of DOCUMENTS) {
    const model = fixture.printOf(key)
    const file = join(folder, `${key}.docx`)
    await writeFile(file, await writeDocx(model, { now: NOW }))
    files.set(key, { file, model })
  }
  await writeFile(join(folder, 'everything.docx'), await writeDocx(EVERYTHING, { now: NOW }))
}, 60_000)

/** Every kind of block and inline once, with the features the Example does not use (landscape, notes, links). */
const EVERYTHING: PrintDocument = {
  metadata: {
    title: 'Everything',
    language: 'ro',
    authors: ['Ioana Mureșan'],
    subject: 'S',
    keywords: ['k'],
  },
  blocks: [
    { kind: 'heading', level: 1, numbering: '1', text: 'Start', id: 'start', inContents: true },
    paragraph([
      text('bold ', { bold: true }),
      text('code', { code: true }),
      { kind: 'lineBreak' },
      { kind: 'link', href: 'https://example.org/?a=1&b=2', children: [text('web')] },
      { kind: 'link', href: '#start', children: [text('back')] },
      { kind: 'footnote', content: [text('A note.')] },
    ]),
    { kind: 'list', ordered: true, start: 3, items: [{ blocks: [paragraph('three'), paragraph('more')] }] },
    { kind: 'quote', blocks: [paragraph('quoted')] },
    { kind: 'figure', assetId: 'a1', caption: 'A picture', alt: 'What it shows', credit: '© someone' },
    { kind: 'heading', level: 2, numbering: '1.1', text: 'Matrix', id: 'matrix', inContents: true },
    {
      kind: 'table',
      headerRows: 1,
      columns: [
        { kind: 'auto' },
        ...Array.from({ length: 6 }, () => ({ kind: 'share', weight: 1 }) as const),
      ],
      rows: [
        Array.from({ length: 7 }, (_, index) => ({ blocks: [paragraph(`H${index}`)] })),
        [{ blocks: [paragraph('row')] }, { blocks: [paragraph('span')], colSpan: 6 }],
      ],
      caption: 'Wide',
      wide: true,
      rowHeaders: true,
    },
    { kind: 'pageBreak' },
    { kind: 'labelledValues', entries: [{ label: 'Label', value: [text('value')] }] },
  ],
}

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

/** Everything the model prints as a run of text: what a reader must give back word for word. */
function expectedTexts(blocks: readonly Block[]): string[] {
  const out: string[] = []
  const visit = (block: Block) => {
    switch (block.kind) {
      case 'heading':
        out.push(headingLabel(block))
        break
      case 'paragraph':
        out.push(inlineText(block.inlines))
        break
      case 'list':
        for (const item of block.items) item.blocks.forEach(visit)
        break
      case 'quote':
        block.blocks.forEach(visit)
        break
      case 'table':
        if (block.caption) out.push(block.caption)
        for (const row of block.rows) for (const cell of row) cell.blocks.forEach(visit)
        break
      case 'figure':
        out.push(block.caption)
        break
      case 'labelledValues':
        for (const entry of block.entries) out.push(entry.label, inlineText(entry.value))
        break
      case 'pageBreak':
        break
    }
  }
  blocks.forEach(visit)
  return out.map(normalise).filter((value) => value.length > 0)
}

interface PandocNode {
  t: string
  c?: unknown
}

/** Every pandoc node of a kind, depth first. */
function nodesOf(value: unknown, kind: string, found: PandocNode[] = []): PandocNode[] {
  if (Array.isArray(value)) value.forEach((item) => nodesOf(item, kind, found))
  else if (value !== null && typeof value === 'object') {
    const node = value as PandocNode
    if (node.t === kind) found.push(node)
    Object.values(value).forEach((item) => nodesOf(item, kind, found))
  }
  return found
}

/** The words of pandoc inlines (or of a whole document), spaces where pandoc has them. */
function plain(value: unknown): string {
  if (Array.isArray(value)) return value.map(plain).join('')
  if (value === null || typeof value !== 'object') return ''
  const node = value as PandocNode
  if (node.t === 'Str') return node.c as string
  if (node.t === 'Space' || node.t === 'SoftBreak' || node.t === 'LineBreak') return ' '
  // Blocks are separated, so the last word of one does not run into the first of the next.
  return Object.values(value).map(plain).join('') + (node.t === 'Para' || node.t === 'Plain' ? ' ' : '')
}

function modelCounts(blocks: readonly Block[]) {
  const counts = { headings: [] as Array<[number, string]>, bullet: 0, ordered: 0, tables: 0 }
  const visit = (block: Block) => {
    if (block.kind === 'heading') counts.headings.push([block.level, headingLabel(block)])
    else if (block.kind === 'list') {
      counts[block.ordered ? 'ordered' : 'bullet'] += 1
      for (const item of block.items) item.blocks.forEach(visit)
    } else if (block.kind === 'quote') block.blocks.forEach(visit)
    else if (block.kind === 'table') {
      counts.tables += 1
      for (const row of block.rows) for (const cell of row) cell.blocks.forEach(visit)
    } else if (block.kind === 'labelledValues') counts.tables += 1
  }
  blocks.forEach(visit)
  return counts
}

describe.skipIf(!hasPandoc)('DOCX of the Example project, read by pandoc (skipped without pandoc)', () => {
  const readBack = (key: Key) =>
    JSON.parse(
      execFileSync('pandoc', ['-f', 'docx', '-t', 'json', files.get(key)!.file], { encoding: 'utf8' }),
    ) as {
      blocks: unknown[]
      meta: unknown
    }

  it.each(DOCUMENTS)('%s: headings at their levels, lists as lists, tables as tables', (key) => {
    const { model } = files.get(key)!
    const json = readBack(key)
    const expected = modelCounts(model.blocks)
    const headings = nodesOf(json.blocks, 'Header').map((node) => {
      const [level, , inlines] = node.c as [number, unknown, unknown]
      return [level, normalise(plain(inlines))]
    })
    expect(headings).toEqual(expected.headings)
    expect(nodesOf(json.blocks, 'BulletList')).toHaveLength(expected.bullet)
    expect(nodesOf(json.blocks, 'OrderedList')).toHaveLength(expected.ordered)
    expect(nodesOf(json.blocks, 'Table')).toHaveLength(expected.tables)
    // The Title style is the document's title to pandoc.
    expect(normalise(plain(json.meta))).toContain(model.metadata.title)
  })

  it.each(DOCUMENTS)('%s: every run of text comes back exactly', (key) => {
    const { model } = files.get(key)!
    const text = normalise(plain(readBack(key).blocks))
    for (const expected of expectedTexts(model.blocks)) expect(text).toContain(expected)
  })

  it('keeps Romanian ș ț with the comma below and Greek as written', () => {
    const romanian = plain(readBack('workshop-cluj').blocks)
    expect(romanian).toMatch(/[șțȘȚ]/u)
    expect(romanian).not.toMatch(/[şţŞŢ]/u)
    const greek = plain(readBack('case-open-schoolyards').blocks)
    expect(greek).toContain(exportStrings('el').contents)
  })
})

describe.skipIf(validatorMissing !== undefined)(
  `DOCX against the ISO/IEC 29500 transitional schemas${validatorMissing ? ` (skipped: ${validatorMissing})` : ''}`,
  () => {
    it.each(DOCUMENTS)('%s validates', (key) => {
      // execFileSync throws with the failing lines when the script exits non-zero.
      const output = execFileSync('bash', [VALIDATOR, files.get(key)!.file], { encoding: 'utf8' })
      expect(output).toContain('VALID')
    })

    it('a document with every kind of block validates', () => {
      const output = execFileSync('bash', [VALIDATOR, join(folder, 'everything.docx')], { encoding: 'utf8' })
      expect(output).toContain('VALID')
    })
  },
)

describe.skipIf(!hasSoffice)('DOCX opened by LibreOffice (skipped without soffice and pdftotext)', () => {
  it('converts the Greek case study to a PDF with its title and "Page X of Y"', async () => {
    const { file, model } = files.get('case-open-schoolyards')!
    const out = join(folder, 'soffice-out')
    const profile = join(folder, 'soffice-profile')
    execFileSync(
      'soffice',
      ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', out, file],
      { stdio: 'ignore', timeout: 110_000 },
    )
    const pdf = join(out, 'case-open-schoolyards.pdf')
    expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-')
    const text = normalise(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }))
    expect(text).toContain(model.metadata.title)
    expect(text).toMatch(/Σελίδα 1 από \d+/u)
  }, 120_000)
})
