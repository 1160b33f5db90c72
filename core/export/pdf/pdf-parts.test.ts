import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PDFRef } from 'pdf-lib'
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, type PDFObject } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Block, HeadingBlock, PrintDocument } from '../print-model'
import { runExportJob } from '../export-job'
import { has, normalise, run } from '../reader-support'
import { loadExampleFixture, type ExampleFixture } from '../test-support'
import { createPartCache } from './part-cache'
import { layoutPart, type PartJob, type PartLayouter } from './part-layout'
import { createPartPool } from './part-pool'
import { buildPdfDefinition } from './pdf-definition'
import { MAX_PARTS, partsOf, splitBody, writePartedPdf } from './pdf-parts'
import { renderDefinition } from './pdf-render'

/**
 * A publication laid out in parts and put together, checked against the same publication laid out in one piece,
 * and read back by readers that share no code with the merge: poppler's pdftotext, and pdf-lib for the file's
 * structure (destinations, links, bookmarks).
 */

const hasPoppler = has('pdftotext', 'pdfinfo')
const NOW = new Date('2026-03-01T09:00:00Z')

let fixture: ExampleFixture
let model: PrintDocument
let folder: string
let parted: Uint8Array
let partedFile: string
let onePieceFile: string

beforeAll(async () => {
  fixture = await loadExampleFixture()
  model = fixture.deliverable()
  folder = await mkdtemp(join(tmpdir(), 'hecsos-parts-'))
  parted = await writePartedPdf(model, { now: NOW })
  partedFile = join(folder, 'parted.pdf')
  onePieceFile = join(folder, 'one-piece.pdf')
  await writeFile(partedFile, parted)
  await writeFile(onePieceFile, (await renderDefinition(buildPdfDefinition(model, { now: NOW }))).bytes)
}, 120_000)

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

/** Counts the layouts done, by kind, whether side by side or alone. */
function counting(inner: PartLayouter = layoutPart) {
  const counts = { body: 0, front: 0, footers: 0 }
  const layout: PartLayouter = (job: PartJob) => {
    counts[job.kind] += 1
    return inner(job)
  }
  return { layout, layoutAlone: layout, counts }
}

const headings = (blocks: readonly Block[]) =>
  blocks.filter((block): block is HeadingBlock => block.kind === 'heading')

/** Runs a test with a cache folder of its own, removed after it. */
async function inCacheFolder(work: (folder: string) => Promise<void>): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'hecsos-part-cache-'))
  try {
    await work(folder)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

describe('splitBody', () => {
  it('cuts before each chapter, keeping every block once and in order', () => {
    const parts = splitBody(model.blocks)
    expect(parts.length).toBeGreaterThan(3)
    expect(parts.flat()).toEqual(model.blocks)
    for (const part of parts.slice(1)) {
      expect(part[0]).toEqual({ kind: 'pageBreak' })
      expect(part[1]).toMatchObject({ kind: 'heading', level: 1 })
    }
  })

  it('keeps a page break that opens no chapter inside its part', () => {
    const heading = (id: string, level: 1 | 2) =>
      ({ kind: 'heading', level, numbering: '', text: id, id, inContents: true }) as const
    const blocks: Block[] = [
      heading('a', 1),
      { kind: 'pageBreak' },
      heading('a1', 2),
      { kind: 'pageBreak' },
      heading('b', 1),
    ]
    expect(splitBody(blocks)).toEqual([blocks.slice(0, 3), blocks.slice(3)])
  })

  it('groups the chapters of a long publication into at most a dozen parts of equal count', () => {
    const chapter = (index: number): Block[] => [
      { kind: 'pageBreak' },
      { kind: 'heading', level: 1, numbering: String(index), text: 'C', id: `c${index}`, inContents: true },
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'x' }] },
    ]
    const blocks = Array.from({ length: 29 }, (_, index) => chapter(index + 1)).flat()
    const parts = partsOf(blocks)
    expect(parts.length).toBeLessThanOrEqual(MAX_PARTS)
    expect(parts.flat()).toEqual(blocks)
    expect(parts[0]!.length).toBe(3 * 3)
  })
})

describe.skipIf(!hasPoppler)('a publication laid out in parts (skipped without poppler-utils)', () => {
  const pagesOf = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))?.[1])
  const pageText = (file: string, page: number) =>
    run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'])

  it('prints every page as the one-piece layout does, footers and contents numbers included', () => {
    const pages = pagesOf(onePieceFile)
    expect(pagesOf(partedFile)).toBe(pages)
    for (let page = 1; page <= pages; page++)
      expect({ page, text: pageText(partedFile, page) }).toEqual({ page, text: pageText(onePieceFile, page) })
  })

  it('keeps the metadata', () => {
    const info = run('pdfinfo', [partedFile])
    expect(info).toMatch(/^Title:\s+Competency framework and curriculum for community engagement brokers$/m)
    expect(info).toMatch(/^Author:\s+Andreas Christodoulou, Giulia Ferraro/m)
    expect(info).toMatch(/^Subject:\s+Deliverable$/m)
    expect(info).toMatch(/^Keywords:\s+community engagement, competency framework/m)
    expect(info).toMatch(/^CreationDate:\s+Sun Mar\s+1 09:00:00 2026 UTC$/m)
  })
})

