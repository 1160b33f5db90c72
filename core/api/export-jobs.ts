import { createHash, randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { z } from 'zod'
import { MissingTemplateError } from '../export/deliverable-to-print'
import {
  ExportInputError,
  runExportJob,
  type ExportJobInput,
  type ExportJobProgress,
  type ExportJobResult,
} from '../export/export-job'
import { houseStyles } from '../export/house-styles'
import { StoreError } from '../store/library-store'
import type {
  ChannelOutputs,
  ErrorCode,
  ExportFormat,
  ExportOutcome,
  ExportProgress,
  ExportSaved,
  channels,
} from './contract'
import { exportJobInputOf } from './export-project'
import type { CatalogueSource } from './template-catalogue'
import type { LibraryStore } from '../store/library-store'

/**
 * Exports as jobs: started, followed by progress events, cancelled, and saved where the user chooses. The registry
 * is the same everywhere; only the runner differs. The desktop app runs each job in a worker_thread
 * (main/export-worker.ts) so neither the main process nor the window waits on the layout; the browser tests run
 * the same job (core/export/export-job.ts) in their own process.
 */

export interface RunnerHooks {
  onProgress(progress: ExportJobProgress): void
  /** Aborted when the user cancels: the runner stops as soon as it can and rejects. */
  signal: AbortSignal
}

export interface ExportRunner {
  run(input: ExportJobInput, hooks: RunnerHooks): Promise<ExportJobResult>
}

export const inProcessRunner: ExportRunner = { run: (input, hooks) => runExportJob(input, hooks) }

/** What the platform offers around an export; only the desktop app has it. */
export interface ExportShell {
  /** The native Save dialog, opened on `suggestedName`; undefined when the user cancels. */
  chooseExportPath(suggestedName: string, format: ExportFormat): Promise<string | undefined>
  showInFolder(path: string): void
  /** Opens the file with the system's application for it; resolves to an error message, '' on success. */
  openPath(path: string): Promise<string>
}

export class NoExportShellError extends Error {
  constructor() {
    super('Saving, showing and opening exported files is only possible in the desktop app.')
  }
}

export interface ExportJobsOptions {
  runner: ExportRunner
  shell?: ExportShell
  /** Progress of every job, for the window that follows it. */
  emit?(progress: ExportProgress): void
  /** How many finished jobs keep their file in memory for a preview or a later save. */
  keepFinished?: number
}

/**
 * Why a job failed, in a form that survives a trip from a worker (an Error's class does not): a code the user
 * can be told about, or none for a bug.
 */
export interface ExportFailure {
  code?: ErrorCode
  message: string
}

export function exportFailureOf(error: unknown): ExportFailure {
  if (error instanceof ExportInputError) return { code: 'invalid-input', message: error.message }
  if (error instanceof MissingTemplateError)
    return {
      code: 'not-found',
      message: `The template "${error.templateId}" of a document is not installed.`,
    }
  if (error instanceof StoreError) return { code: error.code, message: error.message }
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error) }
}

/** The error a caller sees for a failure reported by a worker: a StoreError when the user can act on it. */
export function errorOfExportFailure(failure: ExportFailure): Error {
  if (failure.code !== undefined && failure.code in STORE_CODES)
    return new StoreError(failure.code as StoreError['code'], failure.message)
  return new Error(`The export failed in its worker: ${failure.message}`)
}

const STORE_CODES: Record<StoreError['code'], true> = {
  'not-found': true,
  conflict: true,
  locked: true,
  damaged: true,
  'too-new': true,
  'disk-full': true,
  'permission-denied': true,
  busy: true,
  'invalid-input': true,
  io: true,
}

type JobState =
  | { state: 'running' }
  | { state: 'done'; result: ExportJobResult }
  | { state: 'cancelled' }
  | { state: 'failed'; error: unknown }

interface Job {
  id: string
  format: ExportFormat
  /** What its file depends on (fingerprintOf), and when the file says it was made: its input's date. */
  fingerprint: string
  madeAt: number
  controller: AbortController
  /** Settles when the runner has; never rejects (a failure is a state). */
  finished: Promise<void>
  current: JobState
  /** Set once the file is being written: from then on the export can no longer be cancelled. */
  saving: boolean
  savedPath?: string
}

export class ExportJobs {
  readonly #options: ExportJobsOptions
  readonly #jobs = new Map<string, Job>()

  constructor(options: ExportJobsOptions) {
    this.#options = options
  }

