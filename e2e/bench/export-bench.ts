import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'
import { blockText } from '../../core/export'
import {
  printModelOfJob,
  runExportJob,
  type ExportJobAsset,
  type ExportJobInput,
} from '../../core/export/export-job'
import { partWorkerCount } from '../../core/export/pdf/part-pool'
import { partsOf } from '../../core/export/pdf/pdf-parts'
import { loadExampleFixture } from '../../core/export/test-support'
import type { RichText, SerializedNode } from '../../core/model'
import { median, type BenchSection } from './report'

/**
 * The reference deliverable of QUALITY.md, generated here: the Example's eight result documents (one per
 * template, Greek and Romanian among them) three times over, bundled by a deliverable with ~50 generated
 * pictures in its annexes. Measured side by side in the same run: our PDF export, our DOCX export (with and
 * without the pictures), and LibreOffice converting our own DOCX to PDF.
 */

const COPIES = 3
const PICTURES = 50

export interface ExportBenchResult {
  pages: number
  words: number
  documents: number
  pictures: number
  /** The body parts the publication is laid out in. */
  parts: number
  cores: number
  /** Nothing cached, as many layout workers as pay off here (partWorkerCount). */
  pdfColdMs: number
  /** Nothing cached, two layout workers whatever the machine. */
  pdfColdTwoWorkersMs: number
  workers: number
  /** After one bundled document was edited: that part and the front matter laid out again, the rest cached. */
  pdfWarmMs: number
  docxTextMs: number
  docxImagesMs: number
  libreOfficeMs: number
  peakRssMB: number
  /** The same PDF export in a fresh process: nothing compiled, no word shaped yet (the app's export worker). */
  pdfFreshMs: number
}

/** A PNG of a soft gradient with a band whose place depends on `seed`, so every picture is different. */
function picture(seed: number, width = 480, height = 300): Uint8Array {
  const row = width * 3 + 1
  const raw = Buffer.alloc(row * height)
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0
    for (let x = 0; x < width; x++) {
      const band = Math.abs(((x + seed * 37) % width) - width / 2) < 30
      const offset = y * row + 1 + x * 3
      raw[offset] = band ? 255 : (x * 255) / width
      raw[offset + 1] = band ? 204 : (y * 255) / height
      raw[offset + 2] = band ? 0 : 150 + (seed % 100)
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  )
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

const text = (value: string): SerializedNode => ({ type: 'text', version: 1, text: value, format: 0 })

export async function referenceInput(): Promise<{ input: ExportJobInput; withoutPictures: ExportJobInput }> {
  const fixture = await loadExampleFixture()
  const originals = fixture.example.documents.filter((document) => document.templateId !== 'deliverable')
  const documents = Array.from({ length: COPIES }, (_, copy) =>
    originals.map((document) => ({
      ...document,
      id: `${document.id}-copy${copy + 1}`,
      title: copy === 0 ? document.title : `${document.title} (${copy + 1})`,
    })),
  ).flat()
  const assets: Record<string, ExportJobAsset> = {}
  const figures: SerializedNode[] = []
  for (let index = 0; index < PICTURES; index++) {
    const assetId = index.toString(16).padStart(64, 'e')
    assets[assetId] = { bytes: picture(index), mediaType: 'image/png' }
    figures.push(
      {
        type: 'paragraph',
        version: 1,
        children: [text(`Photograph ${index + 1} was taken during the fieldwork of the partnership.`)],
      },
      {
        type: 'image',
        version: 1,
        assetId,
        alt: `Fieldwork photograph ${index + 1}`,
        caption: `Fieldwork photograph ${index + 1}`,
        credit: 'Photo: HECSOs partnership',
      },
    )
  }
  const photographs: RichText = {
    format: 'lexical',
    schemaVersion: 1,
    root: { type: 'root', version: 1, children: figures } as RichText['root'],
  }
  const original = fixture.byKey('deliverable-d3-2')
  const deliverable = {
    ...original,
    fields: {
      ...original.fields,
      documents: documents.map((document) => ({ documentId: document.id })),
      annexes: [
        ...((original.fields.annexes as unknown[]) ?? []),
        {
          id: 'annex-photographs',
          values: { annexTitle: 'Fieldwork photographs', annexContent: photographs },
        },
      ],
    },
  }
  const input: ExportJobInput = {
    format: 'pdf',
    project: {
      title: 'HECSOs reference deliverable',
      acronym: 'HECSOs',
      programme: 'Erasmus+',
      grantNumber: '2023-1-IT02-KA220-HED-000123456',
      partners: [],
    },
    documents: [...documents, deliverable],
    templates: [...fixture.catalogue.templates.values()],
    vocabularies: [...fixture.catalogue.vocabularies.values()],
    assets,
    now: '2026-03-01T09:00:00.000Z',
  }
  const textOnly = {
    ...deliverable,
    fields: { ...deliverable.fields, annexes: original.fields.annexes ?? [] },
  }
  return {
    input,
    withoutPictures: { ...input, documents: [...documents, textOnly], assets: {} },
  }
}

function pagesOf(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0
  )
}

