import type { ExportSettings } from '../model'
import type { Template, Vocabulary } from '../templates'
import {
  DELIVERABLE,
  projectToPrint,
  publicationToPrint,
  type PublicationInput,
} from './deliverable-to-print'
import type { ExportableDocument } from './document-to-print'
import { writeDocx } from './docx/write-docx'
import type { DocxImage } from './docx/docx-document'
import { isHouseStyleId, type HouseStyleId } from './house-styles'
import { imageSize } from './image-size'
import { writePdf } from './pdf/write-pdf'
import { createPartCache } from './pdf/part-cache'
import { createPartPool, partWorkerCount } from './pdf/part-pool'
import type { PdfPartServices } from './pdf/pdf-parts'
import type { ImageAsset, PaperSize } from './pdf/pdf-definition'
import type { PrintDocument, PrintLogo } from './print-model'

/**
 * One export as a pure function of serialisable input: the project's data, documents, templates, vocabularies
 * and image bytes in; the file's bytes out. Nothing is read from disk but the fonts, so the main process can hand
 * the input to a worker_thread (structured clone) and keep the window responsive; the CLI and the tests call it
 * in their own process. Progress is reported at each step; an AbortSignal stops the job between steps (a worker
 * that must stop at once is terminated by its owner).
 */

export type ExportFormat = 'pdf' | 'docx'

export interface ExportJobProject {
  title: string
  acronym: string
  programme: string
  grantNumber: string
  /** In the order the cover shows their logos. */
  partners: ReadonlyArray<{ name: string; logo?: string }>
  exportSettings?: ExportSettings
}

export interface ExportJobAsset {
  bytes: Uint8Array
  mediaType: 'image/png' | 'image/jpeg'
}

export interface ExportJobInput {
  format: ExportFormat
  /** The document to export (a deliverable compiles into its publication); absent: the project's deliverable, or the whole project. */
  documentId?: string
  project: ExportJobProject
  /** The project's documents, in the project's order. */
  documents: readonly ExportableDocument[]
  templates: readonly Template[]
  vocabularies: readonly Vocabulary[]
  /** The images the documents and the cover use, by asset id; a missing one prints as its alternative text. */
  assets: Readonly<Record<string, ExportJobAsset>>
  /** Override the project's export settings for this export. */
  style?: HouseStyleId
  paper?: PaperSize
  /** The date written into the file, as ISO 8601: passed in, so the same input gives the same file. */
  now: string
  /**
   * How a publication's PDF is laid out: its parts in a pool of worker threads started from `worker` (the built
   * part-worker.js, or a loader of the TypeScript source) — `count` of them, else as many as pay off on this
   * machine (part-pool.ts: none on 2 cores) — and kept between exports in `cacheFolder`. Absent: in this thread,
   * nothing kept.
   */
  pdfLayout?: { worker?: { entry: string; argv?: string[]; count?: number }; cacheFolder?: string }
}

export type ExportStep = 'compile' | 'layout' | 'done'

export interface ExportJobProgress {
  step: ExportStep
  done: number
  total: number
}

export interface ExportJobHooks {
  onProgress?: (progress: ExportJobProgress) => void
  signal?: AbortSignal
  /**
   * Lays out and keeps a publication's parts instead of what `pdfLayout` describes: the export worker's pool and
   * cache, which outlive a job, or a test's, which counts layouts.
   */
  pdfParts?: PdfPartServices
}

const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const

export interface ExportJobResult {
  bytes: Uint8Array
  /** A suggested file name with its extension; the caller chooses the folder. */
  fileName: string
  mime: (typeof MIME)[ExportFormat]
}

/** A request the input cannot satisfy: an unknown document, a project with nothing to export. */
export class ExportInputError extends Error {}

/**
 * The print model the job lays out — what `documentId` names, else the deliverable, else the whole project — and
 * the title its file is named after.
 */
