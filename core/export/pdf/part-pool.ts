import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { LaidOutPart, PartJob, PartLayouter } from './part-layout'
import type { PartRequest, PartResponse } from './part-worker.entry'

/**
 * A small pool of worker threads laying out parts side by side. Workers start as parts arrive, up to `size`, and
 * take the next waiting part as each finishes. A worker that fails takes its part down with it (the export
 * fails, as it would in one thread); closing the pool terminates them all.
 */

export interface PartWorkerEntry {
  /** The worker script: the built part-worker.js, or a loader that starts the TypeScript source. */
  entry: string | URL
  /** Given to the worker as process.argv[2..]. */
  argv?: string[]
}

export interface PartPool {
  layout: PartLayouter
  close(): Promise<void>
}

/** Past four the parts are too few and too uneven to gain, and every worker loads pdfmake and the fonts again. */
export const MAX_PART_WORKERS = 4

/**
 * How many layout workers pay off here: one core is left to the app (main process, window) and to the thread
 * that waits for the parts, and one worker alone is no faster than that thread. A worker starts cold (its own
 * pdfmake, fonts, compiled code): on 2 shared cores two workers took 11–14 s for the reference deliverable where
 * the export thread alone took 8–10 s, so there the parts are laid out in the export thread (0 workers).
 */
export function partWorkerCount(): number {
  const count = Math.min(availableParallelism() - 1, MAX_PART_WORKERS)
  return count >= 2 ? count : 0
}

export function createPartPool(worker: PartWorkerEntry, size: number): PartPool {
  interface Task {
    request: PartRequest
    resolve: (part: LaidOutPart) => void
    reject: (error: Error) => void
  }
  interface Slot {
    thread: Worker
    task?: Task
  }
  const waiting: Task[] = []
  const slots: Slot[] = []
  let nextId = 0
  let closed = false

  const dispatch = () => {
    for (const slot of slots) {
      if (waiting.length === 0) return
      if (slot.task) continue
      slot.task = waiting.shift()!
      slot.thread.postMessage(slot.task.request)
    }
    while (waiting.length > 0 && slots.length < size) start()
  }

  const start = () => {
    // A file: URL may come as a string (it crosses into the export worker as data): Worker wants it as a URL.
    const entry =
      typeof worker.entry === 'string' && worker.entry.startsWith('file:')
        ? new URL(worker.entry)
        : worker.entry
    const thread = new Worker(entry, worker.argv ? { argv: worker.argv } : {})
    const slot: Slot = { thread }
    slots.push(slot)
    const fail = (error: Error) => {
      // 'error' is followed by 'exit': the slot goes once.
      const at = slots.indexOf(slot)
      if (at >= 0) slots.splice(at, 1)
      slot.task?.reject(error)
      slot.task = undefined
      if (!closed) dispatch()
    }
    thread.on('message', (response: PartResponse) => {
      const task = slot.task
      if (!task || task.request.id !== response.id) return
      slot.task = undefined
      if ('error' in response) task.reject(new Error(response.error))
      else task.resolve(response.part)
      dispatch()
    })
    thread.on('error', fail)
    thread.on('exit', (code) => fail(new Error(`A layout worker stopped (exit code ${code}).`)))
    slot.task = waiting.shift()
    if (slot.task) thread.postMessage(slot.task.request)
  }

  return {
    layout: (job: PartJob) =>
      new Promise<LaidOutPart>((resolve, reject) => {
        if (closed) {
          reject(new Error('The layout pool is closed.'))
          return
        }
        waiting.push({ request: { id: nextId++, job }, resolve, reject })
        dispatch()
      }),
    async close() {
      closed = true
      for (const task of waiting.splice(0)) task.reject(new Error('The layout pool is closed.'))
      await Promise.all(slots.map((slot) => slot.thread.terminate()))
    },
  }
}