const WORKER_FOLDER = fileURLToPath(new URL('../../node_modules/.cache/hecsos-bench/', import.meta.url))

/**
 * The part-layout worker bundled as the app bundles it (electron-vite's `?modulePath` entry is the same module,
 * with its dependencies left in node_modules), so the workers start as they do in the app, not through tsx.
 */
async function bundlePartWorker(): Promise<string> {
  const { build } = await import('vite')
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: fileURLToPath(new URL('../../core/export/pdf/part-worker.entry.ts', import.meta.url)),
      outDir: WORKER_FOLDER,
      emptyOutDir: true,
      rollupOptions: { output: { entryFileNames: 'part-worker.mjs' } },
    },
  })
  return join(WORKER_FOLDER, 'part-worker.mjs')
}

/**
 * How the app lays out a PDF: the parts in as many worker threads as pay off here (none on 2 cores), or `count`,
 * kept in a cache folder.
 */
function appLayout(worker: string, cacheFolder: string, count?: number): ExportJobInput['pdfLayout'] {
  return { worker: { entry: worker, ...(count !== undefined ? { count } : {}) }, cacheFolder }
}

/** The input with one bundled document edited: a sentence added to its first paragraph of rich text. */
function editedOne(input: ExportJobInput): ExportJobInput {
  let done = false
  const edit = (value: unknown): unknown => {
    if (done || value === null || typeof value !== 'object') return value
    if (Array.isArray(value)) return value.map(edit)
    const node = value as Record<string, unknown>
    if (node.type === 'text' && typeof node.text === 'string') {
      done = true
      return { ...node, text: `${node.text} This sentence was added after the first export.` }
    }
    return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, edit(inner)]))
  }
  const [first, ...rest] = input.documents
  return {
    ...input,
    documents: [
      { ...first!, fields: edit(first!.fields) as ExportJobInput['documents'][number]['fields'] },
      ...rest,
    ],
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await work()
  return { ms: performance.now() - started, value }
}

