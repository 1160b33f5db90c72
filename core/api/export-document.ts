import { PLAIN_TEMPLATE, RichTextSchema, type HecsosDocument } from '../model'
import { StoreError, type LibraryStore } from '../store/library-store'
import { documentToPrint, richTextToBlocks, type PrintDocument } from '../export'
import { writeDocx } from '../export/docx/write-docx'
import { writePdf } from '../export/pdf/write-pdf'
import type { ProjectDocuments } from '../templates'
import type { DocumentExport } from './contract'
import type { CatalogueSource } from './template-catalogue'

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/**
 * One document as a PDF or a DOCX, with the project's other documents at hand so references print as their titles.
 * It runs where it is called; moving it to a worker (so a long export never blocks the app) comes with the
 * deliverable export.
 */
export async function exportDocument(
  deps: { store: LibraryStore; catalogue: CatalogueSource; clock: () => Date },
  projectId: string,
  documentId: string,
  format: 'pdf' | 'docx',
): Promise<DocumentExport> {
  const catalogue = await deps.catalogue.current()
  const view = await deps.store.getProject(projectId)
  const documents: HecsosDocument[] = []
  for (const summary of view.documents) {
    if (!summary.damage) documents.push((await deps.store.getDocument(projectId, summary.id)).document)
  }
  const document = documents.find((candidate) => candidate.id === documentId)
  if (!document)
    throw new StoreError('not-found', 'This document cannot be read; restore it from a backup first.')
  const project: ProjectDocuments = { documents, templates: catalogue.templates }
  const model = printModelOf(document, project, catalogue.vocabularies)
  const name = safeFileName(document.title)
  if (format === 'docx') {
    return { fileName: `${name}.docx`, mime: DOCX_MIME, bytes: await writeDocx(model, { now: deps.clock() }) }
  }
  return {
    fileName: `${name}.pdf`,
    mime: 'application/pdf',
    bytes: await writePdf(model, { now: deps.clock() }),
  }
}

function printModelOf(
  document: HecsosDocument,
  project: ProjectDocuments,
  vocabularies: Parameters<typeof documentToPrint>[0]['vocabularies'],
): PrintDocument {
  const metadata = {
    title: document.title,
    language: document.language,
    authors: document.authors.map((author) => author.name),
  }
  if (document.templateId === PLAIN_TEMPLATE.id) {
    const body = RichTextSchema.safeParse(document.fields[PLAIN_TEMPLATE.bodyField])
    let counter = 0
    const blocks = body.success
      ? richTextToBlocks(body.data, { headingLevel: 1, newId: () => `${document.id}-h${++counter}` })
      : []
    return { metadata, blocks }
  }
  const template = project.templates.get(document.templateId)
  if (!template) {
    throw new StoreError(
      'not-found',
      `The template "${document.templateId}" of this document is not installed.`,
    )
  }
  return documentToPrint({ document, template, vocabularies, project })
}

/** A file name every system accepts: no path or reserved characters, not too long, never empty. */
export function safeFileName(title: string): string {
  const cleaned = title
    .normalize('NFC')
    // Control characters are as unwelcome in a file name as the reserved ones.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 120)
    .trim()
  return cleaned === '' ? 'document' : cleaned
}
