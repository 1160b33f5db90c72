import { hostname as osHostname } from 'node:os'
import { join, resolve } from 'node:path'
import {
  createDocument as buildDocument,
  createProject as buildProject,
  EMPTY_AUTHOR_PROFILE,
  ProjectPatchSchema,
} from '../model'
import type {
  AuthorProfile,
  DocumentContent,
  HecsosDocument,
  NewDocument,
  NewProject,
  Project,
  ProjectPatch,
} from '../model'
import { AtomicWriter, ignore } from './atomic-write'
import type { TempOwner } from './atomic-write'
import { BackupShelf, isBackupId } from './backup-shelf'
import type { ShelfContext } from './backup-shelf'
import {
  authorProfileCodec,
  documentCodec,
  projectCodec,
  TRASH_RECORD_FORMAT,
  trashRecordCodec,
} from './codecs'
import type { TrashRecord } from './codecs'
import { errnoOf, nodeFileSystem } from './file-system'
import type { StoreFileSystem } from './file-system'
import { FileDamage, JsonRecord, SafeJsonFile } from './json-file'
import {
  documentFileName,
  documentIdOfFileName,
  isId,
  libraryPaths,
  projectPaths,
  TRASH_RECORD_FILE,
  TRASHED_DOCUMENT_FILE,
} from './library-layout'
import type { LibraryPaths, ProjectFile, ProjectPaths } from './library-layout'
import { StoreError } from './library-store'
import type {
  BackupInfo,
  DamageReport,
  DocumentSummary,
  DocumentTrashEntry,
  LibraryStore,
  LockOwner,
  ProjectSummary,
  ProjectView,
  Revision,
  SaveCheck,
  StoredDocument,
  TrashEntry,
} from './library-store'
import { KeyedQueue } from './keyed-queue'
import { historyFiles, type HistoryFiles } from './history-files'
import { ProjectAssets, type AssetContent, type AssetInfo } from './project-assets'
import {
  acquireLock,
  forgetLock,
  isProcessAlive,
  lockHolder,
  releaseLock,
  rememberLock,
  writeLockFile,
} from './project-lock'
import type { LockContext } from './project-lock'
import {
  attempt,
  checkId,
  checkProjectFile,
  conflictMessage,
  damageReport,
  guard,
  storeErrorFrom,
} from './store-errors'

const DEFAULT_BACKUPS_PER_FILE = 10
// Opening a project reads its documents side by side, but never so many at once that descriptors run out.
const PARALLEL_READS = 16
// The author profile is not a project; its queue key can never be a project id.
const AUTHOR_QUEUE = '#author'

/** A project this store has looked at. Held in memory so that a save touches only its own document. */
interface OpenProject {
  id: string
  paths: ProjectPaths
  manifest: JsonRecord<Project>
  documents: Map<string, JsonRecord<HecsosDocument>>
  /** This store's lock on the project, when it holds it. */
  lock?: LockOwner
  /** The live holder of the lock, when it is someone else (the project is then read-only here). */
  lockedBy?: LockOwner
}

export interface StoreOptions {
  /** The library folder; it is created if missing. */
  root: string
  /** Clock, injected so tests and history are deterministic. Returns an ISO-8601 UTC string. */
  now: () => string
  /** Id source for new projects and documents. */
  newId: () => string
  /** How many previous versions of each file to keep. */
  backupsPerFile?: number
  /** Identifies this process in lock files. */
  pid?: number
  hostname?: string
  /** The file-system seam; tests pass one that injects errno failures. Defaults to node:fs. */
  fileSystem?: StoreFileSystem
}

/**
 * Opens (creating if needed) the library folder `options.root` and cleans what crashed processes left there.
 * The returned store keeps each project it has opened in memory and holds its lock until close().
 */
export async function createLibraryStore(options: StoreOptions): Promise<LibraryStore> {
  const store = new FileLibraryStore(options)
  await store.open()
  return store
}

class FileLibraryStore implements LibraryStore {
  readonly root: string
  readonly #paths: LibraryPaths
  readonly #fs: StoreFileSystem
  readonly #writer: AtomicWriter
  readonly #lockContext: LockContext
  readonly #shelfContext: ShelfContext
  readonly #now: () => string
  readonly #newId: () => string
  readonly #projects = new Map<string, OpenProject>()
  readonly #queue = new KeyedQueue()
  #closed = false

  constructor(options: StoreOptions) {
    this.root = resolve(options.root)
    this.#paths = libraryPaths(this.root)
    this.#fs = options.fileSystem ?? nodeFileSystem
    this.#now = options.now
    this.#newId = options.newId
    const identity = { pid: options.pid ?? process.pid, hostname: options.hostname ?? osHostname() }
    this.#writer = new AtomicWriter(this.#fs, identity)
    this.#lockContext = {
      writer: this.#writer,
      owner: () => ({ pid: identity.pid, hostname: identity.hostname, since: this.#now() }),
    }
    this.#shelfContext = {
      writer: this.#writer,
      now: this.#now,
      limit: Math.max(1, options.backupsPerFile ?? DEFAULT_BACKUPS_PER_FILE),
    }
  }

