import { ProjectTitleSchema, type FieldValues, type HecsosDocument, type Project } from '../model'
import { readPackage, type VerifiedPackage, summarisePackage } from '../package'
import type { LibraryStore, ProjectView } from '../store/library-store'
import type { HistoryService } from '../history'
import { renameReferences } from '../templates'
import type { CatalogueSource } from './template-catalogue'
import type { PackageInspection } from './contract'

const COPY_SUFFIX = ' (copy)'

/**
 * What a package holds, for the summary shown before it is opened. The package is read and verified in full
 * (nothing is written), so a file that this says is fine is one that opening will accept.
 */
export async function inspectPackage(store: LibraryStore, bytes: Uint8Array): Promise<PackageInspection> {
  const summary = summarisePackage(await readPackage(bytes))
  return { ...summary, existing: await whereIs(store, summary.projectId) }
}

/**
 * Opens a package into the library. By default the project keeps its ids, so that a later merge can tell it is
 * the same project; `asCopy` gives it and its documents fresh ids, so a partner can open their own package next
 * to the original. A refused package leaves the library as it was: the reader writes nothing, and the store
 * writes the project through a staging folder.
 */
export async function openPackage(
  deps: {
    store: LibraryStore
    /** Given by createHandlers; without it the project opens with no history (it starts at the next save). */
    history?: HistoryService
    catalogue: CatalogueSource
    newId: () => string
    clock: () => Date
  },
  bytes: Uint8Array,
  asCopy: boolean,
): Promise<ProjectView> {
  const pkg = await readPackage(bytes)
  const { project, documents } = asCopy ? await freshIdentity(pkg, deps) : pkg.contents
  const view = await deps.store.importProject(project, documents)
  // The library keeps PNG and JPEG (what the exporters embed); a package's images are content-addressed, so
  // adding them by their bytes gives them the same names they had.
  for (const [name, bytes] of pkg.contents.assets)
    if (/\.(png|jpe?g)$/.test(name)) await deps.store.addAsset(project.id, bytes)
  // A copy has new ids, which the package's history does not know: its history starts afresh.
  const history = pkg.contents.history
  if (!asCopy && history && deps.history)
    await deps.history.transaction(project.id, async (tx) => {
      await tx.importHistory(history)
      const head = (await tx.versions()).get(history.head)!
      await tx.commit(head)
    })
  return view
}

async function whereIs(store: LibraryStore, projectId: string): Promise<PackageInspection['existing']> {
  if ((await store.listProjects()).some((summary) => summary.id === projectId)) return 'library'
  if ((await store.listTrash()).some((entry) => entry.projectId === projectId)) return 'trash'
  return 'none'
}

/**
 * The package's project under new ids, with every reference between its documents pointed at the new ids
 * (found through each document's template, as the Example project does). A reference to a document that is not
 * in the package was already broken and stays as it is; so do the fields of a document whose template is not
 * installed here, whose references cannot be told from other values (`hecsos check` then reports them).
 */
async function freshIdentity(
  pkg: VerifiedPackage,
  deps: { catalogue: CatalogueSource; newId: () => string; clock: () => Date },
): Promise<{ project: Project; documents: HecsosDocument[] }> {
  const catalogue = await deps.catalogue.current()
  const { project, documents } = pkg.contents
  const ids = new Map(documents.map((document) => [document.id, deps.newId()]))
  const rename = (documentId: string) => ids.get(documentId) ?? documentId
  const now = deps.clock().toISOString()
  const title = `${project.title}${COPY_SUFFIX}`
  return {
    project: {
      ...project,
      id: deps.newId(),
      // A title already at the length limit stays as it is rather than be cut.
      title: ProjectTitleSchema.safeParse(title).success ? title : project.title,
      createdAt: now,
      updatedAt: now,
    },
    documents: documents.map((document) => {
      const template = catalogue.templates.get(document.templateId)
      return {
        ...document,
        id: rename(document.id),
        fields: template
          ? (renameReferences(template, document.fields, rename) as FieldValues)
          : document.fields,
      }
    }),
  }
}