describe('the merged file, read by pdf-lib', () => {
  let document: PDFDocument
  let pageIndex: Map<string, number>
  let destinations: Map<string, number>

  beforeAll(async () => {
    document = await PDFDocument.load(parted)
    pageIndex = new Map(document.getPages().map((page, index) => [page.ref.toString(), index]))
    destinations = new Map()
    const tree = document.catalog.lookup(PDFName.of('Names'), PDFDict).lookup(PDFName.of('Dests'), PDFDict)
    const names = tree.lookup(PDFName.of('Names'), PDFArray)
    for (let index = 0; index < names.size(); index += 2) {
      const key = names.lookup(index) as PDFString | PDFHexString
      const target = names.lookup(index + 1, PDFArray).get(0) as PDFRef
      destinations.set(key.decodeText(), pageIndex.get(target.toString())!)
    }
  })

  const textOf = (value: PDFObject | undefined) =>
    value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined

  it('has a destination for every heading and caption, on a page that prints it', () => {
    const ids = [...headings(model.front ?? []), ...headings(model.blocks)].map((heading) => heading.id)
    for (const id of ids) expect(destinations.has(id), id).toBe(true)
    expect([...destinations.keys()].filter((id) => /^(table|figure)-\d+$/.test(id)).length).toBeGreaterThan(3)
    if (!hasPoppler) return
    for (const heading of headings(model.blocks).filter((heading) => heading.inContents)) {
      const page = destinations.get(heading.id)! + 1
      const text = normalise(run('pdftotext', ['-f', String(page), '-l', String(page), partedFile, '-']))
      expect({ heading: heading.text, onPage: text.includes(normalise(heading.text)) }).toEqual({
        heading: heading.text,
        onPage: true,
      })
    }
  })

  it("lists in the contents the page each heading's destination is on", () => {
    if (!hasPoppler) return
    // The contents start on page 3, behind the cover; long titles wrap, and are found by their first line.
    const contents = run('pdftotext', ['-layout', '-f', '3', '-l', '4', partedFile, '-'])
    let checked = 0
    for (const heading of headings(model.blocks).filter((heading) => heading.inContents)) {
      const label = normalise(`${heading.numbering} ${heading.text}`)
      const line = contents.split('\n').find((candidate) => normalise(candidate).startsWith(label))
      if (!line) continue
      checked += 1
      expect({ label, page: Number(/(\d+)\s*$/.exec(line)?.[1]) }).toEqual({
        label,
        page: destinations.get(heading.id)! + 1,
      })
    }
    expect(checked).toBeGreaterThan(10)
  })

  it('leads every internal link to a destination that exists', () => {
    let links = 0
    for (const page of document.getPages()) {
      const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)
      for (let index = 0; index < (annotations?.size() ?? 0); index++) {
        const annotation = annotations!.lookup(index, PDFDict)
        const action = annotation.lookupMaybe(PDFName.of('A'), PDFDict)
        const target =
          action?.get(PDFName.of('S')) === PDFName.of('GoTo')
            ? textOf(action.lookup(PDFName.of('D')))
            : textOf(annotation.lookup(PDFName.of('Dest')))
        if (action?.get(PDFName.of('S')) === PDFName.of('URI')) continue
        links += 1
        expect({ target, exists: target !== undefined && destinations.has(target) }).toEqual({
          target,
          exists: true,
        })
      }
    }
    // The contents alone link each entry twice (its text and its number).
    expect(links).toBeGreaterThan(2 * headings(model.blocks).filter((heading) => heading.inContents).length)
  })

  it("has one bookmark per heading, nested under its chapter, each leading to its heading's page", () => {
    const found: Array<{ title: string; depth: number; page: number }> = []
    const visit = (first: PDFDict | undefined, depth: number) => {
      for (let item = first; item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
        const destination = item.lookup(PDFName.of('Dest'), PDFArray)
        found.push({
          title: textOf(item.lookup(PDFName.of('Title')))!,
          depth,
          page: pageIndex.get((destination.get(0) as PDFRef).toString())!,
        })
        visit(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1)
      }
    }
    const outlines = document.catalog.lookup(PDFName.of('Outlines'), PDFDict)
    visit(outlines.lookupMaybe(PDFName.of('First'), PDFDict), 0)
    const all = [...headings(model.front ?? []), ...headings(model.blocks)]
    expect(found).toHaveLength(all.length)
    all.forEach((heading, index) => {
      expect(found[index]!.title).toBe(
        heading.numbering ? `${heading.numbering}\u2002${heading.text}` : heading.text,
      )
      expect(found[index]!.page).toBe(destinations.get(heading.id))
    })
    // Chapters at the top, their sections beneath.
    expect(found.filter((item) => item.depth === 0).length).toBe(
      all.filter((heading) => heading.level === 1).length,
    )
    expect(found.some((item) => item.depth > 0)).toBe(true)
  })
})

