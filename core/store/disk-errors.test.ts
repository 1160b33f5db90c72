import { storeError } from './test-support'
import { documentContentOf } from '../model'
import { chmod, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FaultRule, FileSystemCall, FileSystemStep } from './faulty-file-system'
import type { LibraryStore, StoredDocument, StoreErrorCode } from './library-store'
import { openTestLibrary, sequentialIds, snapshot } from './test-support'
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
    const { projectId, stored, dir } = await projectWithDocument()
    // Changed on disk (by a sync tool, say), so the document must be read again rather than taken from memory.
    const file = join(dir, 'documents', `${stored.document.id}.json`)
    await writeFile(file, JSON.stringify({ ...stored.document, title: 'Synced' }))
    library.fs.setRule((call) => (call.step === 'open' && call.mode === 'read' ? 'EMFILE' : undefined))
    expect((await storeError(store.getDocument(projectId, stored.document.id))).code).toBe('busy')
    library.fs.setRule(undefined)
    const synced = await store.getDocument(projectId, stored.document.id)
    expect(synced.document.title).toBe('Synced')
    const saved = await store.saveDocument(
      projectId,
      stored.document.id,
      documentContentOf(synced.document, { title: 'Still here' }),
      synced.revision,
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

/**
 * Every write path of the store, each failing at every one of its mutating calls in turn (the first, the second,
 * … until the operation makes no more), under the three conditions users meet: a full disk, a folder they may not
 * write to, a file another program holds. Either the operation is refused with a sentence and the library is
 * exactly as before (backups aside: a backup made before the failing call is a copy of the previous version), or
 * — when only a call after the commit failed, such as the final folder fsync — it reports success and the change
 * is complete. A retry once the condition clears always succeeds.
 */
describe('every write path, failing at each of its mutating calls', () => {
  type Path = {
    name: string
    /** Builds the state the operation starts from; returns the operation. */
    prepare(store: LibraryStore): Promise<() => Promise<unknown>>
  }

  // A 1×1 transparent PNG, the smallest image the asset store accepts.
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  )

  async function savedTwice(store: LibraryStore) {
    const { project } = await store.createProject({ title: 'Community labs' })
    const created = await store.createDocument(project.id, { title: 'v1' })
    const v2 = await store.saveDocument(
      project.id,
      created.document.id,
      documentContentOf(created.document, { title: 'v2' }),
      created.revision,
    )
    await store.saveDocument(
      project.id,
      created.document.id,
      documentContentOf(v2.document, { title: 'v3' }),
      v2.revision,
    )
    return { projectId: project.id, documentId: created.document.id }
  }

  const PATHS: Path[] = [
    {
      name: 'saving a document',
      prepare: async (store) => {
        const { projectId, documentId } = await savedTwice(store)
        return async () => {
          const current = await store.getDocument(projectId, documentId)
          return store.saveDocument(
            projectId,
            documentId,
            documentContentOf(current.document, { title: 'v4' }),
            current.revision,
          )
        }
      },
    },
    {
      name: 'renaming a project (its manifest)',
      prepare: async (store) => {
        const { projectId } = await savedTwice(store)
        return async () => {
          const view = await store.getProject(projectId)
          return store.updateProject(projectId, { title: 'Renamed' }, view.revision)
        }
      },
    },
    {
      name: 'saving the author profile',
      prepare: async (store) => {
        await store.saveAuthorProfile({ formatVersion: 1, name: 'Before', organisation: '', email: '' })
        return () =>
          store.saveAuthorProfile({ formatVersion: 1, name: 'After', organisation: 'X', email: '' })
      },
    },
    {
      name: 'creating a project',
      prepare: async (store) => () => store.createProject({ title: 'New one' }),
    },
    {
      name: 'duplicating a project',
      prepare: async (store) => {
        const { projectId } = await savedTwice(store)
        return () => store.duplicateProject(projectId, 'Copy')
      },
    },
    {
      name: 'moving a project to the trash',
      prepare: async (store) => {
        const { projectId } = await savedTwice(store)
        return () => store.trashProject(projectId)
      },
    },
    {
      name: 'restoring a project from the trash',
      prepare: async (store) => {
        const { projectId } = await savedTwice(store)
        const entry = await store.trashProject(projectId)
        return () => store.restoreProject(entry.trashId)
      },
    },
    {
      name: 'moving a document to the trash',
      prepare: async (store) => {
        const { projectId, documentId } = await savedTwice(store)
        return () => store.trashDocument(projectId, documentId)
      },
    },
    {
      name: 'restoring a document from the trash',
      prepare: async (store) => {
        const { projectId, documentId } = await savedTwice(store)
        const entry = await store.trashDocument(projectId, documentId)
        return () => store.restoreDocument(projectId, entry.trashId)
      },
    },
    {
      name: 'restoring a backup',
      prepare: async (store) => {
        const { projectId, documentId } = await savedTwice(store)
        const file = `documents/${documentId}.json`
        const [newest] = await store.listBackups(projectId, file)
        return () => store.restoreBackup(projectId, file, newest!.id)
      },
    },
    {
      name: 'opening a package (importing its project)',
      prepare: async (store) => {
        // Made in another library, as on a partner's computer.
        const partner = await openTestLibrary({ newId: sequentialIds('partner') })
        try {
          const { projectId } = await savedTwice(partner.store)
          const view = await partner.store.getProject(projectId)
          const documents = await Promise.all(
            view.documents.map(
              async (summary) => (await partner.store.getDocument(projectId, summary.id)).document,
            ),
          )
          return () => store.importProject(view.project, documents)
        } finally {
          await partner.dispose()
        }
      },
    },
    {
      name: 'adding an image',
      prepare: async (store) => {
        const { projectId } = await savedTwice(store)
        return () => store.addAsset(projectId, PNG)
      },
    },
  ]

  const MUTATING: ReadonlySet<FileSystemStep> = new Set([
    'write',
    'fsync',
    'rename',
    'link',
    'copy',
    'unlink',
    'mkdir',
    'remove',
    'sync-dir',
  ])
  const isMutating = (call: FileSystemCall) =>
    MUTATING.has(call.step) || (call.step === 'open' && call.mode !== 'read')
  const comparable = (path: string) => path.endsWith('.lock') || path.split('/').includes('backups')

  const cases = PATHS.flatMap((path) =>
    CONDITIONS.filter(({ errno }) => ['ENOSPC', 'EACCES', 'EBUSY'].includes(errno)).map((condition) => ({
      ...condition,
      path,
    })),
  )

  it.each(cases)('$path.name, $errno', async ({ path, errno, code, words }) => {
    let refused = 0
    for (let failAt = 1; ; failAt += 1) {
      const each = await openTestLibrary()
      try {
        const operation = await path.prepare(each.store)
        const before = await snapshot(each.root, comparable)
        let seen = 0
        let failed: FileSystemCall | undefined
        // The commit of every write path is a rename (a temp file over the file, a staging folder into place).
        let committed = false
        each.fs.setRule((call) => {
          if (!isMutating(call)) return undefined
          seen += 1
          if (seen !== failAt) {
            if (failed === undefined && call.step === 'rename') committed = true
            return undefined
          }
          failed = call
          return errno
        })
        const outcome = await operation().then(
          () => undefined,
          (error: unknown) => error,
        )
        each.fs.setRule(undefined)
        if (failed === undefined) {
          // The operation made fewer mutating calls than failAt: every one of them has been failed once.
          expect(outcome).toBeUndefined()
          expect(refused, 'no call of this path could be failed').toBeGreaterThan(0)
          return
        }
        if (outcome === undefined) {
          // Tidying after the commit (folder fsync, trash record, lock, clean-up) is best effort: the change is
          // in place, and a fresh look at the library finds nothing damaged.
          expect(committed, `${failed.step} ${failed.path} failed before the commit, yet success`).toBe(true)
          const fresh = await each.reopen()
          expect((await fresh.listProjects()).filter((project) => project.damage !== undefined)).toEqual([])
          await fresh.listTrash()
          continue
        }
        refused += 1
        const error = await storeError(Promise.reject(outcome))
        expect(error.code, `${failed.step} ${failed.path}`).toBe(code)
        expect(error.message).toMatch(/^Could not /)
        expect(error.message).toMatch(words)
        expect(error.message).not.toContain(errno)
        expect(await snapshot(each.root, comparable), `${failed.step} ${failed.path}`).toEqual(before)
        await operation()
      } finally {
        await each.dispose()
      }
    }
  })
})