export async function benchExportOnce(worker: string): Promise<ExportBenchResult> {
  const { input, withoutPictures } = await referenceInput()
  const folder = await mkdtemp(join(tmpdir(), 'hecsos-export-bench-'))
  try {
    // One warm-up export loads the fonts and compiles the code paths, as an app that has exported once has.
    await runExportJob({ ...withoutPictures, format: 'docx' })
    await runExportJob({ ...withoutPictures, pdfLayout: appLayout(worker, join(folder, 'warm-up-cache')) })
    const cache = join(folder, 'cache')
    const pdf = await timed(() => runExportJob({ ...input, pdfLayout: appLayout(worker, cache) }))
    const twoWorkers = await timed(() =>
      runExportJob({ ...input, pdfLayout: appLayout(worker, join(folder, 'cache-2'), 2) }),
    )
    const edited = await timed(() =>
      runExportJob({ ...editedOne(input), pdfLayout: appLayout(worker, cache) }),
    )
    const docxText = await timed(() => runExportJob({ ...withoutPictures, format: 'docx' }))
    const docxImages = await timed(() => runExportJob({ ...input, format: 'docx' }))
    const docxFile = join(folder, 'reference.docx')
    await writeFile(docxFile, docxImages.value.bytes)
    const libreOffice = await timed(async () =>
      execFileSync(
        'soffice',
        [
          '--headless',
          `-env:UserInstallation=file://${join(folder, 'profile')}`,
          '--convert-to',
          'pdf',
          '--outdir',
          folder,
          docxFile,
        ],
        { stdio: 'ignore', timeout: 300_000 },
      ),
    )
    const model = printModelOfJob(input).model
    return {
      pages: pagesOf(pdf.value.bytes),
      words: blockText(model.blocks).split(/\s+/u).filter(Boolean).length,
      documents: input.documents.length,
      pictures: PICTURES,
      parts: partsOf(model.blocks).length,
      cores: availableParallelism(),
      pdfColdMs: pdf.ms,
      pdfColdTwoWorkersMs: twoWorkers.ms,
      workers: partWorkerCount(),
      pdfWarmMs: edited.ms,
      docxTextMs: docxText.ms,
      docxImagesMs: docxImages.ms,
      libreOfficeMs: libreOffice.ms,
      ...exportInFreshProcess(worker),
    }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

const THIS_FILE = fileURLToPath(import.meta.url)

/**
 * One export where nothing else runs: a fresh Node process that builds the reference input and exports the PDF
 * with its pictures (the largest of the exports), as the app's export worker does each time — its code not yet
 * compiled by the engine, no word of the text shaped yet. Reports the export's time (the input's building and
 * the modules' loading left out) and the process's maximum RSS.
 */
function exportInFreshProcess(worker: string): { pdfFreshMs: number; peakRssMB: number } {
  const output = execFileSync(process.execPath, ['--import', 'tsx', THIS_FILE, '--export-alone', worker], {
    encoding: 'utf8',
    timeout: 300_000,
  })
  return {
    pdfFreshMs: Number(/export-ms=([\d.]+)/.exec(output)?.[1]),
    peakRssMB: Number(/peak-rss-mb=([\d.]+)/.exec(output)?.[1]),
  }
}

if (process.argv[1] === THIS_FILE && process.argv.includes('--export-alone')) {
  const { input } = await referenceInput()
  const folder = await mkdtemp(join(tmpdir(), 'hecsos-export-alone-'))
  const exported = await timed(() =>
    runExportJob({ ...input, pdfLayout: appLayout(process.argv.at(-1)!, folder) }),
  )
  await rm(folder, { recursive: true, force: true })
  process.stdout.write(`export-ms=${exported.ms}\npeak-rss-mb=${process.resourceUsage().maxRSS / 1024}\n`)
}

export async function benchExport(runs: number): Promise<BenchSection> {
  const results: ExportBenchResult[] = []
  const worker = await bundlePartWorker()
  for (let run = 0; run < runs; run += 1) {
    results.push(await benchExportOnce(worker))
    process.stdout.write(`  export run ${run + 1}/${runs} done\n`)
  }
  const of = (pick: (result: ExportBenchResult) => number) => median(results.map(pick))
  const first = results[0]!
  return {
    id: 'export',
    title: 'PDF and DOCX export of the reference deliverable',
    method:
      `A generated deliverable: the Example's eight result documents ${COPIES} times over (${first.documents - 1} ` +
      `bundled documents, every template, Greek and Romanian among them, level and coverage matrices), the cover, ` +
      `history, contents and lists, and an annex of ${first.pictures} generated 480×300 PNG pictures: ` +
      `${first.pages} A4 pages, ${first.words} words. Each run: one warm-up export, then our PDF, our DOCX without ` +
      'and with the pictures, and LibreOffice converting that DOCX to PDF (`soffice --headless --convert-to pdf`, ' +
      'fresh profile, so its start-up is included), side by side. Our PDF is laid out as the app does it (the ' +
      `part worker bundled as the app bundles it): the publication cut into its front matter and ${first.parts} ` +
      'parts, each laid out by pdfmake on its own, in min(cores − 1, 4) worker threads when that is 2 or more ' +
      `(this machine has ${first.cores} cores, so ${first.workers === 0 ? 'none: the export thread lays them out' : `${first.workers}`}; ` +
      "users' laptops have 4–8), then put together at the file level. Measured cold (empty cache of laid-out " +
      'parts), cold with two workers forced (what 2 cores would do with the pool), and again after a sentence is ' +
      'added to one bundled document (only its part laid out again, and the front matter if a page number ' +
      'moved). These run in the bench process after the warm-up export, which had the same text: pdfmake is ' +
      'compiled and pdfkit knows the shape of every word. An export in the app starts a fresh worker, where ' +
      'neither holds: the same export is also timed in a fresh process, alone (its modules loaded and its input ' +
      'built before the clock starts). Peak memory: the maximum RSS of that process, workers included. ' +
      'Source: `e2e/bench/export-bench.ts`.',
    runs,
    figures: [
      { label: `pages of the reference deliverable`, value: first.pages, unit: 'count' },
      {
        label: 'PDF export, cold (nothing cached), after an export of the same text, median',
        value: of((r) => r.pdfColdMs),
        unit: 'ms',
      },
      {
        label: 'PDF export in a fresh process (as in the app: the first layout of its worker), median',
        value: of((r) => r.pdfFreshMs),
        unit: 'ms',
      },
      {
        label: 'PDF export, cold, two layout workers forced, median',
        value: of((r) => r.pdfColdTwoWorkersMs),
        unit: 'ms',
      },
      {
        label: 'PDF re-export after editing one document, median',
        value: of((r) => r.pdfWarmMs),
        unit: 'ms',
      },
      { label: 'LibreOffice: our DOCX → PDF, median', value: of((r) => r.libreOfficeMs), unit: 'ms' },
      {
        label: 'PDF export, cold, after an export of the same text ÷ LibreOffice',
        value: of((r) => r.pdfColdMs / r.libreOfficeMs),
        unit: 'ratio',
        goal: { max: 0.35, text: '≤ 0.35' },
      },
      {
        label: 'PDF export in a fresh process ÷ LibreOffice',
        value: of((r) => r.pdfFreshMs / r.libreOfficeMs),
        unit: 'ratio',
        goal: { max: 0.35, text: '≤ 0.35' },
      },
      {
        label: 'PDF export, cold, two workers forced ÷ LibreOffice',
        value: of((r) => r.pdfColdTwoWorkersMs / r.libreOfficeMs),
        unit: 'ratio',
        goal: { max: 0.35, text: '≤ 0.35' },
      },
      {
        label: 'PDF re-export after one edit ÷ LibreOffice',
        value: of((r) => r.pdfWarmMs / r.libreOfficeMs),
        unit: 'ratio',
        goal: { max: 0.35, text: '≤ 0.35' },
      },
      {
        label: 'DOCX export, text only',
        value: of((r) => r.docxTextMs),
        unit: 'ms',
        goal: { max: 1500, text: '≤ 1.5 s' },
      },
      {
        label: `DOCX export with ${first.pictures} pictures`,
        value: of((r) => r.docxImagesMs),
        unit: 'ms',
        goal: { max: 4000, text: '≤ 4 s' },
      },
      {
        label: 'peak memory of one PDF export (process RSS)',
        value: Math.round(Math.max(...results.map((r) => r.peakRssMB))),
        unit: 'MB',
        goal: { max: 600, text: '≤ 600 MB' },
      },
    ],
  }
}
