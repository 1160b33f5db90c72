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

/** What an export worker sends back (export-worker.entry.ts). */
export type WorkerMessage =
  | { type: 'progress'; progress: ExportJobProgress }
  | { type: 'done'; result: ExportJobResult }
  | { type: 'failed'; failure: ExportFailure }

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

/**
 * Runs each export in a worker thread of its own, so pdfmake's layout (seconds for a long deliverable) never
 * holds up the main process and, through it, the window. A fresh worker per job keeps pdfmake's module-wide
 * settings from leaking between jobs, and makes Cancel immediate: the worker is terminated mid-layout.
 */
export function createWorkerRunner(options: WorkerRunnerOptions): ExportRunner {
  return {
    run: (input, hooks) => runInWorker(options, input, hooks),
  }
}

function runInWorker(
  options: WorkerRunnerOptions,
  input: ExportJobInput,
  hooks: RunnerHooks,
): Promise<ExportJobResult> {
  return new Promise((resolve, reject) => {
    if (hooks.signal.aborted) {
      reject(hooks.signal.reason)
      return
    }
    const pdfLayout: ExportJobInput['pdfLayout'] = {
      ...(options.partWorker ? { worker: options.partWorker } : {}),
      cacheFolder: options.cacheFolder ?? join(app.getPath('userData'), 'Cache', 'pdf-parts'),
    }
    // Terminating the export worker on Cancel ends its part workers with it: Node stops a thread's own threads.
    const worker = new Worker(options.entry, {
      workerData: { ...input, pdfLayout },
      ...(options.argv ? { argv: options.argv } : {}),
    })
    let settled = false
    const settle = (outcome: () => void) => {
      if (settled) return
      settled = true
      hooks.signal.removeEventListener('abort', abort)
      outcome()
    }
    const abort = () => {
      settle(() => reject(hooks.signal.reason))
      void worker.terminate()
    }
    hooks.signal.addEventListener('abort', abort, { once: true })
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        if (!settled) hooks.onProgress(message.progress)
      } else if (message.type === 'done') {
        settle(() => resolve(message.result))
      } else {
        settle(() => reject(errorOfExportFailure(message.failure)))
      }
    })
    worker.on('error', (error) => settle(() => reject(error)))
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`The export worker stopped (exit code ${code}) before it finished.`))),
    )
  })
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
