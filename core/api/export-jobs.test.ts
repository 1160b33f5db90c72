import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SHIPPED_TEMPLATES_DIR } from '../templates/shipped-folder'
import type { ExportProgress, Handlers } from './contract'
import { createAppDeps, type AppDeps } from './deps'
import type { ExportJobInput } from '../export/export-job'
import { inProcessRunner, type ExportRunner, type ExportShell } from './export-jobs'
import { createHandlers } from './handlers'
import { ok } from './test-support'

let dataDir: string
let outDir: string
let deps: AppDeps

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hecsos-export-jobs-'))
  outDir = await mkdtemp(join(tmpdir(), 'hecsos-export-out-'))
  deps = await createAppDeps({ dataDir, appVersion: '1.2.3', templatesDir: SHIPPED_TEMPLATES_DIR })
})

afterEach(async () => {
  await deps.close()
  await rm(dataDir, { recursive: true, force: true })
  await rm(outDir, { recursive: true, force: true })
})

/** A shell that records what the app asked of the system; the Save dialog answers what the test says. */
function recordingShell(answer: () => Promise<string | undefined>) {
  const calls: string[] = []
  const shell: ExportShell = {
    chooseExportPath: async (name, format) => {
      calls.push(`choose ${name} ${format}`)
      return answer()
    },
    showInFolder: (path) => calls.push(`show ${path}`),
    openPath: async (path) => {
      calls.push(`open ${path}`)
      return ''
    },
  }
  return { shell, calls }
}

/** A runner that waits for the test before it lays out, so a test can act while a job is surely running. */
function heldRunner() {
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => {
    release = resolve
  })
  const runner: ExportRunner = {
    run: async (input: ExportJobInput, hooks) => {
      hooks.onProgress({ done: 0, total: 2, step: 'compile' })
      await Promise.race([
        held,
        new Promise((_resolve, reject) =>
          hooks.signal.addEventListener('abort', () => reject(hooks.signal.reason), { once: true }),
        ),
      ])
      return inProcessRunner.run(input, hooks)
    },
  }
  return { runner, release: () => release() }
}

async function exampleDocument(handlers: Handlers): Promise<{ projectId: string; documentId: string }> {
  const example = await ok(handlers['projects:create-example']({}))
  const document = example.documents.find((summary) => summary.language === 'el') ?? example.documents[0]
  if (!document) throw new Error('The Example project has no documents.')
  return { projectId: example.project.id, documentId: document.id }
}

