import { documentContentOf } from '../../core/model'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { countWords, plainTextOf, richTextFromParagraphs, RichTextSchema } from '../../core/model'
import type { FieldValues, HecsosDocument } from '../../core/model'
import type { Handlers } from '../../core/api/contract'
import { createHandlers } from '../../core/api/handlers'
import { createCatalogueSource } from '../../core/api/template-catalogue'
import { SHIPPED_TEMPLATES_DIR } from '../../core/templates/shipped-folder'
import { createLibraryStore } from '../../core/store'
import type { LibraryStore, Revision } from '../../core/store'

/**
 * What an autosave costs, and that the cost does not grow with the project: one document of the same size is
 * saved over and over in a project of 1 document and in one of 200 (~50k words), alternately, so both see the
 * same machine noise. For each save it records:
 *
 * - wall: from the call to the settled promise (mostly the two fsyncs, which run off the main thread);
 * - sync: how long the call itself blocks before returning its promise;
 * - mainThread: all the time the event loop was busy during the save (`performance.eventLoopUtilization`),
 *   i.e. the synchronous part plus every continuation (validation, JSON.stringify, bookkeeping). This is the
 *   figure the quality bar limits (≤ 5 ms p95).
 */

export interface Percentiles {
  median: number
  p95: number
}

export interface AutosaveProjectFigures {
  documents: number
  totalWords: number
  wallMs: Percentiles
  syncMs: Percentiles
  mainThreadMs: Percentiles
}

export interface AutosaveBenchResult {
  samples: number
  /** Words in the document being saved (the same in both projects). */
  documentWords: number
  /** Size of the saved document file, in bytes of compact JSON. */
  documentBytes: number
  small: AutosaveProjectFigures
  large: AutosaveProjectFigures
  /** large ÷ small, measured side by side: ≈ 1 when the cost does not depend on the project's size. */
  ratio: { wallMedian: number; mainThreadMedian: number; mainThreadP95: number }
}

export interface AutosaveBenchOptions {
  /** Saves measured per project (after a warm-up); default 300. */
  samples?: number
  /** Documents in the large project; default 200. */
  documents?: number
  /** Words across the large project; default 50,000. */
  totalWords?: number
}

const VOCABULARY = [
  'community',
  'engagement',
  'university',
  'civil',
  'society',
  'partnership',
  'curriculum',
  'workshop',
  'policy',
  'students',
  'researchers',
  'learning',
  'toolkit',
  'framework',
  'competency',
  'κοινότητα',
  'συμμετοχή',
  'μελέτη',
  'învățământ',
  'societate',
  'comunità',
  'Gemeinschaft',
  'sociedad',
  'the',
  'and',
  'of',
  'with',
  'for',
  'in',
]

/** Deterministic prose: the same text on every run, so runs compare. */
function prose(words: number, seed: number): string[] {
  const paragraphs: string[] = []
  let state = seed
  let sentence: string[] = []
  for (let index = 0; index < words; index += 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    sentence.push(VOCABULARY[state % VOCABULARY.length]!)
    if (sentence.length === 60 || index === words - 1) {
      paragraphs.push(`${sentence.join(' ')}.`)
      sentence = []
    }
  }
  return paragraphs
}

function bodyOf(paragraphs: string[]): FieldValues[string] {
  // RichText is JSON, but its open-ended node type is not provably so to TypeScript.
  return richTextFromParagraphs(paragraphs) as unknown as FieldValues[string]
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
  return { median: round(at(0.5)), p95: round(at(0.95)) }
}

const round = (value: number): number => Math.round(value * 1000) / 1000

interface Subject {
  projectId: string
  document: HecsosDocument
  revision: Revision
  documents: number
  totalWords: number
  wall: number[]
  sync: number[]
  mainThread: number[]
}

