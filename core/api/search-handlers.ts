import { PLAIN_TEMPLATE } from '../model'
import { searchDocuments, type SearchResults, type SearchSource } from '../search/search'
import type { HandlerDeps } from './handlers'

/**
 * Find across a project: every readable document with its installed template. A damaged document is skipped
 * (the project screen already flags it) rather than failing the whole search.
 */
export async function searchProject(
  deps: Pick<HandlerDeps, 'store' | 'catalogue'>,
  projectId: string,
  query: string,
  language: string,
): Promise<SearchResults> {
  const [catalogue, view] = await Promise.all([deps.catalogue.current(), deps.store.getProject(projectId)])
  const sources: SearchSource[] = []
  for (const summary of view.documents) {
    if (summary.damage) continue
    const { document } = await deps.store.getDocument(projectId, summary.id)
    const template =
      document.templateId === PLAIN_TEMPLATE.id ? undefined : catalogue.templates.get(document.templateId)
    sources.push(template ? { document, template } : { document })
  }
  return searchDocuments(query, sources, { language, vocabularies: catalogue.vocabularies })
}