  /**
   * Starts a job on an input already read from the library; answers at once with its id. An input identical to a
   * job's that finished a moment ago (the Export dialog's preview of the same choices) takes that job's file: it is
   * done at once, and what the user saves is the very file they were shown.
   */
  start(input: ExportJobInput): { jobId: string } {
    const id = randomBytes(12).toString('hex')
    const controller = new AbortController()
    const fingerprint = fingerprintOf(input)
    const madeAt = Date.parse(input.now)
    const earlier = this.#finishedAlike(fingerprint, madeAt)
    const job: Job = {
      id,
      format: input.format,
      fingerprint,
      madeAt: earlier?.madeAt ?? madeAt,
      controller,
      current: earlier ? { state: 'done', result: earlier.result } : { state: 'running' },
      saving: false,
      finished: Promise.resolve(),
    }
    if (earlier) {
      this.#jobs.set(id, job)
      this.#emit({ jobId: id, done: 1, total: 1, phase: 'done' })
      this.#forgetOldJobs()
      return { jobId: id }
    }
    let total = 1
    job.finished = this.#options.runner
      .run(input, {
        signal: controller.signal,
        onProgress: (progress) => {
          total = progress.total
          // The job is done for the user once its bytes are here (below), not when the runner says so.
          if (!controller.signal.aborted && progress.step !== 'done')
            this.#emit({ jobId: id, done: progress.done, total, phase: progress.step })
        },
      })
      .then(
        (result) => {
          if (controller.signal.aborted) return
          job.current = { state: 'done', result }
          this.#emit({ jobId: id, done: total, total, phase: 'done' })
        },
        (error: unknown) => {
          // A cancelled job has already been marked and announced by cancel().
          if (controller.signal.aborted) return
          job.current = { state: 'failed', error }
          this.#emit({ jobId: id, done: 0, total, phase: 'failed' })
        },
      )
    this.#jobs.set(id, job)
    this.#forgetOldJobs()
    return { jobId: id }
  }

  /**
   * Cancels a job whose file is not being written yet: its work stops and its bytes are dropped, so a pending
   * save writes nothing. Answers whether the job is now cancelled: false once its file is being written (or it
   * failed, or is unknown), when there is nothing left to stop.
   */
  cancel(jobId: string): boolean {
    const job = this.#jobs.get(jobId)
    if (!job || job.saving) return false
    if (job.current.state === 'running' || job.current.state === 'done') {
      job.controller.abort()
      job.current = { state: 'cancelled' }
      this.#emit({ jobId, done: 0, total: 1, phase: 'cancelled' })
    }
    return job.current.state === 'cancelled'
  }

  /** Waits for the job and answers with its file, or that it was cancelled; a failed job throws its error. */
  async result(jobId: string): Promise<ExportOutcome> {
    const job = this.#job(jobId)
    await job.finished
    const current = job.current
    if (current.state === 'failed') throw userFacing(current.error)
    if (current.state !== 'done') return { state: 'cancelled' }
    return { state: 'done', ...current.result }
  }

  /**
   * Waits for the job, asks where to save it, then writes the file without ever leaving a half-written one.
   * Nothing is written when the job is cancelled, before or while the Save dialog is open, or when the dialog is.
   */
  async save(jobId: string): Promise<ExportSaved> {
    const job = this.#job(jobId)
    const shell = this.#options.shell
    if (!shell) throw new NoExportShellError()
    if (job.saving) throw new StoreError('conflict', 'This export is already being saved.')
    const outcome = await this.result(jobId)
    if (outcome.state !== 'done') return { state: 'cancelled' }
    const path = await shell.chooseExportPath(outcome.fileName, job.format)
    if (path === undefined) {
      this.cancel(jobId)
      return { state: 'cancelled' }
    }
    if (job.current.state !== 'done' || job.saving) return { state: 'cancelled' }
    job.saving = true
    try {
      await writeWhole(path, outcome.bytes)
    } catch (error) {
      job.saving = false
      throw error
    }
    job.savedPath = path
    // The file is on disk: the bytes need not stay in memory.
    job.current = { state: 'cancelled' }
    return { state: 'saved', fileName: basename(path) }
  }

  async showInFolder(jobId: string): Promise<null> {
    this.#requireShell().showInFolder(this.#savedPath(jobId))
    return null
  }

  async openFile(jobId: string): Promise<null> {
    const problem = await this.#requireShell().openPath(this.#savedPath(jobId))
    if (problem !== '') throw new StoreError('io', `The file could not be opened: ${problem}`)
    return null
  }

