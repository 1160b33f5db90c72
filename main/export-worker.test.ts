import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type * as WorkerThreads from 'node:worker_threads'
import type { BrowserWindow } from 'electron'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ExportJobInput } from '../core/export/export-job'
import { loadExampleFixture, type ExampleFixture } from '../core/export/test-support'
import { StoreError } from '../core/store/library-store'
import {
  createExportShell,
  createWorkerRunner,
  type WorkerMessage,
  type WorkerRequest,
} from './export-worker'
import { BrowserWindow as FakeBrowserWindow, dialog, resetFakeElectron } from './test-support/fake-electron'

const { showSaveDialog, showItemInFolder, openPath } = vi.hoisted(() => ({
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
  showItemInFolder: vi.fn((_path: string) => undefined),
  openPath: vi.fn(async (_path: string) => ''),
}))

/** Every worker thread started in this file, by the runner or by a test, with whether it has ended. */
const threads = vi.hoisted(() => [] as Array<{ ended: boolean }>)
vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof WorkerThreads>()
  class CountedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args)
      const thread = { ended: false }
      threads.push(thread)
      this.once('exit', () => {
        thread.ended = true
      })
    }
  }
  return { ...real, Worker: CountedWorker }
})

vi.mock('electron', async () => {
  const fake = await import('./test-support/fake-electron')
  Object.assign(fake.dialog, { showSaveDialog })
  return { ...fake, shell: { ...fake.shell, showItemInFolder, openPath } }
})

afterEach(() => {
  resetFakeElectron()
  showSaveDialog.mockReset()
})

/**
 * The worker is the real one, run from its TypeScript source: vitest transforms only the modules it loads
 * itself, not a worker thread's, so the thread starts in a small loader script that registers tsx (as the CLI
 * runs the core) and imports the entry. The built app starts the bundled out/main/export-worker.js instead.
 */
const loader = new URL('./test-support/typescript-worker.mjs', import.meta.url)
const cacheFolder = mkdtempSync(join(tmpdir(), 'hecsos-export-cache-'))
const runnerArgv = [new URL('./export-worker.entry.ts', import.meta.url).href]
const runner = createWorkerRunner({
  entry: loader,
  argv: runnerArgv,
  // The export worker starts its part-layout workers the same way.
  partWorker: {
    // Two, whatever this machine's cores: the test is that parts are laid out in workers at all.
    count: 2,
    entry: loader.href,
    argv: [new URL('../core/export/pdf/part-worker.entry.ts', import.meta.url).href],
  },
  cacheFolder,
})

afterAll(() => rmSync(cacheFolder, { recursive: true, force: true }))

let fixture: ExampleFixture

beforeAll(async () => {
  fixture = await loadExampleFixture()
})

/** The Example project as the main process hands it to a worker: plain data, cloned across. */
function input(format: 'pdf' | 'docx', documentId?: string): ExportJobInput {
  const { catalogue, example } = fixture
  return {
    format,
    ...(documentId !== undefined ? { documentId } : {}),
    project: {
      title: 'HECSOs example project',
      acronym: 'HECSOs',
      programme: 'Erasmus+',
      grantNumber: '',
      partners: [],
    },
    documents: example.documents,
    templates: [...catalogue.templates.values()],
    vocabularies: [...catalogue.vocabularies.values()],
    assets: {},
    now: '2026-01-02T03:04:05.000Z',
  }
}

