import { join } from 'node:path'
import { IdSchema } from '../model'

/**
 * Where everything lives in a library folder (docs/storage-format.md shows a full tree):
 *
 *   author.json                    the author profile of this installation
 *   backups/author/                its previous versions
 *   projects/<projectId>/          one folder per project (ProjectPaths)
 *   trash/<trashId>/               a deleted project: its whole folder, plus trashed.json
 */
export interface LibraryPaths {
  root: string
  authorFile: string
  authorBackups: string
  projectsDir: string
  trashDir: string
  projectDir(projectId: string): string
  trashedProjectDir(trashId: string): string
}

export function libraryPaths(root: string): LibraryPaths {
  const projectsDir = join(root, 'projects')
  const trashDir = join(root, 'trash')
  return {
    root,
    authorFile: join(root, 'author.json'),
    authorBackups: join(root, 'backups', 'author'),
    projectsDir,
    trashDir,
    projectDir: (projectId) => join(projectsDir, projectId),
    trashedProjectDir: (trashId) => join(trashDir, trashId),
  }
}

/** The record left in a trashed project's or document's folder. */
export const TRASH_RECORD_FILE = 'trashed.json'
/** A trashed document's file inside its trash folder. */
export const TRASHED_DOCUMENT_FILE = 'document.json'

/**
 *   project.json                   the manifest (small: saving a document never rewrites it)
 *   .lock                          who is writing this project
 *   documents/<documentId>.json    one file per document
 *   backups/project/               previous versions of project.json
 *   backups/documents/<id>/        previous versions of each document
 *   trash/<trashId>/               a deleted document (document.json) plus trashed.json
 *   assets/<sha256>.<png|jpg>      images, named by their content (project-assets.ts)
 */
export interface ProjectPaths {
  dir: string
  manifest: string
  lock: string
  documentsDir: string
  manifestBackups: string
  trashDir: string
  assetsDir: string
  document(documentId: string): string
  documentBackups(documentId: string): string
  trashEntry(trashId: string): string
}

export function projectPaths(dir: string): ProjectPaths {
  const documentsDir = join(dir, 'documents')
  const backupsDir = join(dir, 'backups')
  const trashDir = join(dir, 'trash')
  return {
    dir,
    manifest: join(dir, 'project.json'),
    lock: join(dir, '.lock'),
    documentsDir,
    manifestBackups: join(backupsDir, 'project'),
    trashDir,
    assetsDir: join(dir, 'assets'),
    document: (documentId) => join(documentsDir, `${documentId}.json`),
    documentBackups: (documentId) => join(backupsDir, 'documents', documentId),
    trashEntry: (trashId) => join(trashDir, trashId),
  }
}

/** `project.json` or `documents/<id>.json`: how a file of a project is named to callers (DamageReport.file). */
export type ProjectFile = { kind: 'manifest' } | { kind: 'document'; documentId: string }

export function isId(name: string): boolean {
  return IdSchema.safeParse(name).success
}

export function parseProjectFile(file: string): ProjectFile | undefined {
  if (file === 'project.json') return { kind: 'manifest' }
  const documentId = file.startsWith('documents/')
    ? documentIdOfFileName(file.slice('documents/'.length))
    : undefined
  return documentId ? { kind: 'document', documentId } : undefined
}

export function documentFileName(documentId: string): string {
  return `documents/${documentId}.json`
}

/** The id of a document file name, or undefined for anything else found in the folder (temp files…). */
export function documentIdOfFileName(name: string): string | undefined {
  if (!name.endsWith('.json')) return undefined
  const id = name.slice(0, -'.json'.length)
  return isId(id) ? id : undefined
}
