import { parentPort } from 'node:worker_threads'
import { layoutPart, type LaidOutPart, type PartJob } from './part-layout'

/**
 * The body of a part-layout worker (part-pool.ts): lays out each part it is sent, one at a time, and hands the
 * bytes back without copying them. It lives as long as its pool; terminating the pool, or the thread that owns
 * it, ends it.
 */

export type PartRequest = { id: number; job: PartJob }
export type PartResponse = { id: number; part: LaidOutPart } | { id: number; error: string }

const port = parentPort
if (!port) throw new Error('part-worker.entry runs only as a worker thread.')

port.on('message', ({ id, job }: PartRequest) => {
  layoutPart(job).then(
    (part) => {
      // A Buffer may share its ArrayBuffer with others; transfer only a buffer that is this part's alone.
      const { bytes } = part
      const own =
        bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
      const response: PartResponse = { id, part: { ...part, bytes: own } }
      port.postMessage(response, [own.buffer as ArrayBuffer])
    },
    (error: unknown) => {
      const response: PartResponse = { id, error: error instanceof Error ? error.message : String(error) }
      port.postMessage(response)
    },
  )
})