describe('exports in a worker thread', () => {
  it('lays out the Example deliverable in the worker and reports its steps in order', async () => {
    const steps: string[] = []
    const result = await runner.run(input('pdf'), {
      signal: new AbortController().signal,
      onProgress: ({ step }) => steps.push(step),
    })
    expect(new TextDecoder().decode(result.bytes.subarray(0, 5))).toBe('%PDF-')
    expect(result.fileName).toMatch(/^D3\.2 .+\.pdf$/)
    expect(result.mime).toBe('application/pdf')
    // One layout step per part of the publication, each reported as it comes.
    expect(steps[0]).toBe('compile')
    expect(steps.at(-1)).toBe('done')
    expect(steps.slice(1, -1).length).toBeGreaterThan(3)
    expect(new Set(steps.slice(1, -1))).toEqual(new Set(['layout']))
  })

  it('lays the deliverable out in parts in workers of its own, and keeps them for the next export', async () => {
    const hooks = { signal: new AbortController().signal, onProgress: () => undefined }
    const first = await runner.run(input('pdf'), hooks)
    const kept = readdirSync(cacheFolder).filter((file) => file.endsWith('.pdf'))
    expect(kept.length).toBeGreaterThan(3)
    const again = await runner.run(input('pdf'), hooks)
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true)
    expect(readdirSync(cacheFolder).filter((file) => file.endsWith('.pdf'))).toEqual(kept)
  })

  it('stops the workers a worker started when it is terminated (so Cancel ends the part layouts too)', async () => {
    const beats = new Int32Array(new SharedArrayBuffer(4))
    // A worker whose own worker counts beats into shared memory until it is stopped.
    const parent = new Worker(
      `const { Worker, workerData } = require('node:worker_threads')
      new Worker("setInterval(() => Atomics.add(require('node:worker_threads').workerData, 0, 1), 5)",
        { eval: true, workerData })
      setInterval(() => undefined, 1000)`,
      { eval: true, workerData: beats },
    )
    await vi.waitFor(() => expect(Atomics.load(beats, 0)).toBeGreaterThan(0))
    await parent.terminate()
    const atTermination = Atomics.load(beats, 0)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(Atomics.load(beats, 0) - atTermination).toBeLessThanOrEqual(1)
  })

  it('writes a DOCX too', async () => {
    const result = await runner.run(input('docx'), {
      signal: new AbortController().signal,
      onProgress: () => undefined,
    })
    // A DOCX is a zip: it starts with the local file header "PK\x03\x04".
    expect([...result.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])
  })

  it('stops in the middle of the layout when cancelled, and reports nothing after', async () => {
    const controller = new AbortController()
    const steps: string[] = []
    const running = runner.run(input('pdf'), {
      signal: controller.signal,
      onProgress: ({ step }) => {
        steps.push(step)
        // The worker has started laying out a 30-page publication: the layout itself must be interrupted.
        if (step === 'layout') controller.abort(new Error('cancelled by the user'))
      },
    })
    await expect(running).rejects.toThrow('cancelled by the user')
    expect(steps).toEqual(['compile', 'layout'])
  })

  it('does not start a worker for a job already cancelled', async () => {
    const controller = new AbortController()
    controller.abort(new Error('too late'))
    await expect(
      runner.run(input('pdf'), { signal: controller.signal, onProgress: () => undefined }),
    ).rejects.toThrow('too late')
  })

  it('brings a refusal back from the worker as one the user can read', async () => {
    const refused = runner.run(input('pdf', '00000000-0000-4000-8000-000000000000'), {
      signal: new AbortController().signal,
      onProgress: () => undefined,
    })
    await expect(refused).rejects.toBeInstanceOf(StoreError)
    await expect(refused).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/not in the project/),
    })
  })

  it('reports a bug inside the worker as a failure of the export, with its reason', async () => {
    const broken = { ...input('pdf'), documents: null } as unknown as ExportJobInput
    await expect(
      runner.run(broken, { signal: new AbortController().signal, onProgress: () => undefined }),
    ).rejects.toThrow(/The export failed in its worker/)
  })
})

describe('the export worker between exports', () => {
  const hooks = () => ({ signal: new AbortController().signal, onProgress: () => undefined })
  const started = () => threads.length
  const running = () => threads.filter((thread) => !thread.ended).length

  it('warms up ahead when asked, then runs every export in that same worker', async () => {
    const own = createWorkerRunner({ entry: loader, argv: runnerArgv, cacheFolder })
    const before = started()
    own.prepare()
    own.prepare()
    expect(started() - before).toBe(1)
    // Sent while the worker warms up: it runs after the warm-up, in the same thread.
    const first = await own.run(input('pdf'), hooks())
    const second = await own.run(input('docx'), hooks())
    const third = await own.run(input('pdf'), hooks())
    expect(started() - before).toBe(1)
    expect(Buffer.from(third.bytes).equals(Buffer.from(first.bytes))).toBe(true)
    expect([...second.bytes.subarray(0, 2)]).toEqual([0x50, 0x4b])
    await own.close()
    await vi.waitFor(() => expect(threads.slice(before).every((thread) => thread.ended)).toBe(true))
  })

  it('gives an export started while another runs a worker of its own, and keeps only one after', async () => {
    const own = createWorkerRunner({ entry: loader, argv: runnerArgv, cacheFolder })
    const before = started()
    const busy = running()
    await Promise.all([own.run(input('pdf'), hooks()), own.run(input('docx'), hooks())])
    expect(started() - before).toBe(2)
    await vi.waitFor(() => expect(running() - busy).toBe(1))
    await own.run(input('docx'), hooks())
    expect(started() - before).toBe(2)
    await own.close()
    await vi.waitFor(() => expect(running()).toBe(busy))
  })

  it('ends the worker of a cancelled export and prepares a fresh one for the next', async () => {
    const own = createWorkerRunner({ entry: loader, argv: runnerArgv, cacheFolder })
    const before = started()
    const controller = new AbortController()
    const cancelled = own.run(input('pdf'), {
      signal: controller.signal,
      onProgress: ({ step }) => {
        if (step === 'layout') controller.abort(new Error('cancelled by the user'))
      },
    })
    await expect(cancelled).rejects.toThrow('cancelled by the user')
    await vi.waitFor(() => expect(threads[before]!.ended).toBe(true))
    // The fresh worker was started at the cancel, and the next export runs in it.
    expect(started() - before).toBe(2)
    const after = await own.run(input('docx'), hooks())
    expect([...after.bytes.subarray(0, 2)]).toEqual([0x50, 0x4b])
    expect(started() - before).toBe(2)
    await own.close()
  })

  it('keeps the worker after an export it refused, which then runs the next', async () => {
    const own = createWorkerRunner({ entry: loader, argv: runnerArgv, cacheFolder })
    const before = started()
    await expect(
      own.run(input('pdf', '00000000-0000-4000-8000-000000000000'), hooks()),
    ).rejects.toBeInstanceOf(StoreError)
    await own.run(input('docx'), hooks())
    expect(started() - before).toBe(1)
    await own.close()
  })
})

