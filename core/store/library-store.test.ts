import { storeError } from './test-support'
import { documentContentOf } from '../model'
import { link, lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { richTextFromParagraphs } from '../model'
import type { FieldValues, HecsosDocument } from '../model'
import { hostTagOf } from './atomic-write'
import type { FileSystemCall } from './faulty-file-system'
import type { LibraryStore, StoredDocument } from './library-store'
import { listTree, openTestLibrary } from './test-support'
import type { TestLibrary } from './test-support'

let library: TestLibrary
let store: LibraryStore

beforeEach(async () => {
  library = await openTestLibrary()
  store = library.store
})

afterEach(async () => {
  await library.dispose()
})

function body(...paragraphs: string[]): FieldValues[string] {
  return richTextFromParagraphs(paragraphs) as unknown as FieldValues[string]
}

async function projectWithDocuments(
  count: number,
): Promise<{ projectId: string; documents: StoredDocument[] }> {
  const { project } = await store.createProject({ title: 'Community labs', acronym: 'HECSOs' })
  const documents: StoredDocument[] = []
  for (let index = 0; index < count; index += 1)
    documents.push(await store.createDocument(project.id, { title: `Document ${index}` }))
  return { projectId: project.id, documents }
}

describe('the folder layout', () => {
  it('keeps a small manifest per project, one file per document and the profile at the root, as compact JSON', async () => {
    const { projectId, documents } = await projectWithDocuments(2)
    await store.saveAuthorProfile({
      formatVersion: 1,
      name: 'Eleni',
      organisation: 'University of Patras',
      email: '',
    })
    const projectDir = join(library.root, 'projects', projectId)
    expect(await listTree(projectDir)).toEqual([
      '.lock',
      ...documents.map((d) => `documents/${d.document.id}.json`).sort(),
      'project.json',
    ])
    expect(await readdir(library.root)).toEqual(expect.arrayContaining(['author.json', 'projects', 'trash']))
    const manifest = await readFile(join(projectDir, 'project.json'), 'utf8')
    expect(manifest).not.toMatch(/\n/)
    expect(JSON.parse(manifest)).toMatchObject({ formatVersion: 1, id: projectId, title: 'Community labs' })
    expect(manifest).not.toContain('documents')
    const document = await readFile(
      join(projectDir, 'documents', `${documents[0]!.document.id}.json`),
      'utf8',
    )
    expect(document).toBe(JSON.stringify(documents[0]!.document))
  })

  it('takes time and ids only from the injected clock and id source', async () => {
    const { project } = await store.createProject({ title: 'Clocked' })
    expect(project).toMatchObject({
      id: 'id-00000001',
      createdAt: '2025-03-01T09:00:00.000Z',
      updatedAt: '2025-03-01T09:00:00.000Z',
    })
    const created = await store.createDocument(project.id, { title: 'First' })
    expect(created.document.id).toBe('id-00000002')
    expect(created.document.createdAt).toMatch(/^2025-03-01T09:00:00\.\d{3}Z$/)
  })
})

describe('projects', () => {
  it('creates, lists, opens, updates and duplicates projects', async () => {
    const { projectId } = await projectWithDocuments(3)
    const view = await store.getProject(projectId)
    expect(view.readOnly).toBe(false)
    expect(view.documents.map((d) => d.title)).toEqual(['Document 0', 'Document 1', 'Document 2'])

    const updated = await store.updateProject(
      projectId,
      { title: '  Community labs II ', languages: ['en', 'el'] },
      view.revision,
    )
    expect(updated.project).toMatchObject({
      title: 'Community labs II',
      languages: ['en', 'el'],
      acronym: 'HECSOs',
    })
    expect(updated.revision).not.toBe(view.revision)

    const copy = await store.duplicateProject(projectId, 'Community labs (copy)')
    expect(copy.project.id).not.toBe(projectId)
    expect(copy.project).toMatchObject({
      title: 'Community labs (copy)',
      acronym: 'HECSOs',
      languages: ['en', 'el'],
    })
    expect(copy.documents.map((d) => d.title)).toEqual(['Document 0', 'Document 1', 'Document 2'])

    const summaries = await store.listProjects()
    expect(summaries.map((s) => [s.title, s.documentCount])).toEqual(
      expect.arrayContaining([
        ['Community labs II', 3],
        ['Community labs (copy)', 3],
      ]),
    )
    expect(summaries.every((s) => s.damage === undefined && s.lockedBy === undefined)).toBe(true)
  })

  it('refuses invalid input with invalid-input and writes nothing', async () => {
    const before = await listTree(library.root)
    expect((await storeError(store.createProject({ title: '   ' }))).code).toBe('invalid-input')
    for (const bad of ['../x', '..', 'A'.repeat(10), 'abc', '/etc/passwd']) {
      expect((await storeError(store.getProject(bad))).code).toBe('invalid-input')
    }
    expect(await listTree(library.root)).toEqual(before)
  })

  it('moves a project to the trash and back, with its documents and backups', async () => {
    const { projectId, documents } = await projectWithDocuments(1)
    const first = documents[0]!
    await store.saveDocument(
      projectId,
      first.document.id,
      documentContentOf(first.document, { title: 'Edited' }),
      first.revision,
    )
    const entry = await store.trashProject(projectId)
    expect(entry).toMatchObject({ projectId, title: 'Community labs' })
    expect(await store.listProjects()).toEqual([])
    expect(await store.listTrash()).toEqual([entry])
    expect((await storeError(store.getProject(projectId))).code).toBe('not-found')
    await expect(lstat(join(library.root, 'trash', entry.trashId, '.lock'))).rejects.toThrow()

    const restored = await store.restoreProject(entry.trashId)
    expect(restored.documents.map((d) => d.title)).toEqual(['Edited'])
    expect(restored.readOnly).toBe(false)
    expect(await store.listTrash()).toEqual([])
    expect(await store.listBackups(projectId, `documents/${first.document.id}.json`)).toHaveLength(1)
    expect((await storeError(store.restoreProject(entry.trashId))).code).toBe('not-found')
  })
})

describe('documents', () => {
  it('saves and reads back a document, with a new revision each time', async () => {
    const { projectId, documents } = await projectWithDocuments(1)
    const created = documents[0]!
    const fields = { body: body('Κοινοτική συμμετοχή', 'Învățământ superior') }
    const saved = await store.saveDocument(
      projectId,
      created.document.id,
      documentContentOf(created.document, { fields, status: 'review' }),
      created.revision,
    )
    expect(saved.revision).not.toBe(created.revision)
    expect(saved.document).toMatchObject({
      id: created.document.id,
      status: 'review',
      fields,
      createdAt: created.document.createdAt,
    })
    expect(saved.document.updatedAt > created.document.updatedAt).toBe(true)
    expect(await store.getDocument(projectId, created.document.id)).toEqual(saved)
    const reopened = await library.reopen()
    await store.close()
    expect(await reopened.getDocument(projectId, created.document.id)).toEqual(saved)
  })

  it('takes only the author’s fields from a save: identity, template and dates stay the store’s', async () => {
    const { projectId, documents } = await projectWithDocuments(1)
    const created = documents[0]!
    const sneaky = {
      ...documentContentOf(created.document),
      id: 'other-id-123',
      templateId: 'evil',
      createdAt: '1999-01-01T00:00:00.000Z',
    }
    const saved = await store.saveDocument(projectId, created.document.id, sneaky, created.revision)
    expect(saved.document).toMatchObject({
      id: created.document.id,
      templateId: 'plain',
      createdAt: created.document.createdAt,
    })
  })

  it('refuses content that could not be read back (prototype keys), writing nothing', async () => {
    const { projectId, documents } = await projectWithDocuments(1)
    const created = documents[0]!
    const hostile = JSON.parse('{"body":{"__proto__":{"polluted":true}}}') as FieldValues
    const error = await storeError(
      store.saveDocument(
        projectId,
        created.document.id,
        documentContentOf(created.document, { fields: hostile }),
        created.revision,
      ),
    )
    expect(error.code).toBe('invalid-input')
    expect(error.message).toContain('__proto__')
    expect(await store.getDocument(projectId, created.document.id)).toEqual(created)
  })

  it('moves a document to the trash and back', async () => {
    const { projectId, documents } = await projectWithDocuments(2)
    const [keep, drop] = documents as [StoredDocument, StoredDocument]
    const entry = await store.trashDocument(projectId, drop.document.id)
    expect(entry).toMatchObject({ documentId: drop.document.id, title: 'Document 1' })
    expect((await store.getProject(projectId)).documents.map((d) => d.id)).toEqual([keep.document.id])
    expect(await store.listDocumentTrash(projectId)).toEqual([entry])
    expect((await storeError(store.getDocument(projectId, drop.document.id))).code).toBe('not-found')

    const restored = await store.restoreDocument(projectId, entry.trashId)
    expect(restored.document).toEqual(drop.document)
    expect((await store.getProject(projectId)).documents.map((d) => d.id)).toEqual([
      keep.document.id,
      drop.document.id,
    ])
    expect(await store.listDocumentTrash(projectId)).toEqual([])
  })
})

describe('autosave cost', () => {
  const autosaveCalls = async (documentCount: number): Promise<FileSystemCall[]> => {
    const { projectId, documents } = await projectWithDocuments(documentCount)
    const target = documents[documentCount - 1]!
    const warm = await store.saveDocument(
      projectId,
      target.document.id,
      documentContentOf(target.document, { title: 'warm-up' }),
      target.revision,
    )
    library.fs.calls.length = 0
    await store.saveDocument(
      projectId,
      target.document.id,
      documentContentOf(warm.document, { title: 'measured' }),
      warm.revision,
    )
    return library.fs.calls.map((call) => ({
      ...call,
      path: call.path
        .replace(library.root, '<root>')
        .replaceAll(projectId, '<project>')
        .replaceAll(target.document.id, '<doc>')
        .replace(/-\d+\.tmp$/, '-N.tmp')
        .replace(/\d{6}-\d{8}T\d{9}Z\.json$/, '<backup>.json'),
    }))
  }

  it('writes only the document that changed: no listing, no manifest, the same calls in a project of 1 or 200', async () => {
    const small = await autosaveCalls(1)
    await library.dispose()
    library = await openTestLibrary()
    store = library.store
    const large = await autosaveCalls(200)
    expect(large).toEqual(small)
    expect(small.map((call) => call.step)).toEqual([
      'lstat',
      'open',
      'write',
      'fsync',
      'fstat',
      'close',
      'link',
      'rename',
      'sync-dir',
    ])
    expect(
      small.every(
        (call) =>
          call.path.startsWith('<root>/projects/<project>/documents') ||
          call.path.startsWith('<root>/projects/<project>/backups/documents/<doc>/'),
      ),
    ).toBe(true)
    expect(small.some((call) => call.step === 'readdir' || call.path.includes('project.json'))).toBe(false)
  })

  it('follows the crash-safe sequence: unique temp in the same folder, fsync, close, back up, rename, fsync the folder', async () => {
    const { projectId, documents } = await projectWithDocuments(1)
    const target = documents[0]!
    library.fs.calls.length = 0
    await store.saveDocument(
      projectId,
      target.document.id,
      documentContentOf(target.document, { title: 'Once' }),
      target.revision,
    )
    const documentsDir = join(library.root, 'projects', projectId, 'documents')
    const temp = library.fs.calls.find((call) => call.step === 'open')!.path
    expect(
      temp.startsWith(`${documentsDir}/.${target.document.id}.json.${hostTagOf(hostname())}-${process.pid}-`),
    ).toBe(true)
    expect(library.fs.calls.filter((call) => call.path === temp).map((call) => call.step)).toEqual([
      'open',
      'write',
      'fsync',
      'fstat',
      'close',
    ])
    expect(library.fs.calls.at(-2)).toEqual({
      step: 'rename',
      path: join(documentsDir, `${target.document.id}.json`),
    })
    expect(library.fs.calls.at(-1)).toEqual({ step: 'sync-dir', path: documentsDir })
  })
})

describe('changes made behind the app’s back', () => {
  it('refuses to overwrite a document edited by another program, and overwrites nothing', async () => {
    const { projectId, documents } = await projectWithDocuments(1)
    const created = documents[0]!
    const file = join(library.root, 'projects', projectId, 'documents', `${created.document.id}.json`)
    const external = JSON.stringify({ ...created.document, title: 'Edited in a text editor' })
    await writeFile(file, external)
    const error = await storeError(
      store.saveDocument(
        projectId,
        created.document.id,
        documentContentOf(created.document, { title: 'Mine' }),
        created.revision,
      ),
    )
    expect(error.code).toBe('conflict')
    expect(error.message).toMatch(/Document 0.*changed on disk.*nothing was overwritten/s)
    expect(await readFile(file, 'utf8')).toBe(external)

    const fresh = await store.getDocument(projectId, created.document.id)
    expect(fresh.document.title).toBe('Edited in a text editor')
    const saved = await store.saveDocument(
      projectId,
      created.document.id,
      documentContentOf(fresh.document, { title: 'Mine' }),
      fresh.revision,
    )
    expect(saved.document.title).toBe('Mine')
  })

  it('notices an edit in place that keeps the size, and a file replaced by another one', async () => {
    const { projectId, documents } = await projectWithDocuments(1)
    const created = documents[0]!
    const file = join(library.root, 'projects', projectId, 'documents', `${created.document.id}.json`)
    const sameSize = (await readFile(file, 'utf8')).replace('Document 0', 'Document X')
    await writeFile(file, sameSize)
    expect(
      (
        await storeError(
          store.saveDocument(
            projectId,
            created.document.id,
            documentContentOf(created.document),
            created.revision,
          ),
        )
      ).code,
    ).toBe('conflict')
    expect(await readFile(file, 'utf8')).toBe(sameSize)
  })

  it('reads a document again only once it has changed on disk, and then shows the change', async () => {
    const { projectId, documents } = await projectWithDocuments(1)
    const created = documents[0]!
    const file = join(library.root, 'projects', projectId, 'documents', `${created.document.id}.json`)
    const reads: string[] = []
    library.fs.setRule((call) => {
      if (call.step === 'read') reads.push(call.path)
      return undefined
    })
    const first = await store.getDocument(projectId, created.document.id)
    const again = await store.getDocument(projectId, created.document.id)
    expect(reads).toEqual([])
    expect(again).toEqual(first)

    await writeFile(file, (await readFile(file, 'utf8')).replace('Document 0', 'Document X'))
    const edited = await store.getDocument(projectId, created.document.id)
    expect(reads).toEqual([file])
    expect(edited.document.title).toBe('Document X')
    expect(edited.revision).not.toBe(first.revision)
    library.fs.setRule(undefined)
  })

  it('holds a saved document as its file reads back, so serving it from memory gives what the disk has', async () => {
    const { projectId, documents } = await projectWithDocuments(1)
    const created = documents[0]!
    // JSON has no -0: the file says 0, and so must the document handed out without reading the file.
    const saved = await store.saveDocument(
      projectId,
      created.document.id,
      documentContentOf(created.document, { fields: { ...created.document.fields, score: [-0] } }),
      created.revision,
    )
    const again = await store.getDocument(projectId, created.document.id)
    expect(Object.is((again.document.fields.score as number[])[0], 0)).toBe(true)
    expect(again).toEqual(saved)
  })

  it('refuses to save a document deleted outside the app, and a stale project update', async () => {
    const { projectId, documents } = await projectWithDocuments(1)
    const created = documents[0]!
    const view = await store.getProject(projectId)
    await store.updateProject(projectId, { acronym: 'NEW' }, view.revision)
    const stale = await storeError(store.updateProject(projectId, { acronym: 'OLD' }, view.revision))
    expect(stale.code).toBe('conflict')
    expect((await store.getProject(projectId)).project.acronym).toBe('NEW')

    const { rm } = await import('node:fs/promises')
    await rm(join(library.root, 'projects', projectId, 'documents', `${created.document.id}.json`))
    const deleted = await storeError(
      store.saveDocument(
        projectId,
        created.document.id,
        documentContentOf(created.document),
        created.revision,
      ),
    )
    expect(deleted.code).toBe('conflict')
    expect(deleted.message).toMatch(/deleted outside/)
  })
})

describe('rolling backups', () => {
  it('keeps the last N versions of a file as hard links, newest first, and restores any of them', async () => {
    await library.dispose()
    library = await openTestLibrary({ backupsPerFile: 3 })
    store = library.store
    const { projectId, documents } = await projectWithDocuments(1)
    let current = documents[0]!
    const file = `documents/${current.document.id}.json`
    const path = join(library.root, 'projects', projectId, file)
    const versions: Array<{ title: string; ino: number }> = []
    for (const title of ['v1', 'v2', 'v3', 'v4', 'v5']) {
      versions.push({ title: current.document.title, ino: (await stat(path)).ino })
      current = await store.saveDocument(
        projectId,
        current.document.id,
        documentContentOf(current.document, { title }),
        current.revision,
      )
    }
    const backups = await store.listBackups(projectId, file)
    expect(backups).toHaveLength(3)
    const backupDir = join(library.root, 'projects', projectId, 'backups', 'documents', current.document.id)
    const shelved = await Promise.all(
      backups.map(
        async (b) => JSON.parse(await readFile(join(backupDir, `${b.id}.json`), 'utf8')) as HecsosDocument,
      ),
    )
    expect(shelved.map((d) => d.title)).toEqual(['v4', 'v3', 'v2'])
    // A backup is the very inode that was replaced: nothing was copied.
    expect((await stat(join(backupDir, `${backups[0]!.id}.json`))).ino).toBe(versions.at(-1)!.ino)
    expect(backups[0]!.sizeBytes).toBe((await stat(join(backupDir, `${backups[0]!.id}.json`))).size)
    expect(backups[0]!.savedAt > backups[1]!.savedAt).toBe(true)

    await store.restoreBackup(projectId, file, backups[2]!.id)
    const restored = await store.getDocument(projectId, current.document.id)
    expect(restored.document.title).toBe('v2')
    // The version the restore replaced is itself a backup now.
    const after = await store.listBackups(projectId, file)
    expect(JSON.parse(await readFile(join(backupDir, `${after[0]!.id}.json`), 'utf8'))).toMatchObject({
      title: 'v5',
    })
    expect(after).toHaveLength(3)
  })

  it('backs up the project manifest and the author profile too', async () => {
    const { projectId } = await projectWithDocuments(0)
    const view = await store.getProject(projectId)
    await store.updateProject(projectId, { acronym: 'A2' }, view.revision)
    expect(await store.listBackups(projectId, 'project.json')).toHaveLength(1)
    await store.saveAuthorProfile({ formatVersion: 1, name: 'One', organisation: '', email: '' })
    await store.saveAuthorProfile({ formatVersion: 1, name: 'Two', organisation: '', email: '' })
    expect(await readdir(join(library.root, 'backups', 'author'))).toHaveLength(1)
    expect(await store.getAuthorProfile()).toMatchObject({ name: 'Two' })
  })

  it('copies instead where the file system has no hard links', async () => {
    const { projectId, documents } = await projectWithDocuments(1)
    const created = documents[0]!
    library.fs.setRule((call) => (call.step === 'link' ? 'EPERM' : undefined))
    await store.saveDocument(
      projectId,
      created.document.id,
      documentContentOf(created.document, { title: 'After' }),
      created.revision,
    )
    const [backup] = await store.listBackups(projectId, `documents/${created.document.id}.json`)
    const backupPath = join(
      library.root,
      'projects',
      projectId,
      'backups',
      'documents',
      created.document.id,
      `${backup!.id}.json`,
    )
    expect(JSON.parse(await readFile(backupPath, 'utf8'))).toEqual(created.document)
    expect((await stat(backupPath)).nlink).toBe(1)
  })

  it('refuses bad backup ids and file names, and a backup that belongs to another file', async () => {
    const { projectId, documents } = await projectWithDocuments(2)
    const [a, b] = documents as [StoredDocument, StoredDocument]
    await store.saveDocument(
      projectId,
      a.document.id,
      documentContentOf(a.document, { title: 'A2' }),
      a.revision,
    )
    const [backupOfA] = await store.listBackups(projectId, `documents/${a.document.id}.json`)
    expect((await storeError(store.listBackups(projectId, '../../etc/passwd'))).code).toBe('invalid-input')
    expect((await storeError(store.restoreBackup(projectId, 'project.json', '../x'))).code).toBe(
      'invalid-input',
    )
    // Plant A's backup on B's shelf: restoring it over B must be refused.
    const shelfOfB = join(library.root, 'projects', projectId, 'backups', 'documents', b.document.id)
    await mkdir(shelfOfB, { recursive: true })
    await link(
      join(
        library.root,
        'projects',
        projectId,
        'backups',
        'documents',
        a.document.id,
        `${backupOfA!.id}.json`,
      ),
      join(shelfOfB, `${backupOfA!.id}.json`),
    )
    expect(
      (await storeError(store.restoreBackup(projectId, `documents/${b.document.id}.json`, backupOfA!.id)))
        .code,
    ).toBe('damaged')
    expect((await store.getDocument(projectId, b.document.id)).document).toEqual(b.document)
  })
})

describe('the author profile', () => {
  it('is empty until saved, then reads back', async () => {
    expect(await store.getAuthorProfile()).toEqual({
      formatVersion: 1,
      name: '',
      organisation: '',
      email: '',
    })
    const saved = await store.saveAuthorProfile({
      formatVersion: 1,
      name: ' Eleni ',
      organisation: 'UPatras',
      email: 'eleni@example.org',
    })
    expect(saved.name).toBe('Eleni')
    expect(await (await library.reopen()).getAuthorProfile()).toEqual(saved)
  })
})

describe('leftovers of a crash', () => {
  it('removes temp files of dead processes on open, and never touches anything else', async () => {
    const { projectId } = await projectWithDocuments(1)
    await store.close()
    const tag = hostTagOf(hostname())
    const deadPid = 2 ** 22 + 12345
    const projectDir = join(library.root, 'projects', projectId)
    const leftovers = [
      join(library.root, `.author.json.${tag}-${deadPid}-7.tmp`),
      join(projectDir, `.project.json.${tag}-${deadPid}-8.tmp`),
      join(projectDir, 'documents', `.abcdefgh-1234.json.${tag}-${deadPid}-9.tmp`),
    ]
    for (const path of leftovers) await writeFile(path, '{"half":')
    await mkdir(join(library.root, 'projects', `.staging-x.${tag}-${deadPid}-10.tmp`), { recursive: true })
    const foreign = join(library.root, 'notes.txt')
    await writeFile(foreign, 'mine')
    const reopened = await library.reopen()
    const view = await reopened.getProject(projectId)
    expect(view.documents).toHaveLength(1)
    for (const path of leftovers) await expect(lstat(path)).rejects.toThrow()
    expect((await readdir(join(library.root, 'projects'))).filter((name) => name.startsWith('.'))).toEqual([])
    expect(await readFile(foreign, 'utf8')).toBe('mine')
  })

  it('releases its locks on close', async () => {
    const { projectId } = await projectWithDocuments(0)
    const lock = join(library.root, 'projects', projectId, '.lock')
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() })
    await store.close()
    await expect(lstat(lock)).rejects.toThrow()
    expect((await storeError(store.listProjects())).code).toBe('io')
  })
})
