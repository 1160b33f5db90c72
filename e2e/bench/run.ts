import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { benchAutosave, type AutosaveBenchResult } from './autosave-bench'
import { benchEditor, type EditorBenchResult } from './editor-bench'
import { benchExample, type ExampleBenchResult } from './example-bench'
import { benchExport } from './export-bench'
import { benchPackaging } from './packaging-bench'
import { benchExchange } from './exchange-bench'
import {
  machineDescription,
  machineSummary,
  median,
  renderMarkdown,
  type BenchReport,
  type BenchSection,
} from './report'

/**
 * `npm run bench`: runs every benchmark several times, keeps the median of each figure, and writes
 * docs/benchmarks.json and docs/BENCHMARKS.md. Sections of benchmarks not run this time are kept as they were,
 * so a partial run (`npm run bench -- autosave`) updates only its own section.
 */
const docsDir = join(import.meta.dirname, '..', '..', 'docs')
const RUNS = Number(process.env.BENCH_RUNS ?? 5)

const benchmarks: Record<string, () => Promise<BenchSection>> = {
  autosave: async () => {
    const results: AutosaveBenchResult[] = []
    for (let run = 0; run < RUNS; run += 1) {
      results.push(await benchAutosave())
      process.stdout.write(`  autosave run ${run + 1}/${RUNS} done\n`)
    }
    const of = (pick: (result: AutosaveBenchResult) => number) => median(results.map(pick))
    const goal5ms = { max: 5, text: '≤ 5 ms p95' }
    const independent = { max: 1.25, text: '≈ 1 (independent of project size)' }
    const first = results[0]!
    return {
      id: 'autosave',
      title: 'Autosave after a keystroke',
      method:
        `One document of ${first.documentWords} words (${first.documentBytes} bytes of JSON) saved ${first.samples} times ` +
        `through the \`documents:save\` handler, alternately in a project of 1 document and in one of ` +
        `${first.large.documents} documents / ${first.large.totalWords} words. Main-thread time is the event loop's ` +
        'busy time during a save (validation, serialisation, bookkeeping); wall time includes the two fsyncs, which ' +
        'run off the main thread. Source: `e2e/bench/autosave-bench.ts`.',
      runs: RUNS,
      figures: [
        {
          label: 'main-thread time, p95, 200-document project',
          value: of((r) => r.large.mainThreadMs.p95),
          unit: 'ms',
          goal: goal5ms,
        },
        {
          label: 'main-thread time, median, 200-document project',
          value: of((r) => r.large.mainThreadMs.median),
          unit: 'ms',
        },
        {
          label: 'main-thread time, p95, 1-document project',
          value: of((r) => r.small.mainThreadMs.p95),
          unit: 'ms',
          goal: goal5ms,
        },
        {
          label: 'wall time to durable, median, 200-document project',
          value: of((r) => r.large.wallMs.median),
          unit: 'ms',
        },
        {
          label: 'wall time to durable, p95, 200-document project',
          value: of((r) => r.large.wallMs.p95),
          unit: 'ms',
        },
        {
          label: 'main-thread median, 200 ÷ 1 documents',
          value: of((r) => r.ratio.mainThreadMedian),
          unit: 'ratio',
          goal: independent,
        },
        {
          label: 'wall median, 200 ÷ 1 documents',
          value: of((r) => r.ratio.wallMedian),
          unit: 'ratio',
          goal: independent,
        },
      ],
    }
  },
  example: async () => {
    const results: ExampleBenchResult[] = []
    for (let run = 0; run < RUNS; run += 1) {
      results.push(await benchExample())
      process.stdout.write(`  example run ${run + 1}/${RUNS} done\n`)
    }
    const of = (pick: (result: ExampleBenchResult) => number) => median(results.map(pick))
    const first = results[0]!
    return {
      id: 'example',
      title: 'Export and exchange on the Example project (interim)',
      method:
        `The Example project: ${first.documents} documents, ${first.pages} A4 pages when each is exported alone. ` +
        'PDF export through the `documents:export` handler, one document after another, after one warm-up export ' +
        'that loads the fonts; packing through `projects:pack`; reading the package back with the full checks of ' +
        'an untrusted file. The reference deliverable of QUALITY.md (~200 pages, side by side with LibreOffice) ' +
        'comes with the deliverable export. Source: `e2e/bench/example-bench.ts`.',
      runs: RUNS,
      figures: [
        {
          label: `PDF export of all ${first.documents} documents (${first.pages} pages)`,
          value: of((r) => r.pdfExportAllMs),
          unit: 'ms',
        },
        {
          label: 'PDF export of the slowest single document',
          value: of((r) => r.pdfExportLargestMs),
          unit: 'ms',
        },
        {
          label: 'pack the project into a .hecsos file',
          value: of((r) => r.packMs),
          unit: 'ms',
        },
        {
          label: 'read and verify the package',
          value: of((r) => r.readPackageMs),
          unit: 'ms',
        },
        { label: 'package size', value: Math.round(of((r) => r.packageBytes) / 1024), unit: 'KB' },
      ],
    }
  },
  export: () => benchExport(RUNS),
  packaging: benchPackaging,
  editor: async () => {
    const results: EditorBenchResult[] = []
    for (let run = 0; run < RUNS; run += 1) {
      results.push(await benchEditor())
      process.stdout.write(`  editor run ${run + 1}/${RUNS} done\n`)
    }
    const of = (pick: (result: EditorBenchResult) => number) => median(results.map(pick))
    const first = results[0]!
    return {
      id: 'editor',
      title: 'The authoring workspace on the reference project',
      method:
        `A generated project of ${first.documents} documents and ${first.totalWords} words (the Example project, ` +
        `190 short free-text documents, one of ${first.largestWords} words), in Chromium on the built renderer ` +
        'with the preload API bridged to the real handlers (the e2e harness: calls are posted as JSON text to a ' +
        "local server where Electron's IPC would clone them). Open: library → the large document, editable. Switch: a real click " +
        'on a link of the sidebar, timed from the click, right after typing a sentence (what was typed is saved once the next document is drawn; the ' +
        'switch does not wait for the disk), in three rounds with a pause of 1.5 s after each switch, as an author ' +
        'looks at the document they switched to; the first switch to the large document in a session on its own; ' +
        'and again with nothing left to save. Keystrokes: Event Timing `keydown` durations while typing ' +
        `${first.keystrokes} keys at the end of the large document (from the first key typed: the Ctrl+End before it, ` +
        'reported once its frame is painted, is left out); Chromium reports only events of 16 ms or more, ' +
        'so unreported keystrokes count as 16 ms (the p95 is an upper bound). Headless Chromium reports more than ' +
        '16 ms for many keys of a bare contenteditable with no script behind it, so the same typing into a bare ' +
        "contenteditable holding the same text is the floor; the app's own share of a key is timed in the page: " +
        'the dispatch of its events with the work they queued, and the time until the frame after it is rendered. ' +
        'Heap: V8 used size after typing. Export: the large document to PDF from the Export dialog (its preview, ' +
        "then the file), the page's long tasks (50 ms or more, the browser's own measure) recorded through each. " +
        'Source: `e2e/bench/editor-bench.ts`.',
      runs: RUNS,
      figures: [
        {
          label: 'open the project to a short document, editable',
          value: of((r) => r.openSmallMs),
          unit: 'ms',
          goal: { max: 1000, text: '≤ 1 s' },
        },
        {
          label: 'open the project to the large document, editable',
          value: of((r) => r.openMs),
          unit: 'ms',
          goal: { max: 1000, text: '≤ 1 s' },
        },
        {
          label: 'switch right after typing to a short document (median of rounds)',
          value: of((r) => r.switchToSmallMs),
          unit: 'ms',
          goal: { max: 200, text: '≤ 200 ms' },
        },
        {
          label: 'switch right after typing to the large document (median of rounds)',
          value: of((r) => r.switchToLargeMs),
          unit: 'ms',
          goal: { max: 200, text: '≤ 200 ms' },
        },
        {
          label: 'first switch to the large document in a session, right after typing',
          value: of((r) => r.firstSwitchToLargeMs),
          unit: 'ms',
          goal: { max: 200, text: '≤ 200 ms' },
        },
        {
          label: 'switch to a short document, nothing left to save',
          value: of((r) => r.switchToSmallSavedMs),
          unit: 'ms',
          goal: { max: 200, text: '≤ 200 ms' },
        },
        {
          label: 'switch to the large document, nothing left to save',
          value: of((r) => r.switchToLargeSavedMs),
          unit: 'ms',
          goal: { max: 200, text: '≤ 200 ms' },
        },
        {
          label: 'keystroke event duration, p95 (upper bound), short document',
          value: of((r) => r.keystrokeP95SmallMs),
          unit: 'ms',
          goal: { max: 16, text: '≤ 16 ms' },
        },
        {
          label: 'keystroke event duration, p95 (upper bound), large document',
          value: of((r) => r.keystrokeP95Ms),
          unit: 'ms',
          goal: { max: 16, text: '≤ 16 ms' },
        },
        {
          label: 'floor: keystroke event duration, p95 (upper bound), bare contenteditable, short text',
          value: of((r) => r.floorKeystrokeP95SmallMs),
          unit: 'ms',
        },
        {
          label: 'floor: keystroke event duration, p95 (upper bound), bare contenteditable, 50k words',
          value: of((r) => r.floorKeystrokeP95Ms),
          unit: 'ms',
        },
        {
          label: 'keystroke handlers (its events and the work they queued), p95, short document',
          value: of((r) => r.keystrokeHandlerP95SmallMs),
          unit: 'ms',
        },
        {
          label: 'keystroke handlers (its events and the work they queued), p95, large document',
          value: of((r) => r.keystrokeHandlerP95Ms),
          unit: 'ms',
        },
        {
          label: 'keystroke until the next frame is rendered, p95, short document',
          value: of((r) => r.keystrokeFrameP95SmallMs),
          unit: 'ms',
        },
        {
          label: 'keystroke until the next frame is rendered, p95, large document',
          value: of((r) => r.keystrokeFrameP95Ms),
          unit: 'ms',
        },
        {
          label: 'floor: keystroke until the next frame is rendered, p95, bare contenteditable, short text',
          value: of((r) => r.floorKeystrokeFrameP95SmallMs),
          unit: 'ms',
        },
        {
          label: 'floor: keystroke until the next frame is rendered, p95, bare contenteditable, 50k words',
          value: of((r) => r.floorKeystrokeFrameP95Ms),
          unit: 'ms',
        },
        {
          label: 'keystrokes over 16 ms, large document',
          value: of((r) => r.keystrokesOver16),
          unit: 'count',
        },
        { label: 'slowest keystroke, large document', value: of((r) => r.keystrokeMaxMs), unit: 'ms' },
        {
          label: 'JS heap while editing',
          value: of((r) => r.heapMB),
          unit: 'MB',
          goal: { max: 150, text: '≤ 150 MB' },
        },
        { label: 'JS heap after a garbage collection', value: of((r) => r.heapAfterGcMB), unit: 'MB' },
        { label: 'PDF of the large document, pages', value: of((r) => r.exportPages), unit: 'count' },
        {
          label:
            'longest task blocking the page while its PDF preview is made and painted (0: none of 50 ms)',
          value: of((r) => r.previewLongestTaskMs),
          unit: 'ms',
        },
        {
          label: 'longest task blocking the page while the PDF is exported (0: none of 50 ms)',
          value: of((r) => r.exportLongestTaskMs),
          unit: 'ms',
          goal: { max: 50, text: '≤ 50 ms' },
        },
        { label: 'PDF export from the dialog, until "Saved as"', value: of((r) => r.exportMs), unit: 'ms' },
      ],
    }
  },
  exchange: () => benchExchange(RUNS),
}