  async open(): Promise<void> {
    try {
      await this.#fs.mkdir(this.#paths.projectsDir)
      await this.#fs.mkdir(this.#paths.trashDir)
    } catch {
      // A read-only library can still be read; the first write says clearly why it cannot be saved.
      return
    }
    await this.#writer.removeLeftovers(this.root, (owner) => this.#isDeadWriterHere(owner))
    await this.#writer.removeLeftovers(this.#paths.projectsDir, (owner) => this.#isDeadWriterHere(owner))
  }

  // ---------------------------------------------------------------------------------------------- projects

  async listProjects(): Promise<ProjectSummary[]> {
    this.#assertOpen()
    const names = await this.#listFolder(this.#paths.projectsDir, 'list the projects in the library')
    const summaries = await mapLimit(names.filter(isId), PARALLEL_READS, (id) =>
      this.#queue.run(id, () => this.#summarise(id)),
    )
    return summaries
      .filter((summary): summary is ProjectSummary => summary !== undefined)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.title.localeCompare(b.title))
  }

  async createProject(input: NewProject): Promise<ProjectView> {
    this.#assertOpen()
    const id = this.#freshId()
    return this.#queue.run(id, async () => {
      const now = this.#now()
      const project = projectCodec.validate(attempt(() => buildProject(input, id, now)))
      await this.#materialise(id, project, [], `create the project “${project.title}”`)
      return this.#view(await this.#openProject(id))
    })
  }

  async getProject(projectId: string): Promise<ProjectView> {
    this.#assertOpen()
    checkId(projectId, 'project')
    return this.#queue.run(projectId, async () => this.#view(await this.#openProject(projectId, true)))
  }

  async updateProject(projectId: string, patch: ProjectPatch, baseRevision: Revision): Promise<ProjectView> {
    this.#assertOpen()
    checkId(projectId, 'project')
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      await this.#ensureWritable(project)
      const current = await this.#healthyManifest(project)
      const changes = ProjectPatchSchema.safeParse(patch)
      if (!changes.success)
        throw new StoreError(
          'invalid-input',
          `The project changes are not valid: ${changes.error.issues[0]?.message}`,
        )
      const action = `save the project “${current.title}”`
      await this.#checkBase(project.manifest, baseRevision, () =>
        conflictMessage(`The project details of “${current.title}”`),
      )
      await guard(action, () =>
        project.manifest.replace({ ...current, ...changes.data, updatedAt: this.#now() }),
      )
      return this.#view(project)
    })
  }

  async duplicateProject(projectId: string, title: string): Promise<ProjectView> {
    this.#assertOpen()
    checkId(projectId, 'project')
    const id = this.#freshId()
    return this.#queue.run(projectId, async () => {
      const source = await this.#openProject(projectId)
      const original = await this.#healthyManifest(source)
      const now = this.#now()
      const copy = projectCodec.validate({ ...original, id, title, createdAt: now, updatedAt: now })
      // A damaged document cannot be copied faithfully; it stays, with its backups, in the original.
      const documents = [...source.documents.values()].flatMap((record) =>
        record.value ? [record.value] : [],
      )
      await this.#materialise(id, copy, documents, `copy the project “${original.title}”`)
      return this.#queue.run(id, async () => this.#view(await this.#openProject(id)))
    })
  }

  async importProject(project: Project, documents: readonly HecsosDocument[]): Promise<ProjectView> {
    this.#assertOpen()
    // Callers pass what a package held: validated by the package reader, but the store trusts no caller.
    const manifest = projectCodec.validate(project)
    checkId(manifest.id, 'project')
    if (!Array.isArray(documents)) throw new StoreError('invalid-input', 'The documents must be a list.')
    const seen = new Set<string>()
    const checked = documents.map((document) => {
      const valid = documentCodec.validate(document)
      checkId(valid.id, 'document')
      if (seen.has(valid.id))
        throw new StoreError('invalid-input', `The document id ${valid.id} appears twice in the project.`)
      seen.add(valid.id)
      return valid
    })
    const id = manifest.id
    return this.#queue.run(id, async () => {
      const advice =
        'Merge the package into it instead (Merge in the app, hecsos merge on the command line), or open the package as a copy to keep both.'
      if (await guard('look for the project in the library', () => this.#exists(this.#paths.projectDir(id))))
        throw new StoreError(
          'conflict',
          `“${manifest.title}” is already in your library (the same project, id ${id}). ${advice}`,
        )
      const trashed = (await this.listTrash()).find((entry) => entry.projectId === id)
      if (trashed)
        throw new StoreError(
          'conflict',
          `“${manifest.title}” is in the trash of your library (moved there on ${trashed.deletedAt}). Restore it from the trash, or: ${advice}`,
        )
      await this.#materialise(id, manifest, checked, `open the project “${manifest.title}”`)
      return this.#view(await this.#openProject(id))
    })
  }

  async trashProject(projectId: string): Promise<TrashEntry> {
    this.#assertOpen()
    checkId(projectId, 'project')
    const trashId = this.#freshId()
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      await this.#ensureWritable(project)
      const title = project.manifest.value?.title ?? projectId
      const deletedAt = this.#now()
      const destination = this.#paths.trashedProjectDir(trashId)
      await guard(`move the project “${title}” to the trash`, async () => {
        await this.#fs.mkdir(this.#paths.trashDir)
        await this.#fs.rename(project.paths.dir, destination)
      })
      forgetLock(project.paths.lock)
      this.#projects.delete(projectId)
      await this.#fs.syncDirectory(this.#paths.projectsDir).catch(ignore)
      // The project is in the trash from here on; the record and the lock are tidying, best effort.
      const record: TrashRecord = { formatVersion: TRASH_RECORD_FORMAT, projectId, title, deletedAt }
      await this.#writer
        .write(join(destination, TRASH_RECORD_FILE), JSON.stringify(trashRecordCodec.validate(record)))
        .catch(ignore)
      await this.#fs.unlink(join(destination, '.lock')).catch(ignore)
      return { trashId, projectId, title, deletedAt }
    })
  }

  async listTrash(): Promise<TrashEntry[]> {
    this.#assertOpen()
    const names = await this.#listFolder(this.#paths.trashDir, 'list the trash')
    const entries = await mapLimit(names.filter(isId), PARALLEL_READS, (trashId) =>
      this.#trashedProject(trashId),
    )
    return entries
      .filter((entry): entry is TrashEntry => entry !== undefined)
      .sort((a, b) => b.deletedAt.localeCompare(a.deletedAt))
  }

  async restoreProject(trashId: string): Promise<ProjectView> {
    this.#assertOpen()
    const entry = isId(trashId) ? await this.#trashedProject(trashId) : undefined
    if (!entry) throw new StoreError('not-found', 'This project is no longer in the trash.')
    return this.#queue.run(entry.projectId, async () => {
      const source = this.#paths.trashedProjectDir(trashId)
      const destination = this.#paths.projectDir(entry.projectId)
      if (await this.#exists(destination)) {
        throw new StoreError(
          'conflict',
          `“${entry.title}” cannot be restored: the library already holds a project with the same identity (restored earlier, or copied back). Open that one, or move it to the trash first.`,
        )
      }
      await guard(`restore the project “${entry.title}”`, () => this.#fs.rename(source, destination))
      await this.#fs.syncDirectory(this.#paths.projectsDir).catch(ignore)
      await this.#fs.unlink(join(destination, TRASH_RECORD_FILE)).catch(ignore)
      return this.#view(await this.#openProject(entry.projectId, true))
    })
  }

  // --------------------------------------------------------------------------------------------- documents

  async createDocument(projectId: string, input: NewDocument): Promise<StoredDocument> {
    this.#assertOpen()
    checkId(projectId, 'project')
    const documentId = this.#freshId()
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      await this.#ensureWritable(project)
      const document = documentCodec.validate(attempt(() => buildDocument(input, documentId, this.#now())))
      const record = JsonRecord.blank(this.#documentFile(project.paths, documentId))
      const action = `create the document “${document.title}” in “${projectTitle(project)}”`
      if ((await record.file.peek()) !== undefined || project.documents.has(documentId)) {
        throw new StoreError('conflict', `Could not ${action}: a document with the same id already exists.`)
      }
      const stored = await guard(action, async () => {
        await this.#fs.mkdir(project.paths.documentsDir)
        return record.replace(document)
      })
      project.documents.set(documentId, record)
      return { document: stored, revision: record.revision! }
    })
  }

  async getDocument(projectId: string, documentId: string): Promise<StoredDocument> {
    this.#assertOpen()
    checkId(projectId, 'project')
    checkId(documentId, 'document')
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      const record =
        project.documents.get(documentId) ?? JsonRecord.blank(this.#documentFile(project.paths, documentId))
      // Looked at afresh every time (read again only if its revision changed): another program, or the instance
      // holding the lock, may have changed it.
      await record.reload()
      if (record.damage) throw await this.#damaged(project, { kind: 'document', documentId }, record.damage)
      if (!record.value) {
        project.documents.delete(documentId)
        throw new StoreError('not-found', `This document is no longer in “${projectTitle(project)}”.`)
      }
      project.documents.set(documentId, record)
      return { document: record.value, revision: record.revision! }
    })
  }

  async saveDocument(
    projectId: string,
    documentId: string,
    content: DocumentContent,
    baseRevision: Revision,
    check?: SaveCheck,
  ): Promise<StoredDocument> {
    this.#assertOpen()
    checkId(projectId, 'project')
    checkId(documentId, 'document')
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      await this.#ensureWritable(project)
      const record = this.#documentRecord(project, documentId)
      const current = record.value
      if (!current) throw await this.#damaged(project, { kind: 'document', documentId }, record.damage)
      if (typeof content !== 'object' || content === null)
        throw new StoreError('invalid-input', 'A document save needs the document’s content.')
      await this.#checkBase(record, baseRevision, () => conflictMessage(`“${current.title}”`))
      await check?.(current, content)
      // Only the author's fields are taken from the caller: identity, template and dates stay the store's.
      const next: HecsosDocument = {
        ...current,
        title: content.title,
        language: content.language,
        status: content.status,
        authors: content.authors,
        fields: content.fields,
        // The editor's saves leave comments out and keep the stored ones; the comment channels send them.
        ...(content.comments ? { comments: content.comments } : {}),
        templateVersion: content.templateVersion ?? current.templateVersion,
        updatedAt: this.#now(),
      }
      const document = await guard(`save “${current.title}” in “${projectTitle(project)}”`, () =>
        record.replace(next),
      )
      return { document, revision: record.revision! }
    })
  }

  async addAsset(projectId: string, bytes: Uint8Array): Promise<AssetInfo> {
    this.#assertOpen()
    checkId(projectId, 'project')
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      await this.#ensureWritable(project)
      return guard(`add the image to “${projectTitle(project)}”`, () => this.#assets(project).add(bytes))
    })
  }

  async readAsset(projectId: string, assetId: string): Promise<AssetContent> {
    this.#assertOpen()
    checkId(projectId, 'project')
    if (!/^[0-9a-f]{64}$/.test(assetId)) throw new StoreError('invalid-input', 'This is not an image’s name.')
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      return guard(
        `read an image of “${projectTitle(project)}”`,
        () => this.#assets(project).read(assetId),
        false,
      )
    })
  }

  async listAssets(projectId: string): Promise<AssetInfo[]> {
    this.#assertOpen()
    checkId(projectId, 'project')
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      return guard(`list the images of “${projectTitle(project)}”`, () => this.#assets(project).list(), false)
    })
  }

  async putDocument(
    projectId: string,
    document: HecsosDocument,
    baseRevision: Revision | null,
  ): Promise<StoredDocument> {
    this.#assertOpen()
    checkId(projectId, 'project')
    const valid = documentCodec.validate(document)
    checkId(valid.id, 'document')
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      await this.#ensureWritable(project)
      const record =
        project.documents.get(valid.id) ?? JsonRecord.blank(this.#documentFile(project.paths, valid.id))
      const onDisk = await guard('check the file before saving', () => record.file.peek(), false)
      if ((onDisk ?? null) !== baseRevision)
        throw new StoreError('conflict', conflictMessage(`“${valid.title}”`))
      const stored = await guard(`save “${valid.title}” in “${projectTitle(project)}”`, async () => {
        await this.#fs.mkdir(project.paths.documentsDir)
        return record.replace(valid)
      })
      project.documents.set(valid.id, record)
      return { document: stored, revision: record.revision! }
    })
  }

  async withHistoryFiles<T>(
    projectId: string,
    write: boolean,
    work: (files: HistoryFiles) => Promise<T>,
  ): Promise<T> {
    this.#assertOpen()
    checkId(projectId, 'project')
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      if (write) await this.#ensureWritable(project)
      return work(historyFiles(this.#fs, this.#writer, project.paths.dir, projectTitle(project)))
    })
  }

  async trashDocument(projectId: string, documentId: string): Promise<DocumentTrashEntry> {
    this.#assertOpen()
    checkId(projectId, 'project')
    checkId(documentId, 'document')
    const trashId = this.#freshId()
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      await this.#ensureWritable(project)
      const record = this.#documentRecord(project, documentId)
      const title = record.value?.title ?? documentId
      const deletedAt = this.#now()
      const entryDir = project.paths.trashEntry(trashId)
      const trashRecord: TrashRecord = {
        formatVersion: TRASH_RECORD_FORMAT,
        projectId,
        documentId,
        title,
        deletedAt,
      }
      // The record goes first: a crash before the move leaves an entry without a document, which is ignored.
      await guard(`move “${title}” to the trash`, async () => {
        try {
          await this.#fs.mkdir(entryDir)
          await this.#writer.write(
            join(entryDir, TRASH_RECORD_FILE),
            JSON.stringify(trashRecordCodec.validate(trashRecord)),
          )
          await this.#fs.rename(project.paths.document(documentId), join(entryDir, TRASHED_DOCUMENT_FILE))
        } catch (error) {
          await this.#fs.removeTree(entryDir).catch(ignore)
          throw error
        }
      })
      await this.#fs.syncDirectory(project.paths.documentsDir).catch(ignore)
      project.documents.delete(documentId)
      return { trashId, documentId, title, deletedAt }
    })
  }

  async listDocumentTrash(projectId: string): Promise<DocumentTrashEntry[]> {
    this.#assertOpen()
    checkId(projectId, 'project')
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      const names = await this.#listFolder(
        project.paths.trashDir,
        `list the trash of “${projectTitle(project)}”`,
      )
      const entries = await mapLimit(names.filter(isId), PARALLEL_READS, (trashId) =>
        this.#trashedDocument(project, trashId),
      )
      return entries
        .filter((entry): entry is DocumentTrashEntry => entry !== undefined)
        .sort((a, b) => b.deletedAt.localeCompare(a.deletedAt))
    })
  }

  async restoreDocument(projectId: string, trashId: string): Promise<StoredDocument> {
    this.#assertOpen()
    checkId(projectId, 'project')
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      await this.#ensureWritable(project)
      const entry = isId(trashId) ? await this.#trashedDocument(project, trashId) : undefined
      if (!entry)
        throw new StoreError(
          'not-found',
          `This document is no longer in the trash of “${projectTitle(project)}”.`,
        )
      const { documentId } = entry
      const record = JsonRecord.blank(this.#documentFile(project.paths, documentId))
      if (project.documents.has(documentId) || (await record.file.peek()) !== undefined) {
        throw new StoreError(
          'conflict',
          `“${entry.title}” cannot be restored: the project already holds a document with the same identity.`,
        )
      }
      const entryDir = project.paths.trashEntry(trashId)
      await guard(`restore “${entry.title}”`, async () => {
        await this.#fs.mkdir(project.paths.documentsDir)
        await this.#fs.rename(join(entryDir, TRASHED_DOCUMENT_FILE), project.paths.document(documentId))
      })
      await this.#fs.syncDirectory(project.paths.documentsDir).catch(ignore)
      await this.#fs.removeTree(entryDir).catch(ignore)
      await record.reload()
      project.documents.set(documentId, record)
      if (!record.value) throw await this.#damaged(project, { kind: 'document', documentId }, record.damage)
      return { document: record.value, revision: record.revision! }
    })
  }

  // ----------------------------------------------------------------------------------------------- backups

  async listBackups(projectId: string, file: string): Promise<BackupInfo[]> {
    this.#assertOpen()
    checkId(projectId, 'project')
    const target = checkProjectFile(file)
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      return guard(
        `list the backups of ${file}`,
        () => this.#recordOf(project, target).file.backups!.list(),
        false,
      )
    })
  }

  async restoreBackup(projectId: string, file: string, backupId: string): Promise<void> {
    this.#assertOpen()
    checkId(projectId, 'project')
    const target = checkProjectFile(file)
    if (!isBackupId(backupId)) throw new StoreError('invalid-input', 'This is not the name of a backup.')
    return this.#queue.run(projectId, async () => {
      const project = await this.#openProject(projectId)
      await this.#ensureWritable(project)
      const record = this.#recordOf(project, target)
      const shelf = record.file.backups!
      const backup = new SafeJsonFile<Project | HecsosDocument>(
        shelf.pathOf(backupId),
        record.file.codec,
        this.#writer,
      )
      let value: Project | HecsosDocument | null
      try {
        value = await backup.read()
      } catch (error) {
        if (!(error instanceof FileDamage)) throw error
        throw new StoreError(
          'damaged',
          `The backup ${backupId} of ${file} cannot be used: ${error.message}. Choose another backup.`,
        )
      }
      if (!value) throw new StoreError('not-found', `The backup ${backupId} of ${file} no longer exists.`)
      const expectedId = target.kind === 'manifest' ? projectId : target.documentId
      if (value.id !== expectedId) {
        throw new StoreError(
          'damaged',
          `The backup ${backupId} belongs to another ${record.file.codec.kind}; it was not restored.`,
        )
      }
      await guard(`restore ${file} of “${projectTitle(project)}”`, async () => {
        // Looking at the current file first makes the write shelve it: the version replaced stays restorable.
        await record.file.peek()
        await record.replace(value)
      })
      if (target.kind === 'document')
        project.documents.set(target.documentId, record as JsonRecord<HecsosDocument>)
    })
  }

  // ------------------------------------------------------------------------------------------------ author

  async getAuthorProfile(): Promise<AuthorProfile> {
    this.#assertOpen()
    return this.#queue.run(AUTHOR_QUEUE, async () => {
      const record = await JsonRecord.load(this.#authorFile())
      if (record.damage) {
        const damage = await damageReport(
          'author.json',
          this.#paths.authorFile,
          record.damage,
          record.file.backups!,
          'your author profile (author.json)',
        )
        throw new StoreError(record.damage.reason === 'too-new' ? 'too-new' : 'damaged', damage.message, {
          damage,
        })
      }
      return record.value ?? EMPTY_AUTHOR_PROFILE
    })
  }

  async saveAuthorProfile(profile: AuthorProfile): Promise<AuthorProfile> {
    this.#assertOpen()
    return this.#queue.run(AUTHOR_QUEUE, async () => {
      const record = JsonRecord.blank(this.#authorFile())
      return guard('save your author profile', async () => {
        await record.file.peek()
        return record.replace(profile)
      })
    })
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#queue.idle()
    for (const project of this.#projects.values()) {
      if (project.lock) await releaseLock(this.#lockContext, project.paths.lock, project.lock).catch(ignore)
    }
    this.#projects.clear()
  }

  // ------------------------------------------------------------------------------------------------ inside

  #assets(project: OpenProject): ProjectAssets {
    return new ProjectAssets(this.#fs, this.#writer, project.paths.assetsDir)
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError('io', 'This library has been closed; open it again to continue.')
  }

  #freshId(): string {
    const id = this.#newId()
    // Ids become folder and file names: one that is not of the safe shape is a bug in the id source.
    if (!isId(id)) throw new TypeError(`The id source returned "${id}", which is not a valid id.`)
    return id
  }

  /** The project, loaded and (if possible) locked. A project whose lock this store holds is served from memory. */
  async #openProject(projectId: string, refresh = false): Promise<OpenProject> {
    const cached = this.#projects.get(projectId)
    // Without the lock, another instance may be writing: a fresh look when the project is (re)opened.
    if (cached && (cached.lock || !refresh)) return cached
    const paths = projectPaths(this.#paths.projectDir(projectId))
    const manifest = await JsonRecord.load(this.#manifestFile(paths))
    if (!manifest.value && !manifest.damage) {
      if (!(await this.#exists(paths.dir))) {
        this.#projects.delete(projectId)
        throw new StoreError(
          'not-found',
          'This project is no longer in the library (it may have been moved to the trash).',
        )
      }
      manifest.damage = new FileDamage('unreadable', 'the file is missing')
    }
    const project: OpenProject = cached ?? { id: projectId, paths, manifest, documents: new Map() }
    project.manifest = manifest
    await this.#tryLock(project)
    project.documents = await this.#readDocuments(project)
    this.#projects.set(projectId, project)
    return project
  }

  async #tryLock(project: OpenProject): Promise<void> {
    try {
      await this.#lock(project)
    } catch {
      // Writing is impossible here (read-only folder, full disk): the project still opens, and the first
      // save reports the real reason in words rather than as a lock problem.
      project.lockedBy = undefined
    }
  }

  async #lock(project: OpenProject): Promise<void> {
    const outcome = await acquireLock(this.#lockContext, project.paths.lock)
    if (!outcome.acquired) {
      project.lockedBy = outcome.owner
      return
    }
    project.lock = outcome.owner
    project.lockedBy = undefined
    // Holding the lock, this store is the only writer of the project: any temp file here is a crash's leftover
    // (except a lock temp of another instance trying its luck right now).
    const isAbandoned = (owner: TempOwner, name: string): boolean =>
      !name.startsWith('..lock.') || this.#isDeadWriterHere(owner)
    await this.#writer.removeLeftovers(project.paths.dir, isAbandoned)
    await this.#writer.removeLeftovers(project.paths.documentsDir, isAbandoned)
  }

  async #ensureWritable(project: OpenProject): Promise<void> {
    if (project.lock) return
    await guard(`start editing “${projectTitle(project)}”`, () => this.#lock(project))
    if (project.lockedBy) {
      const { pid, hostname, since } = project.lockedBy
      throw new StoreError(
        'locked',
        `“${projectTitle(project)}” is open in another instance of HECSOs Studio (process ${pid} on ${hostname}, since ${since}), so it is read-only here and this change was not saved. Close the project there, then open it here again. If that instance is no longer running, delete the file ${project.paths.lock} and try again.`,
        { lockedBy: project.lockedBy },
      )
    }
    // Until now another instance may have been writing: start from what is on disk.
    await project.manifest.reload()
    project.documents = await this.#readDocuments(project)
  }

  async #readDocuments(project: OpenProject): Promise<Map<string, JsonRecord<HecsosDocument>>> {
    const names = await this.#listFolder(project.paths.documentsDir, `open “${projectTitle(project)}”`)
    const ids = names.flatMap((name) => documentIdOfFileName(name) ?? [])
    const records = await mapLimit(ids, PARALLEL_READS, (id) =>
      JsonRecord.load(this.#documentFile(project.paths, id)),
    )
    const documents = new Map<string, JsonRecord<HecsosDocument>>()
    records.forEach((record, index) => {
      // A file deleted between listing and reading is simply not there.
      if (record.value || record.damage) documents.set(ids[index]!, record)
    })
    return documents
  }

  async #view(project: OpenProject): Promise<ProjectView> {
    const manifest = await this.#healthyManifest(project)
    // Creation order, the order an author built the project in; damaged documents last.
    const ordered = [...project.documents].sort(
      ([idA, a], [idB, b]) =>
        Number(!a.value) - Number(!b.value) ||
        (a.value?.createdAt ?? '').localeCompare(b.value?.createdAt ?? '') ||
        idA.localeCompare(idB),
    )
    const documents = await Promise.all(
      ordered.map(([id, record]) => this.#documentSummary(project, id, record)),
    )
    return {
      project: manifest,
      revision: project.manifest.revision!,
      documents,
      readOnly: project.lockedBy !== undefined,
      ...(project.lockedBy ? { lockedBy: project.lockedBy } : {}),
    }
  }

  async #documentSummary(
    project: OpenProject,
    id: string,
    record: JsonRecord<HecsosDocument>,
  ): Promise<DocumentSummary> {
    const document = record.value
    if (document) {
      const { title, templateId, language, status, updatedAt } = document
      return { id, title, templateId, language, status, updatedAt }
    }
    const damage = await this.#damageReport(project, { kind: 'document', documentId: id }, record.damage)
    return {
      id,
      title: documentFileName(id),
      templateId: '',
      language: '',
      status: 'draft',
      updatedAt: '',
      damage,
    }
  }

  async #healthyManifest(project: OpenProject): Promise<Project> {
    const manifest = project.manifest.value
    if (!manifest) throw await this.#damaged(project, { kind: 'manifest' }, project.manifest.damage)
    return manifest
  }

  async #summarise(projectId: string): Promise<ProjectSummary | undefined> {
    const held = this.#projects.get(projectId)
    if (held?.lock) return this.#summaryOf(held, held.documents.size)
    const paths = projectPaths(this.#paths.projectDir(projectId))
    try {
      const stat = await this.#fs.lstat(paths.dir)
      if (!stat.isDirectory) return undefined
      const manifest = await JsonRecord.load(this.#manifestFile(paths))
      if (!manifest.value && !manifest.damage)
        manifest.damage = new FileDamage('unreadable', 'the file is missing')
      const names = await this.#fs.readdir(paths.documentsDir).catch((error: unknown) => {
        if (errnoOf(error) === 'ENOENT') return []
        throw error
      })
      const project: OpenProject = { id: projectId, paths, manifest, documents: new Map() }
      project.lockedBy = await lockHolder(this.#lockContext, paths.lock)
      return await this.#summaryOf(project, names.filter((name) => documentIdOfFileName(name)).length)
    } catch (error) {
      // One unreadable project folder must not hide the others.
      if (errnoOf(error) === 'ENOENT') return undefined
      const damage = new FileDamage(
        'unreadable',
        `its folder cannot be read (${errnoOf(error) ?? String(error)})`,
      )
      const manifest = JsonRecord.blank(this.#manifestFile(paths))
      manifest.damage = damage
      return this.#summaryOf({ id: projectId, paths, manifest, documents: new Map() }, 0)
    }
  }

  /**
   * A project changes when any of its documents does, but a document save never rewrites the manifest (that
   * would make autosave cost grow with the project). Every save renames a file into documents/, which bumps
   * that folder's modification time: one stat tells when the project last changed.
   */
  async #lastChangeOf(paths: ProjectPaths, manifestUpdatedAt: string): Promise<string> {
    const documentsStat = await this.#fs.lstat(paths.documentsDir).catch(() => undefined)
    if (!documentsStat) return manifestUpdatedAt
    const documentsChangedAt = new Date(Number(documentsStat.mtimeNs / 1_000_000n)).toISOString()
    return documentsChangedAt > manifestUpdatedAt ? documentsChangedAt : manifestUpdatedAt
  }

  async #summaryOf(project: OpenProject, documentCount: number): Promise<ProjectSummary> {
    const manifest = project.manifest.value
    const lockedBy = project.lockedBy ? { lockedBy: project.lockedBy } : {}
    if (manifest) {
      const { id, title, acronym } = manifest
      const updatedAt = await this.#lastChangeOf(project.paths, manifest.updatedAt)
      return { id, title, acronym, updatedAt, documentCount, ...lockedBy }
    }
    const damage = await this.#damageReport(project, { kind: 'manifest' }, project.manifest.damage)
    return {
      id: project.id,
      title: project.id,
      acronym: '',
      updatedAt: '',
      documentCount,
      ...lockedBy,
      damage,
    }
  }

  async #damaged(
    project: OpenProject,
    target: ProjectFile,
    damage: FileDamage | undefined,
  ): Promise<StoreError> {
    const report = await this.#damageReport(project, target, damage)
    return new StoreError(damage?.reason === 'too-new' ? 'too-new' : 'damaged', report.message, {
      damage: report,
    })
  }

  async #damageReport(
    project: OpenProject,
    target: ProjectFile,
    damage: FileDamage | undefined,
  ): Promise<DamageReport> {
    const name = target.kind === 'manifest' ? 'project.json' : documentFileName(target.documentId)
    const subject =
      target.kind === 'manifest'
        ? `The project file of “${projectTitle(project)}” (project.json)`
        : `The document file ${name} of the project “${projectTitle(project)}”`
    const shelf = this.#recordOf(project, target).file.backups!
    return damageReport(
      name,
      join(project.paths.dir, name),
      damage ?? new FileDamage('unreadable', 'the file is missing'),
      shelf,
      subject,
    )
  }

  async #checkBase<T>(record: JsonRecord<T>, baseRevision: Revision, subject: () => string): Promise<void> {
    const onDisk = await guard('check the file before saving', () => record.file.peek(), false)
    if (onDisk !== baseRevision)
      throw new StoreError(
        'conflict',
        onDisk === undefined
          ? `${subject()} was deleted outside HECSOs Studio. Nothing was saved.`
          : subject(),
      )
  }

  #documentRecord(project: OpenProject, documentId: string): JsonRecord<HecsosDocument> {
    const record = project.documents.get(documentId)
    if (!record)
      throw new StoreError('not-found', `This document is no longer in “${projectTitle(project)}”.`)
    return record
  }

  #recordOf(project: OpenProject, target: ProjectFile): JsonRecord<Project> | JsonRecord<HecsosDocument> {
    if (target.kind === 'manifest') return project.manifest
    return (
      project.documents.get(target.documentId) ??
      JsonRecord.blank(this.#documentFile(project.paths, target.documentId))
    )
  }

  #manifestFile(paths: ProjectPaths): SafeJsonFile<Project> {
    return new SafeJsonFile(
      paths.manifest,
      projectCodec,
      this.#writer,
      new BackupShelf(this.#shelfContext, paths.manifestBackups),
    )
  }

  #documentFile(paths: ProjectPaths, documentId: string): SafeJsonFile<HecsosDocument> {
    const shelf = new BackupShelf(this.#shelfContext, paths.documentBackups(documentId))
    return new SafeJsonFile(paths.document(documentId), documentCodec, this.#writer, shelf)
  }

  #authorFile(): SafeJsonFile<AuthorProfile> {
    return new SafeJsonFile(
      this.#paths.authorFile,
      authorProfileCodec,
      this.#writer,
      new BackupShelf(this.#shelfContext, this.#paths.authorBackups),
    )
  }

  /**
   * Writes a new project folder in staging and renames it into place, so a project appears complete (manifest,
   * documents, this store's lock) or not at all.
   */
  async #materialise(
    id: string,
    manifest: Project,
    documents: readonly HecsosDocument[],
    action: string,
  ): Promise<void> {
    const destination = this.#paths.projectDir(id)
    const staging = this.#writer.tempPathFor(destination)
    const paths = projectPaths(staging)
    const owner = this.#lockContext.owner()
    await guard(action, async () => {
      try {
        await this.#fs.mkdir(paths.documentsDir)
        await this.#writer.write(paths.manifest, JSON.stringify(manifest))
        for (const document of documents)
          await this.#writer.write(paths.document(document.id), JSON.stringify(document))
        await writeLockFile(this.#lockContext, paths.lock, owner)
        if (await this.#exists(destination))
          throw new StoreError('conflict', `Could not ${action}: a project with the same id already exists.`)
        await this.#fs.rename(staging, destination)
      } catch (error) {
        await this.#fs.removeTree(staging).catch(ignore)
        throw error
      }
    })
    await this.#fs.syncDirectory(this.#paths.projectsDir).catch(ignore)
    const lockPath = projectPaths(destination).lock
    rememberLock(lockPath)
    const project: OpenProject = {
      id,
      paths: projectPaths(destination),
      manifest: await JsonRecord.load(this.#manifestFile(projectPaths(destination))),
      documents: new Map(),
      lock: owner,
    }
    project.documents = await this.#readDocuments(project)
    this.#projects.set(id, project)
  }

  async #trashedProject(trashId: string): Promise<TrashEntry | undefined> {
    const dir = this.#paths.trashedProjectDir(trashId)
    const record = await readQuietly(
      new SafeJsonFile(join(dir, TRASH_RECORD_FILE), trashRecordCodec, this.#writer),
    )
    if (record)
      return { trashId, projectId: record.projectId, title: record.title, deletedAt: record.deletedAt }
    // A crash right after the move leaves no record: the manifest still says what the project is.
    const manifest = await readQuietly(
      new SafeJsonFile(join(dir, 'project.json'), projectCodec, this.#writer),
    )
    return manifest
      ? { trashId, projectId: manifest.id, title: manifest.title, deletedAt: manifest.updatedAt }
      : undefined
  }

  async #trashedDocument(project: OpenProject, trashId: string): Promise<DocumentTrashEntry | undefined> {
    const dir = project.paths.trashEntry(trashId)
    const record = await readQuietly(
      new SafeJsonFile(join(dir, TRASH_RECORD_FILE), trashRecordCodec, this.#writer),
    )
    if (!record?.documentId || !(await this.#exists(join(dir, TRASHED_DOCUMENT_FILE)))) return undefined
    return { trashId, documentId: record.documentId, title: record.title, deletedAt: record.deletedAt }
  }

  async #listFolder(folder: string, action: string): Promise<string[]> {
    try {
      return await this.#fs.readdir(folder)
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return []
      throw storeErrorFrom(error, action, false)
    }
  }

  async #exists(path: string): Promise<boolean> {
    try {
      await this.#fs.lstat(path)
      return true
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return false
      throw error
    }
  }

  /** A temp file or staging folder whose writer was a process of this machine that has since died. */
  #isDeadWriterHere(owner: TempOwner): boolean {
    return (
      owner.hostTag === this.#writer.hostTag &&
      owner.pid !== this.#writer.identity.pid &&
      !isProcessAlive(owner.pid)
    )
  }
}

function projectTitle(project: OpenProject): string {
  return project.manifest.value?.title ?? project.id
}

async function readQuietly<T>(file: SafeJsonFile<T>): Promise<T | null> {
  try {
    return await file.read()
  } catch {
    return null
  }
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next
      next += 1
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
