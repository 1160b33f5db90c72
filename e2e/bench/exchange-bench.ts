import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { SHIPPED_TEMPLATES_DIR } from '../../core/templates/shipped-folder'
import { createAppDeps, type AppDeps } from '../../core/api/deps'
import { createHandlers } from '../../core/api/handlers'
import type { Handlers } from '../../core/api/contract'
import { buildPackage, readPackage, writePackage } from '../../core/package'
import { documentContentOf, plainTextOf, richTextFromParagraphs, type RichText } from '../../core/model'
import { median, type BenchSection } from './report'
import { ok } from '../../core/api/test-support'

/**
 * Exchange on the reference project of QUALITY.md, generated here: 200 documents of ~350 words (70k words) and
 * 50 images of 60 KB (random bytes behind a PNG signature: photos do not compress either). Measured through the
 * handlers, as the app calls them: pack, open into an empty library, merge two partners' edited copies (20
 * documents edited on each side, one of them on both sides in different paragraphs), and the size history adds
 * after 100 small saves, each recorded as its own version (the worst case: the app records at most one a minute).
 */

const DOCUMENTS = 200
const PARAGRAPHS = 7
const WORDS_PER_PARAGRAPH = 50
const IMAGES = 50
const IMAGE_BYTES = 60 * 1024
const SAVES = 100

const VOCABULARY = (
  'community engagement practice partners workshop youth municipality evidence participation civil society ' +
  'university students training competence framework curriculum policy recommendation local regional ' +
  'ξενώνας κοινότητα συμμετοχή școală comunitate participare escuela comunidad participación Gemeinde Beteiligung'
).split(' ')

interface Library {
  dir: string
  deps: AppDeps
  handlers: Handlers
}

async function openLibrary(label: string): Promise<Library> {
  const dir = await mkdtemp(join(tmpdir(), `hecsos-exchange-bench-${label}-`))
  const deps = await createAppDeps({
    dataDir: dir,
    appVersion: '0.0.0-bench',
    templatesDir: SHIPPED_TEMPLATES_DIR,
  })
  return { dir, deps, handlers: createHandlers(deps) }
}

async function closeLibrary(library: Library): Promise<void> {
  await library.deps.close()
  await rm(library.dir, { recursive: true, force: true })
}

let seed = 1
function nextWord(): string {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return VOCABULARY[seed % VOCABULARY.length]!
}

function paragraphText(): string {
  return `${Array.from({ length: WORDS_PER_PARAGRAPH }, nextWord).join(' ')}.`
}

async function referenceProject(library: Library): Promise<{ projectId: string; documentIds: string[] }> {
  const view = await ok(library.handlers['projects:create']({ title: 'Reference project', acronym: 'REF' }))
  const projectId = view.project.id
  const documentIds: string[] = []
  for (let i = 0; i < DOCUMENTS; i += 1) {
    const paragraphs = Array.from({ length: PARAGRAPHS }, paragraphText)
    const created = await ok(
      library.handlers['documents:create']({
        projectId,
        document: {
          title: `Document ${i + 1}`,
          fields: { body: richTextFromParagraphs(paragraphs) as never },
        },
      }),
    )
    documentIds.push(created.document.id)
  }
  for (let i = 0; i < IMAGES; i += 1) {
    const bytes = randomBytes(IMAGE_BYTES)
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    await ok(library.handlers['assets:add']({ projectId, bytes: new Uint8Array(bytes) }))
  }
  return { projectId, documentIds }
}

async function editParagraph(library: Library, projectId: string, documentId: string, index: number) {
  const { document, revision } = await ok(library.handlers['documents:get']({ projectId, documentId }))
  const paragraphs = plainTextOf(document.fields.body as unknown as RichText).split('\n\n')
  paragraphs[index] = `${paragraphs[index]} Edited ${nextWord()}.`
  await ok(
    library.handlers['documents:save']({
      projectId,
      documentId,
      baseRevision: revision,
      content: documentContentOf(document, { fields: { body: richTextFromParagraphs(paragraphs) as never } }),
    }),
  )
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await work()
  return { ms: performance.now() - start, value }
}

export interface ExchangeBenchResult {
  packMs: number
  openMs: number
  mergeMs: number
  packageBytes: number
  historyShare: number
  historyBytes: number
  conflicts: number
}

