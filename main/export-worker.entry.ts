import { parentPort, workerData } from 'node:worker_threads'
import { runExportJob, type ExportJobInput } from '../core/export/export-job'
import { exportFailureOf } from '../core/api/export-jobs'
import type { WorkerMessage } from './export-worker'

/**
 * The body of one export worker (see export-worker.ts): runs the export job it was started with, reports
 * progress, hands the file back without copying it, and ends. Cancelling terminates the worker, so no signal
 * reaches here.
 */
const port = parentPort
if (!port) throw new Error('export-worker.entry runs only as a worker thread.')

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)

runExportJob(workerData as ExportJobInput, {
  onProgress: (progress) => post({ type: 'progress', progress }),
}).then(
  (result) => {
    // A Buffer may share its ArrayBuffer with others; transfer only a buffer that is this file's alone.
    const { bytes } = result
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
    post({ type: 'done', result: { ...result, bytes: own } }, [own.buffer as ArrayBuffer])
  },
  (error: unknown) => post({ type: 'failed', failure: exportFailureOf(error) }),
)