describe('export jobs', () => {
  it('runs a job, reports its progress to the end, and hands back the PDF for a preview', async () => {
    const progress: ExportProgress[] = []
    const handlers = createHandlers({
      ...deps,
      exports: { runner: inProcessRunner, emit: (p) => progress.push(p) },
    })
    const target = await exampleDocument(handlers)
    const styles = await ok(handlers['export:styles']({}))
    const { jobId } = await ok(
      handlers['export:start']({ ...target, format: 'pdf', style: styles[0]!.id, paper: 'LETTER' }),
    )
    const outcome = await ok(handlers['export:result']({ jobId }))
    if (outcome.state !== 'done') throw new Error('the job did not finish')
    expect(outcome.mime).toBe('application/pdf')
    expect(outcome.fileName).toMatch(/\.pdf$/)
    expect(new TextDecoder().decode(outcome.bytes.subarray(0, 5))).toBe('%PDF-')
    // Letter paper: 612 × 792 points.
    expect(new TextDecoder('latin1').decode(outcome.bytes)).toMatch(/\/MediaBox \[0 0 612 792\]/)
    expect(progress.map((step) => step.phase)).toEqual(['compile', 'layout', 'done'])
    expect(progress.every((step) => step.jobId === jobId)).toBe(true)
    const last = progress.at(-1)!
    expect(last.done).toBe(last.total)
  })

  it('saves where the user chose, and then shows and opens only that file', async () => {
    const path = join(outDir, 'case.docx')
    const { shell, calls } = recordingShell(async () => path)
    const handlers = createHandlers({ ...deps, exports: { runner: inProcessRunner, shell } })
    const target = await exampleDocument(handlers)
    const { jobId } = await ok(
      handlers['export:start']({ ...target, format: 'docx', style: 'classic', paper: 'A4' }),
    )
    expect(await ok(handlers['export:save']({ jobId }))).toEqual({ state: 'saved', fileName: 'case.docx' })
    const written = await readFile(path)
    expect([...written.subarray(0, 2)]).toEqual([0x50, 0x4b])
    // No temporary file is left beside it.
    expect(await readdir(outDir)).toEqual(['case.docx'])
    // Written is written: Cancel has nothing left to stop.
    expect(await ok(handlers['export:cancel']({ jobId }))).toBe(false)
    await ok(handlers['shell:show-in-folder']({ jobId }))
    await ok(handlers['shell:open-path']({ jobId }))
    expect(calls).toEqual([expect.stringMatching(/^choose .+\.docx docx$/), `show ${path}`, `open ${path}`])
  })

  it('writes nothing, and asks nothing, when the job is cancelled while it runs', async () => {
    const { runner, release } = heldRunner()
    const { shell, calls } = recordingShell(async () => join(outDir, 'never.pdf'))
    const progress: ExportProgress[] = []
    const handlers = createHandlers({ ...deps, exports: { runner, shell, emit: (p) => progress.push(p) } })
    const target = await exampleDocument(handlers)
    const { jobId } = await ok(
      handlers['export:start']({ ...target, format: 'pdf', style: 'classic', paper: 'A4' }),
    )
    const saving = handlers['export:save']({ jobId })
    expect(await ok(handlers['export:cancel']({ jobId }))).toBe(true)
    release()
    expect(await ok(saving)).toEqual({ state: 'cancelled' })
    expect(calls).toEqual([])
    expect(await ok(handlers['export:result']({ jobId }))).toEqual({ state: 'cancelled' })
    expect(await readdir(outDir)).toEqual([])
    expect(progress.at(-1)?.phase).toBe('cancelled')
    // Nothing was written, so there is nothing to show.
    const show = await handlers['shell:show-in-folder']({ jobId })
    expect(show.ok ? 'shown' : show.error.code).toBe('not-found')
  })

  it('writes nothing when the export is cancelled while the Save dialog is open', async () => {
    let answer: (path: string) => void = () => undefined
    let markAsked: () => void = () => undefined
    const asked = new Promise<void>((resolve) => (markAsked = resolve))
    const { shell } = recordingShell(
      () =>
        new Promise((resolve) => {
          answer = resolve
          markAsked()
        }),
    )
    const handlers = createHandlers({ ...deps, exports: { runner: inProcessRunner, shell } })
    const target = await exampleDocument(handlers)
    const { jobId } = await ok(handlers['export:start']({ ...target, format: 'pdf' }))
    const saving = handlers['export:save']({ jobId })
    await asked
    expect(await ok(handlers['export:cancel']({ jobId }))).toBe(true)
    answer(join(outDir, 'late.pdf'))
    expect(await ok(saving)).toEqual({ state: 'cancelled' })
    expect(await readdir(outDir)).toEqual([])
  })

  it("exports the project's deliverable when no document is named", async () => {
    const handlers = createHandlers(deps)
    const { projectId } = await exampleDocument(handlers)
    const { jobId } = await ok(handlers['export:start']({ projectId, format: 'pdf' }))
    const outcome = await ok(handlers['export:result']({ jobId }))
    expect(outcome.state === 'done' ? outcome.fileName : outcome.state).toMatch(/^D3\.2 .+\.pdf$/)
  })

  it('cancels the job when the user cancels the Save dialog', async () => {
    const { shell } = recordingShell(async () => undefined)
    const handlers = createHandlers({ ...deps, exports: { runner: inProcessRunner, shell } })
    const target = await exampleDocument(handlers)
    const { jobId } = await ok(
      handlers['export:start']({ ...target, format: 'pdf', style: 'classic', paper: 'A4' }),
    )
    expect(await ok(handlers['export:save']({ jobId }))).toEqual({ state: 'cancelled' })
    expect(await ok(handlers['export:result']({ jobId }))).toEqual({ state: 'cancelled' })
    expect(await readdir(outDir)).toEqual([])
  })

  it('refuses an unknown style, document or job with a clear message, and starts nothing', async () => {
    const progress: ExportProgress[] = []
    const handlers = createHandlers({
      ...deps,
      exports: { runner: inProcessRunner, emit: (p) => progress.push(p) },
    })
    const target = await exampleDocument(handlers)
    const style = await handlers['export:start']({
      ...target,
      format: 'pdf',
      style: 'baroque',
      paper: 'A4',
    })
    expect(style.ok ? undefined : style.error).toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/style: .*"classic"\|"compact"/),
    })
    const missing = await handlers['export:start']({
      ...target,
      documentId: '00000000-0000-4000-8000-000000000000',
      format: 'pdf',
      style: 'classic',
      paper: 'A4',
    })
    expect(missing.ok ? undefined : missing.error.code).toBe('not-found')
    const job = await handlers['export:result']({ jobId: 'ab'.repeat(12) })
    expect(job.ok ? undefined : job.error).toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/export again/),
    })
    const path = await handlers['shell:open-path']({ jobId: '../../etc/passwd' })
    expect(path.ok ? undefined : path.error.code).toBe('invalid-input')
    expect(progress).toEqual([])
  })

  it('without a desktop shell, previews still work but saving says why it cannot', async () => {
    const handlers = createHandlers(deps)
    const target = await exampleDocument(handlers)
    const { jobId } = await ok(
      handlers['export:start']({ ...target, format: 'pdf', style: 'classic', paper: 'A4' }),
    )
    expect((await ok(handlers['export:result']({ jobId }))).state).toBe('done')
    const save = await handlers['export:save']({ jobId })
    expect(save.ok ? undefined : save.error.code).toBe('unsupported')
  })

  describe('an export of what was just previewed', () => {
    /** The in-process runner, counting the layouts it does. */
    function countingRunner() {
      const layouts: string[] = []
      const runner: ExportRunner = {
        run: (input, hooks) => {
          layouts.push(`${input.format} ${input.style ?? ''} ${input.paper ?? ''}`)
          return inProcessRunner.run(input, hooks)
        },
      }
      return { runner, layouts }
    }

    async function finished(handlers: Handlers, jobId: string): Promise<Uint8Array> {
      const outcome = await ok(handlers['export:result']({ jobId }))
      if (outcome.state !== 'done') throw new Error('the job did not finish')
      return outcome.bytes
    }

    it('is done at once and saves the very file the preview showed, laid out once', async () => {
      const path = join(outDir, 'previewed.pdf')
      const { shell } = recordingShell(async () => path)
      const { runner, layouts } = countingRunner()
      const progress: ExportProgress[] = []
      const handlers = createHandlers({ ...deps, exports: { runner, shell, emit: (p) => progress.push(p) } })
      const target = await exampleDocument(handlers)
      const choices = { ...target, format: 'pdf', style: 'classic', paper: 'A4' } as const
      const preview = await ok(handlers['export:start'](choices))
      const previewed = await finished(handlers, preview.jobId)

      progress.length = 0
      const exported = await ok(handlers['export:start'](choices))
      expect(exported.jobId).not.toBe(preview.jobId)
      expect(progress).toEqual([{ jobId: exported.jobId, done: 1, total: 1, phase: 'done' }])
      expect(await ok(handlers['export:save']({ jobId: exported.jobId }))).toEqual({
        state: 'saved',
        fileName: 'previewed.pdf',
      })
      expect(new Uint8Array(await readFile(path))).toEqual(previewed)
      expect(layouts).toEqual(['pdf classic A4'])
      // The preview still holds its file for another export of the same choices.
      expect(await finished(handlers, preview.jobId)).toEqual(previewed)
    })

    it('is laid out again when anything it depends on differs: style, paper, format, a document', async () => {
      const { runner, layouts } = countingRunner()
      const handlers = createHandlers({ ...deps, exports: { runner } })
      const target = await exampleDocument(handlers)
      const exportOf = async (choices: { format: 'pdf' | 'docx'; style: string; paper: 'A4' | 'LETTER' }) =>
        finished(handlers, (await ok(handlers['export:start']({ ...target, ...choices }))).jobId)
      const first = await exportOf({ format: 'pdf', style: 'classic', paper: 'A4' })
      await exportOf({ format: 'pdf', style: 'compact', paper: 'A4' })
      await exportOf({ format: 'pdf', style: 'classic', paper: 'LETTER' })
      await exportOf({ format: 'docx', style: 'classic', paper: 'A4' })
      expect(layouts).toEqual(['pdf classic A4', 'pdf compact A4', 'pdf classic LETTER', 'docx classic A4'])

      await ok(handlers['documents:rename']({ ...target, title: 'Ανοιχτές Αυλές, second edition' }))
      const renamed = await exportOf({ format: 'pdf', style: 'classic', paper: 'A4' })
      expect(layouts).toHaveLength(5)
      expect(renamed).not.toEqual(first)
    })

    it('is laid out again once the earlier file is dropped, or too old for the date written in it', async () => {
      const { runner, layouts } = countingRunner()
      let now = new Date('2026-12-07T10:00:00Z')
      const handlers = createHandlers({ ...deps, clock: () => now, exports: { runner } })
      const target = await exampleDocument(handlers)
      const choices = { ...target, format: 'pdf', style: 'classic', paper: 'A4' } as const
      const start = async () => (await ok(handlers['export:start'](choices))).jobId

      const preview = await start()
      await finished(handlers, preview)
      // Closing the dialog cancels its preview, which drops the file.
      expect(await ok(handlers['export:cancel']({ jobId: preview }))).toBe(true)
      await finished(handlers, await start())
      expect(layouts).toHaveLength(2)

      now = new Date('2026-12-07T10:09:00Z')
      await finished(handlers, await start())
      expect(layouts).toHaveLength(2)
      now = new Date('2026-12-07T10:11:00Z')
      await finished(handlers, await start())
      expect(layouts).toHaveLength(3)
    })
  })
})
