import { parentPort, workerData } from 'node:worker_threads'
import { runExportJob } from '../core/export/export-job'
import { exportFailureOf } from '../core/api/export-jobs'
import { createPartCache } from '../core/export/pdf/part-cache'
import { createPartPool, partWorkerCount } from '../core/export/pdf/part-pool'
import { layoutPart, type PartLayouter } from '../core/export/pdf/part-layout'
import type { PdfPartServices } from '../core/export/pdf/pdf-parts'
import { warmUpPdfLayout } from '../core/export/pdf/warm-up'
import type { ExportWorkerSetup, WorkerMessage, WorkerRequest } from './export-worker'

/**
 * The body of the export worker (see export-worker.ts): warms up when asked, then runs the export jobs it is
 * sent, one after another, reporting progress and handing each file back without copying it. A job sent during
 * the warm-up stops it at the end of the part being laid out, so an export asked for early waits a fraction of a
 * second, not the whole warm-up. Its part-layout
 * workers, when this machine has the cores for them, live as long as it does, so they stay warm too. Cancelling
 * terminates the worker, so no signal reaches here.
 */
const port = parentPort
if (!port) throw new Error('export-worker.entry runs only as a worker thread.')

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)

const setup = workerData as ExportWorkerSetup
const poolSize = setup.partWorker ? (setup.partWorker.count ?? partWorkerCount()) : 0
const pool = setup.partWorker && poolSize > 0 ? createPartPool(setup.partWorker, poolSize) : undefined
const poolLayout: PdfPartServices = pool ? { layout: pool.layout } : {}
const cache = createPartCache(setup.cacheFolder)

/** Jobs sent and not started yet: the warm-up gives way to them. */
let jobsWaiting = 0

class WarmUpStopped extends Error {}

/**
 * Lays out the warm-up's parts as many at a time as there are layout workers (one in this thread), each after a
 * turn of the event loop, where a job sent meanwhile is received: then the warm-up stops instead.
 */
function warmUpLayouter(): PartLayouter {
  const layout = pool?.layout ?? layoutPart
  let running = 0
  const waiting: Array<() => void> = []
  return async (job) => {
    if (running >= Math.max(poolSize, 1)) await new Promise<void>((resolve) => waiting.push(resolve))
    running++
    try {
      await new Promise((resolve) => setImmediate(resolve))
      if (jobsWaiting > 0) throw new WarmUpStopped()
      return await layout(job)
    } finally {
      running--
      waiting.shift()?.()
    }
  }
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'warm-up') {
    // Laid out and dropped: nothing of the made-up publication is cached. A failure here only means a colder
    // first export, which will report its own failure if there is one.
    const stopped = await warmUpPdfLayout(warmUpLayouter()).then(
      () => false,
      () => true,
    )
    post({ type: 'warmed-up', stopped })
    return
  }
  jobsWaiting--
  try {
    const result = await runExportJob(request.input, {
      onProgress: (progress) => post({ type: 'progress', progress }),
      pdfParts: { ...poolLayout, cache },
    })
    // A Buffer may share its ArrayBuffer with others; transfer only a buffer that is this file's alone.
    const { bytes } = result
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
    post({ type: 'done', result: { ...result, bytes: own } }, [own.buffer as ArrayBuffer])
  } catch (error) {
    post({ type: 'failed', failure: exportFailureOf(error) })
  }
}

let queue = Promise.resolve()
port.on('message', (request: WorkerRequest) => {
  if (request.type === 'job') jobsWaiting++
  queue = queue.then(() => handle(request))
})
