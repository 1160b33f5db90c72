import { join } from 'node:path'
import type { LibraryStore, ProjectView } from '../store/library-store'
import { buildExampleProject, reassignDocumentIds } from '../templates'
import { loadExampleFiles } from '../templates/example-from-disk'
import type { CatalogueSource } from './template-catalogue'

/**
 * Creates the Example project in the library: the project, then its documents (the store gives them their ids),
 * then their fields with every reference pointed at those ids. A failure part-way moves the half-made project
 * to the trash, so the library never shows a broken example.
 */
export async function createExampleProject(
  store: LibraryStore,
  deps: { catalogue: CatalogueSource; newId: () => string },
): Promise<ProjectView> {
  const catalogue = await deps.catalogue.current()
  const files = await loadExampleFiles(join(deps.catalogue.builtInDir, 'example'))
  const example = buildExampleProject({ files, newId: deps.newId, catalogue })
  const { project } = await store.createProject(example.project)
  try {
    const storedIds = new Map<string, string>()
    const revisions = new Map<string, string>()
    for (const document of example.documents) {
      const { templateId, templateVersion, title, language, authors } = document
      const created = await store.createDocument(project.id, {
        templateId,
        templateVersion,
        title,
        language,
        authors,
        fields: {},
      })
      storedIds.set(document.id, created.document.id)
      revisions.set(created.document.id, created.revision)
    }
    for (const document of reassignDocumentIds(example, storedIds, catalogue).documents) {
      const { title, language, status, authors, fields } = document
      await store.saveDocument(
        project.id,
        document.id,
        { title, language, status, authors, fields },
        revisions.get(document.id)!,
      )
    }
    return await store.getProject(project.id)
  } catch (error) {
    await store.trashProject(project.id).catch(() => undefined)
    throw error
  }
}
