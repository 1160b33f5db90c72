import type { HecsosDocument } from '../model'
import {
  ExportInputError,
  referencedAssetIds,
  runExportJob,
  type ExportFormat,
  type ExportJobAsset,
  type ExportJobHooks,
  type ExportJobInput,
} from '../export/export-job'
import { MissingTemplateError } from '../export/deliverable-to-print'
import type { HouseStyleId } from '../export/house-styles'
import type { PaperSize } from '../export/pdf/pdf-definition'
import { StoreError, type LibraryStore } from '../store/library-store'
import type { DocumentExport } from './contract'
import type { CatalogueSource } from './template-catalogue'

/**
 * projects:export — a project's deliverable, one document, or the whole project, as PDF or DOCX. The library is
 * read here (quick); the layout is `runExportJob`, a pure function of what is read, which the main process can
 * run in a worker_thread instead (see core/export/export-job.ts).
 */

export interface ProjectExportRequest {
  projectId: string
  /** One document (a deliverable compiles into its publication); absent: the deliverable, or the whole project. */
  documentId?: string
  format: ExportFormat
  style?: HouseStyleId
  paper?: PaperSize
}

interface ExportDeps {
  store: LibraryStore
  catalogue: CatalogueSource
  clock: () => Date
}

/** Everything the export reads from the library, as one serialisable value (it crosses into a worker as is). */
export async function exportJobInputOf(
  deps: ExportDeps,
  request: ProjectExportRequest,
): Promise<ExportJobInput> {
  const catalogue = await deps.catalogue.current()
  const view = await deps.store.getProject(request.projectId)
  const documents: HecsosDocument[] = []
  for (const summary of view.documents) {
    // A damaged document is left out of a whole-project export rather than failing it; asked for by id, it fails below.
    if (!summary.damage)
      documents.push((await deps.store.getDocument(request.projectId, summary.id)).document)
  }
  if (request.documentId !== undefined && !documents.some((document) => document.id === request.documentId))
    throw new StoreError('not-found', 'This document cannot be read; restore it from a backup first.')
  const { project } = view
  const jobProject = {
    title: project.title,
    acronym: project.acronym,
    programme: project.programme,
    grantNumber: project.grantNumber,
    partners: project.partners.map((partner) => ({
      name: partner.name,
      ...(partner.logo ? { logo: partner.logo } : {}),
    })),
    ...(project.exportSettings ? { exportSettings: project.exportSettings } : {}),
  }
  const assets: Record<string, ExportJobAsset> = {}
  for (const assetId of referencedAssetIds(jobProject, documents)) {
    try {
      const asset = await deps.store.readAsset(request.projectId, assetId)
      assets[assetId] = { bytes: asset.bytes, mediaType: asset.mediaType }
    } catch (error) {
      // A missing or damaged picture prints as its alternative text; the rest of the export still comes out.
      if (!(error instanceof StoreError)) throw error
    }
  }
  return {
    format: request.format,
    ...(request.documentId !== undefined ? { documentId: request.documentId } : {}),
    project: jobProject,
    documents,
    templates: [...catalogue.templates.values()],
    vocabularies: [...catalogue.vocabularies.values()],
    assets,
    ...(request.style ? { style: request.style } : {}),
    ...(request.paper ? { paper: request.paper } : {}),
    now: deps.clock().toISOString(),
  }
}

export async function exportProject(
  deps: ExportDeps,
  request: ProjectExportRequest,
  hooks?: ExportJobHooks,
): Promise<DocumentExport> {
  const input = await exportJobInputOf(deps, request)
  try {
    const { bytes, fileName, mime } = await runExportJob(input, hooks)
    return { bytes, fileName, mime }
  } catch (error) {
    if (error instanceof ExportInputError) throw new StoreError('invalid-input', error.message)
    if (error instanceof MissingTemplateError)
      throw new StoreError('not-found', `The template "${error.templateId}" of a document is not installed.`)
    throw error
  }
}