export function printModelOfJob(input: ExportJobInput): { model: PrintDocument; name: string } {
  const templates = new Map(input.templates.map((template) => [template.id, template]))
  const vocabularies = new Map(input.vocabularies.map((vocabulary) => [vocabulary.id, vocabulary]))
  const logos: PrintLogo[] = [
    ...(input.project.exportSettings?.logo
      ? [{ assetId: input.project.exportSettings.logo, alt: input.project.acronym || input.project.title }]
      : []),
    ...input.project.partners.flatMap((partner) =>
      partner.logo ? [{ assetId: partner.logo, alt: partner.name }] : [],
    ),
  ]
  const base: Omit<PublicationInput, 'document'> = {
    documents: input.documents,
    templates,
    vocabularies,
    logos,
    project: input.project,
  }
  if (input.documentId !== undefined) {
    const document = input.documents.find((candidate) => candidate.id === input.documentId)
    if (!document)
      throw new ExportInputError('This document is not in the project (it may have been deleted).')
    return { model: publicationToPrint({ ...base, document }), name: document.title }
  }
  const deliverable = input.documents.find(
    (document) => templates.get(document.templateId)?.kind === DELIVERABLE.kind,
  )
  if (deliverable)
    return { model: publicationToPrint({ ...base, document: deliverable }), name: deliverable.title }
  if (input.documents.length === 0)
    throw new ExportInputError('This project has no documents yet: there is nothing to export.')
  return { model: projectToPrint({ ...base, project: input.project }), name: input.project.title }
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

export async function runExportJob(
  input: ExportJobInput,
  hooks: ExportJobHooks = {},
): Promise<ExportJobResult> {
  const { signal, onProgress } = hooks
  // Compiling, then laying out: one step, or one per part for a publication's PDF (its parts say how many).
  let total = 2
  signal?.throwIfAborted()
  onProgress?.({ step: 'compile', done: 0, total })
  const { model, name } = printModelOfJob(input)
  signal?.throwIfAborted()
  const inParts = input.format === 'pdf' && model.cover !== undefined
  if (!inParts) onProgress?.({ step: 'layout', done: 1, total })
  // Progress listeners may cancel: look again before the long step.
  signal?.throwIfAborted()
  const settings = input.project.exportSettings ?? {}
  const style = isHouseStyleId(input.style) ? input.style : settings.style
  const paper = input.paper ?? settings.paper
  const common = {
    now: new Date(input.now),
    ...(style ? { style } : {}),
    ...(paper ? { paper } : {}),
    ...(settings.accent ? { accent: settings.accent } : {}),
  }
  let bytes: Uint8Array
  if (input.format === 'pdf') {
    const images = new Map<string, ImageAsset>()
    for (const [id, asset] of Object.entries(input.assets))
      images.set(id, { data: asset.bytes, mime: asset.mediaType })
    const worker = hooks.pdfParts ? undefined : input.pdfLayout?.worker
    const count = worker?.count ?? partWorkerCount()
    const pool = worker && count > 0 ? createPartPool(worker, count) : undefined
    const folder = input.pdfLayout?.cacheFolder
    const services: PdfPartServices = {
      ...(hooks.pdfParts ?? {
        ...(pool ? { layout: pool.layout } : {}),
        ...(folder ? { cache: createPartCache(folder) } : {}),
      }),
      onPart: (done, parts) => {
        total = 1 + parts
        onProgress?.({ step: 'layout', done: 1 + done, total })
      },
    }
    try {
      bytes = await writePdf(model, { ...common, images }, services)
    } finally {
      await pool?.close()
    }
  } else {
    const images = new Map<string, DocxImage>()
    for (const [id, asset] of Object.entries(input.assets)) {
      const size = imageSize(asset.bytes)
      if (size) images.set(id, { data: asset.bytes, mime: asset.mediaType, ...size })
    }
    bytes = await writeDocx(model, { ...common, images })
  }
  signal?.throwIfAborted()
  onProgress?.({ step: 'done', done: total, total })
  return {
    bytes,
    fileName: `${safeFileName(name)}.${input.format}`,
    mime: MIME[input.format],
  }
}

/** Every asset id a project's documents and settings refer to, so the caller reads only those images. */
export function referencedAssetIds(
  project: ExportJobProject,
  documents: readonly ExportableDocument[],
): string[] {
  const found = new Set<string>()
  if (project.exportSettings?.logo) found.add(project.exportSettings.logo)
  for (const partner of project.partners) if (partner.logo) found.add(partner.logo)
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value))
        if (key === 'assetId' && typeof inner === 'string' && /^[0-9a-f]{64}$/.test(inner)) found.add(inner)
        else visit(inner)
    }
  }
  for (const document of documents) visit(document.fields)
  return [...found].sort()
}