describe("the export worker's warm-up", () => {
  /** The entry itself, started as the runner starts it, and every message it sends until it has sent `last`. */
  async function messagesUntil(requests: WorkerRequest[], last: WorkerMessage['type']) {
    const worker = new Worker(loader, { workerData: { cacheFolder }, argv: runnerArgv })
    const messages: WorkerMessage[] = []
    try {
      await new Promise<void>((resolve, reject) => {
        worker.on('message', (message: WorkerMessage) => {
          messages.push(message)
          if (message.type === last) resolve()
        })
        worker.on('error', reject)
        for (const request of requests) worker.postMessage(request)
      })
    } finally {
      await worker.terminate()
    }
    return messages.map((message) => (message.type === 'warmed-up' ? message : message.type))
  }

  it('lays its made-up publication out in full when nothing else is asked of it', async () => {
    expect(await messagesUntil([{ type: 'warm-up' }], 'warmed-up')).toEqual([
      { type: 'warmed-up', stopped: false },
    ])
  })

  it('stops for a job sent meanwhile, which then runs', async () => {
    const messages = await messagesUntil([{ type: 'warm-up' }, { type: 'job', input: input('docx') }], 'done')
    expect(messages[0]).toEqual({ type: 'warmed-up', stopped: true })
    expect(messages.at(-1)).toBe('done')
  })
})

describe('the desktop side of an export', () => {
  const window = new FakeBrowserWindow() as unknown as BrowserWindow
  const exportShell = createExportShell({ window: () => window, defaultFolder: () => '/home/ana/Documents' })

  it('asks over the app window, in the Documents folder, for a file of the chosen format', async () => {
    showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/home/ana/Documents/Case.pdf' })
    expect(await exportShell.chooseExportPath('Case.pdf', 'pdf')).toBe('/home/ana/Documents/Case.pdf')
    const [parent, options] = showSaveDialog.mock.calls[0] as [unknown, Electron.SaveDialogOptions]
    expect(parent).toBe(window)
    expect(options.defaultPath).toBe('/home/ana/Documents/Case.pdf')
    expect(options.filters).toEqual([{ name: 'PDF', extensions: ['pdf'] }])
  })

  it('adds the extension a Linux dialog leaves out, and answers undefined when the user cancels', async () => {
    showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/home/ana/Case' })
    expect(await exportShell.chooseExportPath('Case.docx', 'docx')).toBe('/home/ana/Case.docx')
    showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' })
    expect(await exportShell.chooseExportPath('Case.docx', 'docx')).toBeUndefined()
  })

  it('hands show and open to the system', async () => {
    exportShell.showInFolder('/home/ana/Case.pdf')
    expect(showItemInFolder).toHaveBeenCalledWith('/home/ana/Case.pdf')
    expect(await exportShell.openPath('/home/ana/Case.pdf')).toBe('')
    expect(openPath).toHaveBeenCalledWith('/home/ana/Case.pdf')
    expect(dialog.showOpenDialog).not.toHaveBeenCalled()
  })
})