describe('the cache of laid-out parts', () => {
  const edited = (): PrintDocument => {
    const blocks = structuredClone(model.blocks)
    const paragraph = blocks.findLast((block) => block.kind === 'paragraph')!
    if (paragraph.kind === 'paragraph') paragraph.inlines.push({ kind: 'text', text: ' One sentence more.' })
    return { ...model, blocks }
  }

  it(
    'lays out nothing again for the same publication, and only the edited part after an edit',
    () =>
      inCacheFolder(async (cacheFolder) => {
        const cache = createPartCache(cacheFolder)
        const first = counting()
        const bytes = await writePartedPdf(model, { now: NOW }, { ...first, cache })
        expect(first.counts).toEqual({ body: partsOf(model.blocks).length, front: 2, footers: 1 })
        expect(Buffer.from(bytes).equals(Buffer.from(parted))).toBe(true)

        const again = counting()
        const cached = await writePartedPdf(model, { now: NOW }, { ...again, cache })
        expect(again.counts).toEqual({ body: 0, front: 0, footers: 0 })
        expect(Buffer.from(cached).equals(Buffer.from(parted))).toBe(true)

        const afterEdit = counting()
        await writePartedPdf(edited(), { now: NOW }, { ...afterEdit, cache })
        expect(afterEdit.counts.body).toBe(1)
      }),
    120_000,
  )

  it(
    'lays a part out again when its entry is damaged, and gives the same file',
    () =>
      inCacheFolder(async (cacheFolder) => {
        const cache = createPartCache(cacheFolder)
        await writePartedPdf(model, { now: NOW }, { cache })
        const files = (await readdir(cacheFolder)).sort()
        const pdf = files.find((file) => file.endsWith('.pdf'))!
        const json = files.find((file) => file.endsWith('.json') && file !== pdf.replace(/\.pdf$/, '.json'))!
        await writeFile(join(cacheFolder, pdf), 'not a PDF')
        await writeFile(join(cacheFolder, json), '{"meta":')
        const recovering = counting()
        const bytes = await writePartedPdf(model, { now: NOW }, { ...recovering, cache })
        const total = recovering.counts.body + recovering.counts.front + recovering.counts.footers
        expect(total).toBe(2)
        expect(Buffer.from(bytes).equals(Buffer.from(parted))).toBe(true)
      }),
    120_000,
  )

  it(
    'in this thread, lays the parts out one after another and reports each as it is done',
    () =>
      inCacheFolder(async (cacheFolder) => {
        const cache = createPartCache(cacheFolder)
        let kept = 0
        const reports: Array<{ done: number; kept: number }> = []
        await writePartedPdf(
          model,
          { now: NOW },
          {
            cache: {
              ...cache,
              put: async (key, part) => {
                kept += 1
                await cache.put(key, part)
              },
            },
            onPart: (done) => reports.push({ done, kept }),
          },
        )
        // Started together, every part was laid out before the first was reported: the progress bar jumped.
        const afterParts = reports.filter((report) => report.done > 0)
        expect(afterParts.length).toBe(partsOf(model.blocks).length + 3)
        for (const report of afterParts) expect(report.kept).toBe(report.done)
      }),
    120_000,
  )

  it('keeps to its size, dropping the entries used longest ago', () =>
    inCacheFolder(async (cacheFolder) => {
      const cache = createPartCache(cacheFolder, 1)
      const part = { bytes: new Uint8Array(10), meta: { pages: [], anchors: {}, outline: [] } }
      await cache.put('old', part)
      await cache.trim()
      expect(await cache.get('old')).toBeUndefined()
      expect(await readdir(cacheFolder)).toEqual([])
    }))
})

describe('parts laid out in worker threads', () => {
  it('give the same file as parts laid out in this thread', async () => {
    // vitest transforms only its own modules: the workers start the TypeScript entry through tsx's loader.
    const pool = createPartPool(
      {
        entry: new URL('../../../main/test-support/typescript-worker.mjs', import.meta.url),
        argv: [new URL('./part-worker.entry.ts', import.meta.url).href],
      },
      2,
    )
    try {
      const counted = counting(pool.layout)
      const bytes = await writePartedPdf(model, { now: NOW }, { layout: counted.layout })
      expect(counted.counts.body).toBe(partsOf(model.blocks).length)
      expect(Buffer.from(bytes).equals(Buffer.from(parted))).toBe(true)
    } finally {
      await pool.close()
    }
  }, 180_000)
})

describe('the export job', () => {
  it('lays a deliverable out through the part layouter it is given', async () => {
    const counted = counting()
    const result = await runExportJob(
      {
        format: 'pdf',
        project: { title: 'HECSOs', acronym: 'HECSOs', programme: 'Erasmus+', grantNumber: '', partners: [] },
        documents: fixture.example.documents,
        templates: [...fixture.catalogue.templates.values()],
        vocabularies: [...fixture.catalogue.vocabularies.values()],
        assets: {},
        now: NOW.toISOString(),
      },
      { pdfParts: counted },
    )
    expect(new TextDecoder().decode(result.bytes.subarray(0, 5))).toBe('%PDF-')
    expect(counted.counts.body).toBeGreaterThan(3)
    expect(counted.counts.front).toBe(2)
  }, 120_000)
})