async function buildProject(
  store: LibraryStore,
  documents: number,
  wordsPerDocument: number,
): Promise<Subject> {
  const { project } = await store.createProject({ title: `Autosave bench, ${documents} documents` })
  let last: { document: HecsosDocument; revision: Revision } | undefined
  let totalWords = 0
  for (let index = 0; index < documents; index += 1) {
    const created = await store.createDocument(project.id, { title: `Document ${index + 1}` })
    const fields = { body: bodyOf(prose(wordsPerDocument, index + 1)) }
    last = await store.saveDocument(
      project.id,
      created.document.id,
      documentContentOf(created.document, { fields }),
      created.revision,
    )
    totalWords += countWords(plainTextOf(RichTextSchema.parse(last.document.fields.body)))
  }
  return {
    projectId: project.id,
    document: last!.document,
    revision: last!.revision,
    documents,
    totalWords,
    wall: [],
    sync: [],
    mainThread: [],
  }
}

/**
 * One autosave as the editor makes it: the same document, one word longer than last time, through the same
 * handler the IPC channel calls (input validation included), down to the disk.
 */
async function saveOnce(
  handlers: Handlers,
  subject: Subject,
  paragraphs: string[],
  record: boolean,
): Promise<void> {
  const content = documentContentOf(subject.document, { fields: { body: bodyOf(paragraphs) } })
  const before = performance.eventLoopUtilization()
  const started = performance.now()
  const pending = handlers['documents:save']({
    projectId: subject.projectId,
    documentId: subject.document.id,
    content,
    baseRevision: subject.revision,
  })
  const returned = performance.now()
  const result = await pending
  const settled = performance.now()
  const busy = performance.eventLoopUtilization(before)
  if (!result.ok) throw new Error(`The benchmark's save failed: ${result.error.message}`)
  const saved = result.data
  subject.document = saved.document
  subject.revision = saved.revision
  if (!record) return
  subject.sync.push(returned - started)
  subject.wall.push(settled - started)
  subject.mainThread.push(busy.active)
}

function figures(subject: Subject): AutosaveProjectFigures {
  return {
    documents: subject.documents,
    totalWords: subject.totalWords,
    wallMs: percentiles(subject.wall),
    syncMs: percentiles(subject.sync),
    mainThreadMs: percentiles(subject.mainThread),
  }
}

export async function benchAutosave(options: AutosaveBenchOptions = {}): Promise<AutosaveBenchResult> {
  const samples = options.samples ?? 300
  const documents = options.documents ?? 200
  const wordsPerDocument = Math.round((options.totalWords ?? 50_000) / documents)
  const root = await mkdtemp(join(tmpdir(), 'hecsos-autosave-bench-'))
  const store = await createLibraryStore({
    root,
    now: () => new Date().toISOString(),
    newId: () => randomUUID(),
  })
  const handlers = createHandlers({
    store,
    app: { name: 'autosave bench', version: '0' },
    catalogue: createCatalogueSource({ builtInDir: SHIPPED_TEMPLATES_DIR, userDir: join(root, 'templates') }),
    newId: randomUUID,
    clock: () => new Date(),
  })
  try {
    const small = await buildProject(store, 1, wordsPerDocument)
    const large = await buildProject(store, documents, wordsPerDocument)
    const base = prose(wordsPerDocument, 1)
    const warmUp = 30
    for (let turn = 0; turn < warmUp + samples; turn += 1) {
      // Typing: the last paragraph grows by a word per save.
      const paragraphs = [...base.slice(0, -1), `${base.at(-1)} ${'typing '.repeat(turn % 50)}`.trimEnd()]
      // Alternate which project goes first, so neither always follows the other's fsyncs.
      const order = turn % 2 === 0 ? [small, large] : [large, small]
      for (const subject of order) await saveOnce(handlers, subject, paragraphs, turn >= warmUp)
    }
    const smallFigures = figures(small)
    const largeFigures = figures(large)
    return {
      samples,
      documentWords: countWords(plainTextOf(RichTextSchema.parse(large.document.fields.body))),
      documentBytes: Buffer.byteLength(JSON.stringify(large.document)),
      small: smallFigures,
      large: largeFigures,
      ratio: {
        wallMedian: round(largeFigures.wallMs.median / smallFigures.wallMs.median),
        mainThreadMedian: round(largeFigures.mainThreadMs.median / smallFigures.mainThreadMs.median),
        mainThreadP95: round(largeFigures.mainThreadMs.p95 / smallFigures.mainThreadMs.p95),
      },
    }
  } finally {
    await store.close()
    await rm(root, { recursive: true, force: true })
  }
}
