import { PLAIN_TEMPLATE } from '../model'
import type { LibraryStore } from '../store/library-store'
import { checkCompleteness, checkProject, type ProjectDocument } from '../templates'
import type { DocumentCheck, ProjectCheck } from './contract'
import type { CatalogueSource } from './template-catalogue'

/**
 * Completeness of every document and the cross-document checks of one project (what `hecsos check` prints and
 * the project view will show). Damaged documents and missing templates are reported, never fatal.
 */
export async function checkProjectDocuments(
  store: LibraryStore,
  source: CatalogueSource,
  projectId: string,
): Promise<ProjectCheck> {
  const catalogue = await source.current()
  const view = await store.getProject(projectId)
  const checks: DocumentCheck[] = []
  const documents: ProjectDocument[] = []
  for (const summary of view.documents) {
    const base = { documentId: summary.id, title: summary.title, templateId: summary.templateId }
    if (summary.damage) {
      checks.push({ ...base, problem: summary.damage.message })
      continue
    }
    const { document } = await store.getDocument(projectId, summary.id)
    documents.push({
      id: document.id,
      title: document.title,
      templateId: document.templateId,
      fields: document.fields,
    })
    if (document.templateId === PLAIN_TEMPLATE.id) {
      checks.push(base)
      continue
    }
    const template = catalogue.templates.get(document.templateId)
    if (!template) {
      checks.push({ ...base, problem: `Its template "${document.templateId}" is not installed.` })
      continue
    }
    checks.push({
      ...base,
      completeness: checkCompleteness(template, document.fields, { vocabularies: catalogue.vocabularies }),
    })
  }
  const issues = checkProject({ documents, templates: catalogue.templates })
  const missingRequired = checks.some((check) =>
    check.completeness?.document.issues.some((issue) => issue.severity === 'error'),
  )
  return { documents: checks, issues, missingRequired }
}
