import { storeError } from './test-support'
import { documentContentOf } from '../model'
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FaultRule, FileSystemCall, FileSystemStep } from './faulty-file-system'
import type { LibraryStore, StoredDocument, StoreErrorCode } from './library-store'
import { openTestLibrary } from './test-support'
import type { TestLibrary } from './test-support'

/**
 * Disk-full, read-only and busy conditions, injected on each step of each write path through the file-system
 * seam (a real full disk cannot be staged portably, and the tests run as root, whom chmod does not stop). After
 * every failure: a StoreError with the right code and a sentence for the user, the previous version intact,
 * no temp file left, and a retry that succeeds once the condition clears.
 */

let library: TestLibrary
let store: LibraryStore

beforeEach(async () => {
  library = await openTestLibrary()
  store = library.store
})

afterEach(async () => {
  await library.dispose()
})

const CONDITIONS: Array<{ errno: string; code: StoreErrorCode; words: RegExp }> = [
  { errno: 'ENOSPC', code: 'disk-full', words: /the disk is full/ },
  { errno: 'EDQUOT', code: 'disk-full', words: /the disk is full/ },
  { errno: 'EACCES', code: 'permission-denied', words: /not allowed to write there/ },
  { errno: 'EROFS', code: 'permission-denied', words: /not allowed to write there/ },
  { errno: 'EBUSY', code: 'busy', words: /in use by another program/ },
  { errno: 'EIO', code: 'io', words: /the system reported an error/ },
]

/** The steps of the crash-safe write, as the seam names them. */
const WRITE_STEPS: FileSystemStep[] = ['open', 'write', 'fsync', 'fstat', 'close', 'link', 'rename']

/** Fails `step` of writes only: reads (open for reading, the fstat of a file being read) go through. */
function failOn(step: FileSystemStep, errno: string, where: (path: string) => boolean): FaultRule {
  const isWrite = (call: FileSystemCall): boolean =>
    call.step === 'fstat' ? call.path.endsWith('.tmp') : call.mode !== 'read'
  return (call: FileSystemCall) =>
    call.step === step && isWrite(call) && where(call.path) ? errno : undefined
}

async function hiddenEntries(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('.') && name !== '.lock')
}

async function projectWithDocument(): Promise<{ projectId: string; stored: StoredDocument; dir: string }> {
  const { project } = await store.createProject({ title: 'Community labs' })
  const created = await store.createDocument(project.id, { title: 'Document 0' })
  // One save first, so that the failing save has a backup shelf to add to.
  const stored = await store.saveDocument(
    project.id,
    created.document.id,
    documentContentOf(created.document, { status: 'review' }),
    created.revision,
  )
  return { projectId: project.id, stored, dir: join(library.root, 'projects', project.id) }
}

describe.each(CONDITIONS)('$errno', ({ errno, code, words }) => {
  it.each(WRITE_STEPS)(
    'on %s while saving a document: refused in words, previous version intact, retry succeeds',
    async (step) => {
      const { projectId, stored, dir } = await projectWithDocument()
      const file = join(dir, 'documents', `${stored.document.id}.json`)
      const previous = await readFile(file, 'utf8')
      const backupsBefore = await store.listBackups(projectId, `documents/${stored.document.id}.json`)

      library.fs.setRule(failOn(step, errno, (path) => path.includes(`${stored.document.id}`)))
      const change = documentContentOf(stored.document, { title: 'Changed' })
      const error = await storeError(
        store.saveDocument(projectId, stored.document.id, change, stored.revision),
      )
      expect(error.code).toBe(code)
      expect(error.message).toMatch(/^Could not save “Document 0” in “Community labs”: /)
      expect(error.message).toMatch(words)
      expect(error.message).toMatch(/The previous version is unchanged\.$/)
      expect(await readFile(file, 'utf8')).toBe(previous)
      expect(await hiddenEntries(join(dir, 'documents'))).toEqual([])
      expect(await store.getDocument(projectId, stored.document.id)).toEqual(stored)

      library.fs.setRule(undefined)
      const retried = await store.saveDocument(projectId, stored.document.id, change, stored.revision)
      expect(retried.document.title).toBe('Changed')
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(retried.document)
      // The version replaced is shelved once, even when a first attempt got as far as shelving it.
      expect(await store.listBackups(projectId, `documents/${stored.document.id}.json`)).toHaveLength(
        backupsBefore.length + 1,
      )
    },
  )
})

