import type { HecsosDocument } from '../model'
import { buildPackage, writePackage } from '../package'
import { StoreError, type LibraryStore } from '../store/library-store'
import { safeFileName } from './export-document'
import type { ProjectPackage } from './contract'

/**
 * A project as one `.hecsos` file, to send to a partner. A damaged document is not silently left out (the
 * partner would lose it without knowing): packing stops and says which document to restore first.
 */
export async function packProject(
  deps: { store: LibraryStore; clock: () => Date; app: { version: string } },
  projectId: string,
): Promise<ProjectPackage> {
  const view = await deps.store.getProject(projectId)
  const documents: HecsosDocument[] = []
  for (const summary of view.documents) {
    if (summary.damage) {
      throw new StoreError(
        'damaged',
        `“${summary.title}” cannot be read, so the project cannot be packed whole. Restore it from a backup first.`,
      )
    }
    documents.push((await deps.store.getDocument(projectId, summary.id)).document)
  }
  const author = (await deps.store.getAuthorProfile().catch(() => undefined))?.name ?? ''
  const bytes = await writePackage(
    buildPackage(
      { project: view.project, documents },
      { now: deps.clock().toISOString(), appVersion: deps.app.version, author },
    ),
  )
  return { fileName: `${safeFileName(view.project.acronym || view.project.title)}.hecsos`, bytes }
}