async function previousSections(): Promise<BenchSection[]> {
  try {
    const previous = JSON.parse(await readFile(join(docsDir, 'benchmarks.json'), 'utf8')) as BenchReport
    // A report from before sections carried their own date was measured all at once, when it was generated.
    const whole = { at: previous.generatedAt, machine: machineSummary(previous.machine) }
    return previous.sections.map((section) => ({ measured: whole, ...section }))
  } catch {
    return []
  }
}

const wanted = process.argv.slice(2)
const unknown = wanted.filter((name) => !(name in benchmarks))
if (unknown.length > 0) {
  process.stderr.write(
    `Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(benchmarks).join(', ')}\n`,
  )
  process.exit(2)
}
const selected = wanted.length > 0 ? wanted : Object.keys(benchmarks)
const fresh: BenchSection[] = []
for (const name of selected) {
  process.stdout.write(`${name}…\n`)
  const section = await benchmarks[name]!()
  fresh.push({
    ...section,
    measured: { at: new Date().toISOString(), machine: machineSummary(machineDescription()) },
  })
}
const kept = (await previousSections()).filter(
  (section) => !selected.includes(section.id) && section.id in benchmarks,
)
const report: BenchReport = {
  generatedAt: new Date().toISOString(),
  command: 'npm run bench',
  machine: machineDescription(),
  sections: [...fresh, ...kept].sort(
    (a, b) => Object.keys(benchmarks).indexOf(a.id) - Object.keys(benchmarks).indexOf(b.id),
  ),
}
await writeFile(join(docsDir, 'benchmarks.json'), `${JSON.stringify(report, null, 2)}\n`)
await writeFile(join(docsDir, 'BENCHMARKS.md'), renderMarkdown(report))
process.stdout.write(renderMarkdown(report))
