import type { Vocabulary } from '../templates'
import type { Template } from '../templates'
import { publicationToPrint, type ExportableDocument, type PrintDocument } from '../export'
import { MissingTemplateError } from '../export/deliverable-to-print'
import { StoreError, type LibraryStore } from '../store/library-store'
import type { DocumentExport } from './contract'
import { exportProject } from './export-project'
import type { CatalogueSource } from './template-catalogue'

export { safeFileName } from '../export/export-job'

/**
 * documents:export — one document as a PDF or a DOCX (a deliverable compiles into its whole publication), with
 * the project's other documents at hand so references print as their titles. The same path as projects:export.
 */
export async function exportDocument(
  deps: { store: LibraryStore; catalogue: CatalogueSource; clock: () => Date },
  projectId: string,
  documentId: string,
  format: 'pdf' | 'docx',
): Promise<DocumentExport> {
  return exportProject(deps, { projectId, documentId, format })
}

export function printModelOf(
  document: ExportableDocument,
  project: { documents: readonly ExportableDocument[]; templates: ReadonlyMap<string, Template> },
  vocabularies: ReadonlyMap<string, Vocabulary>,
): PrintDocument {
  try {
    return publicationToPrint({ document, ...project, vocabularies })
  } catch (error) {
    if (error instanceof MissingTemplateError)
      throw new StoreError(
        'not-found',
        `The template "${error.templateId}" of this document is not installed.`,
      )
    throw error
  }
}