export async function benchExchangeOnce(): Promise<ExchangeBenchResult> {
  const coordinator = await openLibrary('coordinator')
  const partner = await openLibrary('partner')
  const newcomer = await openLibrary('newcomer')
  try {
    const { projectId, documentIds } = await referenceProject(coordinator)
    // The first pack records the first version; the measured one packs a project with history, as usual.
    await ok(coordinator.handlers['projects:pack']({ projectId }))
    const pack = await timed(() => ok(coordinator.handlers['projects:pack']({ projectId })))
    const open = await timed(() =>
      ok(newcomer.handlers['projects:open-package']({ bytes: pack.value.bytes })),
    )

    await ok(partner.handlers['projects:open-package']({ bytes: pack.value.bytes }))
    for (let i = 0; i < 20; i += 1) await editParagraph(coordinator, projectId, documentIds[i]!, 0)
    for (let i = 19; i < 39; i += 1) await editParagraph(partner, projectId, documentIds[i]!, 3)
    const theirs = await ok(partner.handlers['projects:pack']({ projectId }))
    await ok(coordinator.handlers['projects:pack']({ projectId }))
    const merge = await timed(() =>
      ok(coordinator.handlers['projects:merge-package']({ projectId, bytes: theirs.bytes })),
    )

    // History after 100 small saves, each its own version: the package with and without it.
    for (let save = 0; save < SAVES; save += 1) {
      await editParagraph(newcomer, projectId, documentIds[(save * 37) % DOCUMENTS]!, save % PARAGRAPHS)
      await newcomer.deps.history!.snapshot(projectId)
    }
    const withHistory = (await ok(newcomer.handlers['projects:pack']({ projectId }))).bytes
    const read = await readPackage(withHistory)
    const { history: _history, ...withoutHistoryContents } = read.contents
    const withoutHistory = await writePackage(
      buildPackage(withoutHistoryContents, {
        now: read.manifest.madeAt,
        appVersion: read.manifest.appVersion,
        author: read.manifest.madeBy.name,
      }),
    )
    return {
      packMs: pack.ms,
      openMs: open.ms,
      mergeMs: merge.ms,
      packageBytes: pack.value.bytes.byteLength,
      historyBytes: withHistory.byteLength - withoutHistory.byteLength,
      historyShare: (withHistory.byteLength - withoutHistory.byteLength) / withoutHistory.byteLength,
      conflicts: merge.value.conflicts.length,
    }
  } finally {
    for (const library of [coordinator, partner, newcomer]) await closeLibrary(library)
  }
}

export async function benchExchange(runs: number): Promise<BenchSection> {
  const results: ExchangeBenchResult[] = []
  for (let run = 0; run < runs; run += 1) {
    results.push(await benchExchangeOnce())
    process.stdout.write(`  exchange run ${run + 1}/${runs} done\n`)
  }
  const of = (pick: (result: ExchangeBenchResult) => number) => median(results.map(pick))
  return {
    id: 'exchange',
    title: 'Exchange: pack, open, merge, history',
    method:
      `A generated reference project: ${DOCUMENTS} documents of ~${PARAGRAPHS * WORDS_PER_PARAGRAPH} words ` +
      `(${(DOCUMENTS * PARAGRAPHS * WORDS_PER_PARAGRAPH).toLocaleString('en')} words) and ${IMAGES} images of ` +
      `${IMAGE_BYTES / 1024} KB, through the handlers: \`projects:pack\` (with its history snapshot), ` +
      '`projects:open-package` into an empty library (full verification of the untrusted file included), ' +
      '`projects:merge-package` of a partner’s copy into the coordinator’s (20 documents edited on each side, one ' +
      `on both sides in different paragraphs: ${results[0]?.conflicts ?? 0} conflicts), and the bytes history adds ` +
      `to the package after ${SAVES} small saves, each recorded as its own version. Source: \`e2e/bench/exchange-bench.ts\`.`,
    runs,
    figures: [
      {
        label: 'pack the reference project',
        value: of((r) => r.packMs),
        unit: 'ms',
        goal: { max: 1000, text: '≤ 1 s' },
      },
      {
        label: 'open its package into a library',
        value: of((r) => r.openMs),
        unit: 'ms',
        goal: { max: 1000, text: '≤ 1 s' },
      },
      {
        label: 'merge two edited copies',
        value: of((r) => r.mergeMs),
        unit: 'ms',
        goal: { max: 1000, text: '≤ 1 s' },
      },
      { label: 'package size', value: Math.round(of((r) => r.packageBytes) / 1024), unit: 'KB' },
      {
        label: `history after ${SAVES} small saves ÷ the package without it`,
        value: Math.round(of((r) => r.historyShare) * 1000) / 1000,
        unit: 'ratio',
        goal: { max: 0.2, text: '≤ 0.2 (20 %)' },
      },
      {
        label: `history after ${SAVES} small saves`,
        value: Math.round(of((r) => r.historyBytes) / 1024),
        unit: 'KB',
      },
    ],
  }
}
