import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readPackage } from '../package'
import { SHIPPED_TEMPLATES_DIR } from '../templates/shipped-folder'
import type { PackageFile } from './contract'
import { createAppDeps, type AppDeps } from './deps'
import type { PackageFileShell } from './file-handlers'
import { createHandlers } from './handlers'
import { ok } from './test-support'

let dir: string
let deps: AppDeps

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hecsos-file-handlers-'))
  deps = await createAppDeps({ dataDir: dir, appVersion: '1.2.3', templatesDir: SHIPPED_TEMPLATES_DIR })
})
afterEach(async () => {
  await deps.close()
  await rm(dir, { recursive: true, force: true })
})

/** The desktop's side, recording what the handlers hand it. */
function recordingShell(answers: { saveAs?: string; chosen?: PackageFile; opened?: PackageFile[] } = {}) {
  const saved: Array<{ suggestedName: string; bytes: Uint8Array; reveal: boolean }> = []
  const shell: PackageFileShell = {
    savePackage: async (suggestedName, bytes, reveal) => {
      saved.push({ suggestedName, bytes, reveal })
      return answers.saveAs === undefined ? undefined : { fileName: answers.saveAs }
    },
    choosePackage: async () => answers.chosen,
    takeOpenedPackages: async () => answers.opened ?? [],
  }
  return { shell, saved }
}

describe('package files through the handlers', () => {
  it('packs the project and hands the package to the save dialog; only sending shows it in its folder', async () => {
    const { shell, saved } = recordingShell({ saveAs: 'For Cluj.hecsos' })
    const handlers = createHandlers({ ...deps, files: shell })
    const { project } = await ok(handlers['projects:create']({ title: 'Practice cases', acronym: 'PCCE' }))

    expect(await ok(handlers['files:save-package']({ projectId: project.id, purpose: 'copy' }))).toEqual({
      fileName: 'For Cluj.hecsos',
    })
    await ok(handlers['files:save-package']({ projectId: project.id, purpose: 'send' }))
    expect(saved.map(({ suggestedName, reveal }) => ({ suggestedName, reveal }))).toEqual([
      { suggestedName: 'PCCE.hecsos', reveal: false },
      { suggestedName: 'PCCE.hecsos', reveal: true },
    ])
    // What reaches the dialog is a package a partner can open.
    const received = await readPackage(saved[0]!.bytes)
    expect(received.contents.project).toMatchObject({ id: project.id, title: 'Practice cases' })
  })

  it('answers null when the user cancels a dialog', async () => {
    const handlers = createHandlers({ ...deps, files: recordingShell().shell })
    const { project } = await ok(handlers['projects:create']({ title: 'Practice cases' }))
    expect(await ok(handlers['files:save-package']({ projectId: project.id, purpose: 'copy' }))).toBeNull()
    expect(await ok(handlers['files:open-package']({}))).toBeNull()
  })

  it('hands over the chosen and the double-clicked files as the shell read them', async () => {
    const chosen = { fileName: 'PCCE.hecsos', bytes: new Uint8Array([80, 75]) }
    const gone = { fileName: 'Old.hecsos', problem: 'The file is no longer there.' }
    const handlers = createHandlers({ ...deps, files: recordingShell({ chosen, opened: [gone] }).shell })
    expect(await ok(handlers['files:open-package']({}))).toEqual(chosen)
    expect(await ok(handlers['files:take-opened']({}))).toEqual([gone])
  })

  it('says the dialogs need the desktop app, and has nothing waiting, where there is no shell (CLI, tests)', async () => {
    const handlers = createHandlers(deps)
    const { project } = await ok(handlers['projects:create']({ title: 'Practice cases' }))
    const save = await handlers['files:save-package']({ projectId: project.id, purpose: 'send' })
    expect(save).toEqual({
      ok: false,
      error: {
        code: 'unsupported',
        message: 'Saving and choosing package files is only possible in the desktop app.',
      },
    })
    expect((await handlers['files:open-package']({})).ok).toBe(false)
    expect(await ok(handlers['files:take-opened']({}))).toEqual([])
  })

  it('refuses a purpose it does not know, before packing anything', async () => {
    const { shell, saved } = recordingShell({ saveAs: 'x.hecsos' })
    const handlers = createHandlers({ ...deps, files: shell })
    const { project } = await ok(handlers['projects:create']({ title: 'Practice cases' }))
    const result = await handlers['files:save-package']({ projectId: project.id, purpose: 'mail' } as never)
    expect(result.ok ? undefined : result.error.code).toBe('invalid-input')
    expect(saved).toEqual([])
  })
})