describe('every other write path', () => {
  it.each(WRITE_STEPS)('keeps the project manifest intact when %s fails with ENOSPC', async (step) => {
    const { projectId, dir } = await projectWithDocument()
    const view = await store.getProject(projectId)
    const previous = await readFile(join(dir, 'project.json'), 'utf8')
    library.fs.setRule(failOn(step, 'ENOSPC', (path) => path.includes('project')))
    const error = await storeError(store.updateProject(projectId, { acronym: 'NEW' }, view.revision))
    expect(error.code).toBe('disk-full')
    expect(error.message).toMatch(/^Could not save the project “Community labs”/)
    expect(await readFile(join(dir, 'project.json'), 'utf8')).toBe(previous)
    expect(await hiddenEntries(dir)).toEqual([])
    library.fs.setRule(undefined)
    expect((await store.updateProject(projectId, { acronym: 'NEW' }, view.revision)).project.acronym).toBe(
      'NEW',
    )
  })

  it.each(['mkdir', 'open', 'write', 'fsync', 'close', 'rename'] as const)(
    'leaves no half-made project when %s fails while creating one',
    async (step) => {
      library.fs.setRule((call) => (call.step === step && call.mode !== 'read' ? 'ENOSPC' : undefined))
      const error = await storeError(store.createProject({ title: 'New one' }))
      expect(error.code).toBe('disk-full')
      expect(error.message).toMatch(/^Could not create the project “New one”/)
      expect(await readdir(join(library.root, 'projects'))).toEqual([])
      library.fs.setRule(undefined)
      expect((await store.createProject({ title: 'New one' })).project.title).toBe('New one')
      expect(await store.listProjects()).toHaveLength(1)
    },
  )

  it.each(['open', 'write', 'fsync', 'rename'] as const)(
    'leaves no half-made document when %s fails while creating one',
    async (step) => {
      const { projectId, dir } = await projectWithDocument()
      const before = await readdir(join(dir, 'documents'))
      library.fs.setRule(failOn(step, 'EACCES', (path) => path.includes('documents')))
      expect((await storeError(store.createDocument(projectId, { title: 'Second' }))).code).toBe(
        'permission-denied',
      )
      expect(await readdir(join(dir, 'documents'))).toEqual(before)
      expect((await store.getProject(projectId)).documents).toHaveLength(1)
      library.fs.setRule(undefined)
      await store.createDocument(projectId, { title: 'Second' })
      expect((await store.getProject(projectId)).documents).toHaveLength(2)
    },
  )

  it.each(['mkdir', 'open', 'rename'] as const)(
    'keeps a document in place when %s fails while trashing it',
    async (step) => {
      const { projectId, stored } = await projectWithDocument()
      library.fs.setRule((call) => (call.step === step && call.mode !== 'read' ? 'EBUSY' : undefined))
      expect((await storeError(store.trashDocument(projectId, stored.document.id))).code).toBe('busy')
      library.fs.setRule(undefined)
      expect(await store.getDocument(projectId, stored.document.id)).toEqual(stored)
      expect(await store.listDocumentTrash(projectId)).toEqual([])
      await store.trashDocument(projectId, stored.document.id)
      expect(await store.listDocumentTrash(projectId)).toHaveLength(1)
    },
  )

  it('keeps the author profile intact', async () => {
    await store.saveAuthorProfile({ formatVersion: 1, name: 'Before', organisation: '', email: '' })
    library.fs.setRule(failOn('rename', 'ENOSPC', () => true))
    expect(
      (
        await storeError(
          store.saveAuthorProfile({ formatVersion: 1, name: 'After', organisation: '', email: '' }),
        )
      ).code,
    ).toBe('disk-full')
    expect((await store.getAuthorProfile()).name).toBe('Before')
    library.fs.setRule(undefined)
    expect(
      (await store.saveAuthorProfile({ formatVersion: 1, name: 'After', organisation: '', email: '' })).name,
    ).toBe('After')
  })

  it('reports a save as done when only the final folder fsync fails: the new version is already in place', async () => {
    const { projectId, stored, dir } = await projectWithDocument()
    library.fs.setRule((call) => (call.step === 'sync-dir' ? 'EIO' : undefined))
    const saved = await store.saveDocument(
      projectId,
      stored.document.id,
      documentContentOf(stored.document, { title: 'Synced?' }),
      stored.revision,
    )
    expect(JSON.parse(await readFile(join(dir, 'documents', `${stored.document.id}.json`), 'utf8'))).toEqual(
      saved.document,
    )
    library.fs.setRule(undefined)
    expect(
      (
        await store.saveDocument(
          projectId,
          stored.document.id,
          documentContentOf(saved.document),
          saved.revision,
        )
      ).document.title,
    ).toBe('Synced?')
  })

  it('says "busy" for a read refused for lack of file descriptors, and forgets nothing', async () => {
    const { projectId, stored } = await projectWithDocument()
    library.fs.setRule((call) => (call.step === 'open' && call.mode === 'read' ? 'EMFILE' : undefined))
    expect((await storeError(store.getDocument(projectId, stored.document.id))).code).toBe('busy')
    library.fs.setRule(undefined)
    const saved = await store.saveDocument(
      projectId,
      stored.document.id,
      documentContentOf(stored.document, { title: 'Still here' }),
      stored.revision,
    )
    expect(saved.document.createdAt).toBe(stored.document.createdAt)
  })
})

