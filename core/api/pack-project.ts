import type { HistoryService } from '../history'
import type { HecsosDocument } from '../model'
import { buildPackage, writePackage } from '../package'
import { StoreError, type LibraryStore } from '../store/library-store'
import { assetFileName } from '../store/project-assets'
import { safeFileName } from './export-document'
import type { ProjectPackage } from './contract'

/**
 * A project as one `.hecsos` file, to send to a partner. A damaged document is not silently left out (the
 * partner would lose it without knowing): packing stops and says which document to restore first.
 */
export async function packProject(
  deps: { store: LibraryStore; history?: HistoryService; clock: () => Date; app: { version: string } },
  projectId: string,
): Promise<ProjectPackage> {
  // Taken first, so the package's history ends at exactly what it holds. createHandlers always passes a
  // history service; only callers outside the handler map pack without one.
  const history = await deps.history?.exportHistory(projectId)
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
  const assets = new Map<string, Uint8Array>()
  for (const asset of await deps.store.listAssets(projectId)) {
    const { bytes, mediaType } = await deps.store.readAsset(projectId, asset.assetId)
    assets.set(`assets/${assetFileName(asset.assetId, mediaType)}`, bytes)
  }
  const bytes = await writePackage(
    buildPackage(
      { project: view.project, documents, assets, ...(history ? { history } : {}) },
      { now: deps.clock().toISOString(), appVersion: deps.app.version, author },
    ),
  )
  return { fileName: `${safeFileName(view.project.acronym || view.project.title)}.hecsos`, bytes }
}
