import { Worker } from 'node:worker_threads'
import { extname, join } from 'node:path'
import { app, dialog, shell, type BrowserWindow, type SaveDialogOptions } from 'electron'
import type { ExportFormat } from '../core/api/contract'
import {
  errorOfExportFailure,
  type ExportFailure,
  type ExportRunner,
  type ExportShell,
  type RunnerHooks,
} from '../core/api/export-jobs'
import type { ExportJobInput, ExportJobProgress, ExportJobResult } from '../core/export/export-job'

/** What the app asks of its export worker (export-worker.entry.ts): one thing at a time, in order. */
export type WorkerRequest = { type: 'warm-up' } | { type: 'job'; input: ExportJobInput }

/** What an export worker sends back. */
export type WorkerMessage =
  | { type: 'progress'; progress: ExportJobProgress }
  | { type: 'done'; result: ExportJobResult }
  | { type: 'failed'; failure: ExportFailure }
  /** The warm-up is over: laid out in full, or stopped early for a job. */
  | { type: 'warmed-up'; stopped: boolean }

/** What an export worker is started with: how it lays out a publication's parts, and where it keeps them. */
export interface ExportWorkerSetup {
  partWorker?: WorkerRunnerOptions['partWorker']
  cacheFolder: string
}

export interface WorkerRunnerOptions {
  /** The built worker script (out/main/export-worker.js). */
  entry: string | URL
  /** Given to the worker as process.argv[2..]: tests start the TypeScript source through a loader script. */
  argv?: string[]
  /**
   * The part-layout worker (out/main/part-worker.js) the export worker starts a few of, to lay out a publication's
   * parts side by side; without it the export worker lays them out itself.
   */
  partWorker?: { entry: string; argv?: string[]; count?: number }
  /** Where laid-out parts are kept between exports; the app's Cache/pdf-parts folder when absent. */
  cacheFolder?: string
}

export interface WorkerRunner extends ExportRunner {
  /**
   * Starts the export worker ahead of the first export and has it lay out a made-up publication
   * (core/export/pdf/warm-up.ts), so that export finds the layout code compiled: the app calls it once its window
   * is up. Does nothing while a worker is waiting already.
   */
  prepare(): void
  /** Ends the waiting worker; a job under way ends with its own worker. */
  close(): Promise<void>
}

/**
 * Runs exports in a worker thread, so pdfmake's layout (seconds for a long deliverable) never holds up the main
 * process and, through it, the window. The worker stays between exports, one job at a time: the engine compiles
 * the layout code as it runs it, and in a fresh thread that makes a first export of the reference deliverable
 * 1.5–2 s slower than the next one. A second job started while one runs gets a worker of its own, which goes when
 * it is done. Cancel terminates the job's worker mid-layout, and a fresh one is prepared for the next export.
 * pdfmake's module-wide settings cannot leak from one job into the next: every layout sets all of them.
 */
export function createWorkerRunner(options: WorkerRunnerOptions): WorkerRunner {
  let waiting: Worker | undefined
  let closed = false

  const start = (): Worker => {
    const setup: ExportWorkerSetup = {
      ...(options.partWorker ? { partWorker: options.partWorker } : {}),
      cacheFolder: options.cacheFolder ?? join(app.getPath('userData'), 'Cache', 'pdf-parts'),
    }
    const worker = new Worker(options.entry, {
      workerData: setup,
      ...(options.argv ? { argv: options.argv } : {}),
    })
    // A worker that fails while it waits is dropped; one that fails during a job is the job's to report.
    worker.on('error', () => undefined)
    worker.once('exit', () => {
      if (waiting === worker) waiting = undefined
    })
    return worker
  }

  /** Keeps a worker that finished its job for the next one, or ends it when another waits already. */
  const release = (worker: Worker) => {
    if (waiting || closed) {
      void worker.terminate()
      return
    }
    waiting = worker
    // A waiting worker does not keep the app (or a test run) alive.
    worker.unref()
  }

  const prepare = () => {
    if (waiting || closed) return
    waiting = start()
    const request: WorkerRequest = { type: 'warm-up' }
    waiting.postMessage(request)
    waiting.unref()
  }

  const run = (input: ExportJobInput, hooks: RunnerHooks): Promise<ExportJobResult> =>
    new Promise((resolve, reject) => {
      if (hooks.signal.aborted) {
        reject(hooks.signal.reason)
        return
      }
      const worker = waiting ?? start()
      waiting = undefined
      worker.ref()
      let settled = false
      const settle = (outcome: () => void, reusable: boolean) => {
        if (settled) return
        settled = true
        hooks.signal.removeEventListener('abort', abort)
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
        outcome()
        if (reusable) release(worker)
        else void worker.terminate()
      }
      const abort = () => {
        // Terminating the export worker ends its part workers with it: Node stops a thread's own threads.
        settle(() => reject(hooks.signal.reason), false)
        prepare()
      }
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'progress') {
          if (!settled) hooks.onProgress(message.progress)
        } else if (message.type === 'done') settle(() => resolve(message.result), true)
        else if (message.type === 'failed') settle(() => reject(errorOfExportFailure(message.failure)), true)
      }
      const onError = (error: Error) => settle(() => reject(error), false)
      const onExit = (code: number) =>
        settle(
          () => reject(new Error(`The export worker stopped (exit code ${code}) before it finished.`)),
          false,
        )
      hooks.signal.addEventListener('abort', abort, { once: true })
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
      const request: WorkerRequest = { type: 'job', input }
      worker.postMessage(request)
    })

  return {
    run,
    prepare,
    async close() {
      closed = true
      const worker = waiting
      waiting = undefined
      await worker?.terminate()
    },
  }
}

const FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  pdf: { name: 'PDF', extensions: ['pdf'] },
  docx: { name: 'Word document', extensions: ['docx'] },
}

/** The desktop side of an export: the native Save dialog over the app window, and the system's file manager. */
export function createExportShell(options: {
  window: () => BrowserWindow | undefined
  defaultFolder: () => string
}): ExportShell {
  return {
    chooseExportPath: async (suggestedName, format) => {
      const dialogOptions: SaveDialogOptions = {
        defaultPath: join(options.defaultFolder(), suggestedName),
        filters: [FILTERS[format]],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      }
      const parent = options.window()
      const { canceled, filePath } = parent
        ? await dialog.showSaveDialog(parent, dialogOptions)
        : await dialog.showSaveDialog(dialogOptions)
      if (canceled || !filePath) return undefined
      // Linux dialogs do not add the filter's extension, and without it the file would not open on a double-click.
      return extname(filePath).toLowerCase() === `.${format}` ? filePath : `${filePath}.${format}`
    },
    showInFolder: (path) => shell.showItemInFolder(path),
    openPath: (path) => shell.openPath(path),
  }
}