describe('a read-only library folder', () => {
  /** Whether the kernel refuses to create a file in `dir` (it does not for root, whatever the mode bits say). */
  async function writesAreDenied(dir: string): Promise<boolean> {
    const probe = join(dir, '.probe')
    try {
      await writeFile(probe, '')
      await rm(probe)
      return false
    } catch {
      return true
    }
  }

  it('opens and reads, refuses saves with permission-denied, and saves again once writable', async () => {
    const { projectId, stored, dir } = await projectWithDocument()
    await store.close()
    const folders = [library.root, join(library.root, 'projects'), dir, join(dir, 'documents')]
    for (const folder of folders) await chmod(folder, 0o555)
    try {
      // Tests run as root in CI, and root ignores mode bits: there the EACCES the kernel would give a user is
      // injected on every write step instead, so the test checks the same behaviour either way.
      if (!(await writesAreDenied(dir))) {
        library.fs.setRule((call) =>
          ['open', 'link', 'rename', 'mkdir', 'unlink', 'copy', 'remove'].includes(call.step) &&
          call.mode !== 'read'
            ? 'EACCES'
            : undefined,
        )
      }
      const reopened = await library.reopen({ fileSystem: library.fs })
      expect((await reopened.listProjects()).map((s) => s.title)).toEqual(['Community labs'])
      const view = await reopened.getProject(projectId)
      expect(view.readOnly).toBe(false)
      const current = await reopened.getDocument(projectId, stored.document.id)
      expect(current).toEqual(stored)
      const error = await storeError(
        reopened.saveDocument(
          projectId,
          stored.document.id,
          documentContentOf(stored.document, { title: 'No' }),
          stored.revision,
        ),
      )
      expect(error.code).toBe('permission-denied')
      expect(error.message).toMatch(/Check the folder’s permissions/)
      expect((await storeError(reopened.createProject({ title: 'Nope' }))).code).toBe('permission-denied')

      for (const folder of folders) await chmod(folder, 0o755)
      library.fs.setRule(undefined)
      const saved = await reopened.saveDocument(
        projectId,
        stored.document.id,
        documentContentOf(stored.document, { title: 'Yes' }),
        stored.revision,
      )
      expect(saved.document.title).toBe('Yes')
    } finally {
      for (const folder of folders) await chmod(folder, 0o755)
    }
  })
})
