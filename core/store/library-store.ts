import type {
  AuthorProfile,
  DocumentContent,
  HecsosDocument,
  NewDocument,
  NewProject,
  Project,
  ProjectPatch,
} from '../model'
import type { AssetContent, AssetInfo } from './project-assets'
import type { HistoryFiles } from './history-files'

/**
 * What the rest of the app needs from durable storage. The implementation (createLibraryStore) keeps one
 * folder per project: `project.json` plus one file per document, written crash-safely, with rolling backups,
 * a per-project lock and detection of changes made behind the app's back. See docs/storage-format.md.
 */

/** Token naming the version of a file this process last read or wrote; a save must present the current one. */
export type Revision = string

export interface BackupInfo {
  /** Opaque id to pass to restoreBackup. */
  id: string
  /** When the backed-up version was replaced. */
  savedAt: string
  sizeBytes: number
}

/** Why a project or document cannot be read, in words for the user, with the backups that can replace it. */
export interface DamageReport {
  /** The file inside the project folder, e.g. `project.json` or `documents/<id>.json`. */
  file: string
  reason: 'corrupt' | 'empty' | 'too-new' | 'invalid' | 'unreadable'
  message: string
  backups: BackupInfo[]
}

export interface ProjectSummary {
  id: string
  title: string
  acronym: string
  updatedAt: string
  documentCount: number
  /** Another running instance holds the project's lock: it can be read but not changed here. */
  lockedBy?: LockOwner
  /** Present when the manifest cannot be read; title then falls back to the folder name. */
  damage?: DamageReport
}

export interface DocumentSummary {
  id: string
  title: string
  templateId: string
  language: string
  status: HecsosDocument['status']
  updatedAt: string
  damage?: DamageReport
}

export interface LockOwner {
  pid: number
  hostname: string
  since: string
}

export interface ProjectView {
  project: Project
  revision: Revision
  documents: DocumentSummary[]
  readOnly: boolean
  lockedBy?: LockOwner
}

export interface StoredDocument {
  document: HecsosDocument
  revision: Revision
}

export interface TrashEntry {
  trashId: string
  projectId: string
  title: string
  deletedAt: string
}

export interface DocumentTrashEntry {
  trashId: string
  documentId: string
  title: string
  deletedAt: string
}

/** A last look at a save before it is written; throws to refuse it. */
export type SaveCheck = (current: HecsosDocument, content: DocumentContent) => void | Promise<void>

export interface LibraryStore {
  readonly root: string
  listProjects(): Promise<ProjectSummary[]>
  createProject(input: NewProject): Promise<ProjectView>
  getProject(projectId: string): Promise<ProjectView>
  updateProject(projectId: string, patch: ProjectPatch, baseRevision: Revision): Promise<ProjectView>
  duplicateProject(projectId: string, title: string): Promise<ProjectView>
  /**
   * Writes a project that comes from elsewhere (an opened package) with its own ids, which later merges rely
   * on. It appears whole or not at all; a project with the same id in the library or its trash is a 'conflict'.
   */
  importProject(project: Project, documents: readonly HecsosDocument[]): Promise<ProjectView>
  trashProject(projectId: string): Promise<TrashEntry>
  listTrash(): Promise<TrashEntry[]>
  restoreProject(trashId: string): Promise<ProjectView>

  createDocument(projectId: string, input: NewDocument): Promise<StoredDocument>
  getDocument(projectId: string, documentId: string): Promise<StoredDocument>
  /**
   * `check` sees the document as it is on disk, just before the write and inside the project's queue, and may
   * refuse the save by throwing (e.g. a value that does not fit the document's template).
   */
  saveDocument(
    projectId: string,
    documentId: string,
    content: DocumentContent,
    baseRevision: Revision,
    check?: SaveCheck,
  ): Promise<StoredDocument>
  trashDocument(projectId: string, documentId: string): Promise<DocumentTrashEntry>
  /** The project's deleted documents, most recently deleted first. */
  listDocumentTrash(projectId: string): Promise<DocumentTrashEntry[]>
  restoreDocument(projectId: string, trashId: string): Promise<StoredDocument>

  /** Stores an image (PNG or JPEG, checked from its bytes) as a project asset named by its SHA-256. */
  addAsset(projectId: string, bytes: Uint8Array): Promise<AssetInfo>
  readAsset(projectId: string, assetId: string): Promise<AssetContent>
  listAssets(projectId: string): Promise<AssetInfo[]>

  /**
   * Writes a whole document with its own id and comments (one restored from history, or one a merge produced).
   * `baseRevision` null: the document must not exist yet; otherwise it must still be at that revision.
   */
  putDocument(
    projectId: string,
    document: HecsosDocument,
    baseRevision: Revision | null,
  ): Promise<StoredDocument>
  /**
   * Runs `work` on the project's history files (core/history gives them meaning) inside the project's queue, so
   * it never interleaves with another change of the project; `write` takes the project's lock first.
   */
  withHistoryFiles<T>(
    projectId: string,
    write: boolean,
    work: (files: HistoryFiles) => Promise<T>,
  ): Promise<T>

  listBackups(projectId: string, file: string): Promise<BackupInfo[]>
  /** Puts a backup back in place of a damaged (or unwanted) file; the replaced version is itself backed up. */
  restoreBackup(projectId: string, file: string, backupId: string): Promise<void>

  getAuthorProfile(): Promise<AuthorProfile>
  saveAuthorProfile(profile: AuthorProfile): Promise<AuthorProfile>

  /** Releases every lock this store holds. */
  close(): Promise<void>
}

export type StoreErrorCode =
  | 'not-found'
  | 'conflict'
  | 'locked'
  | 'damaged'
  | 'too-new'
  | 'disk-full'
  | 'permission-denied'
  | 'busy'
  | 'invalid-input'
  | 'io'

/** Every failure the store reports carries a code the UI can act on and a sentence the user can read. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly details?: { damage?: DamageReport; lockedBy?: LockOwner },
  ) {
    super(message)
    this.name = 'StoreError'
  }
}