  /** The file this job wrote in this session: the only paths the app will show or open. */
  #savedPath(jobId: string): string {
    const path = this.#jobs.get(jobId)?.savedPath
    if (path === undefined) throw new StoreError('not-found', 'This export has not been saved to a file.')
    return path
  }

  #requireShell(): ExportShell {
    if (!this.#options.shell) throw new NoExportShellError()
    return this.#options.shell
  }

  #job(jobId: string): Job {
    const job = this.#jobs.get(jobId)
    if (!job) throw new StoreError('not-found', 'This export is no longer available; please export again.')
    return job
  }

  #emit(progress: ExportProgress): void {
    this.#options.emit?.(progress)
  }

  /** A finished job's file for the same input, written recently enough that the date inside it still holds. */
  #finishedAlike(fingerprint: string, now: number): { result: ExportJobResult; madeAt: number } | undefined {
    for (const job of this.#jobs.values()) {
      if (job.current.state !== 'done' || job.fingerprint !== fingerprint) continue
      const age = now - job.madeAt
      if (age >= 0 && age <= REUSE_WITHIN_MS) return { result: job.current.result, madeAt: job.madeAt }
    }
    return undefined
  }

  /** Each finished job may hold a whole file in memory: keep only the latest few (a saved one keeps its path). */
  #forgetOldJobs(): void {
    const limit = this.#options.keepFinished ?? 8
    const finished = [...this.#jobs.values()].filter((job) => job.current.state !== 'running' && !job.saving)
    for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
      if (job.savedPath === undefined) this.#jobs.delete(job.id)
    }
  }
}

/**
 * How old a finished file may be for an identical export to take it rather than lay it out again: the file carries
 * the date it was made, and a preview is looked at for a minute or two, not for an afternoon.
 */
const REUSE_WITHIN_MS = 10 * 60_000

/**
 * What a job's file depends on: its whole input but the date, the pictures by a hash of their bytes. Two exports
 * with the same fingerprint write the same file but for the date in it.
 */
function fingerprintOf(input: ExportJobInput): string {
  const { now: _date, ...rest } = input
  const described = JSON.stringify(rest, (_key, value: unknown) =>
    value instanceof Uint8Array ? createHash('sha256').update(value).digest('hex') : value,
  )
  return createHash('sha256').update(described).digest('hex')
}

function userFacing(error: unknown): unknown {
  const failure = exportFailureOf(error)
  return failure.code === undefined ? error : errorOfExportFailure(failure)
}

/** A temporary file beside the target, flushed, then renamed over it: a crash leaves the old file or the new one. */
async function writeWhole(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await open(temp, 'wx')
    try {
      await handle.writeFile(bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw writeError(error, path)
  }
}

function writeError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const name = basename(path)
  if (code === 'ENOSPC') return new StoreError('disk-full', `The disk is full: “${name}” was not saved.`)
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new StoreError('permission-denied', `This folder cannot be written to: “${name}” was not saved.`)
  if (code === 'ENOENT')
    return new StoreError('not-found', `This folder no longer exists: “${name}” was not saved.`)
  return error
}

type ExportChannel =
  | 'export:styles'
  | 'export:start'
  | 'export:cancel'
  | 'export:result'
  | 'export:save'
  | 'shell:show-in-folder'
  | 'shell:open-path'

type ExportImplementations = {
  [K in ExportChannel]: (input: z.output<(typeof channels)[K]>) => Promise<ChannelOutputs[K]>
}

/** The export channels of the handler map, over one job registry. */
export function exportJobHandlers(deps: {
  store: LibraryStore
  catalogue: CatalogueSource
  clock: () => Date
  exports?: ExportJobsOptions
}): ExportImplementations {
  const jobs = new ExportJobs(deps.exports ?? { runner: inProcessRunner })
  return {
    'export:styles': async () => houseStyles().map(({ id, accent }) => ({ id, accent })),
    // Reading the library is quick and stays here; the layout is the runner's.
    'export:start': async (request) => jobs.start(await exportJobInputOf(deps, request)),
    'export:cancel': async ({ jobId }) => jobs.cancel(jobId),
    'export:result': ({ jobId }) => jobs.result(jobId),
    'export:save': ({ jobId }) => jobs.save(jobId),
    'shell:show-in-folder': ({ jobId }) => jobs.showInFolder(jobId),
    'shell:open-path': ({ jobId }) => jobs.openFile(jobId),
  }
}
