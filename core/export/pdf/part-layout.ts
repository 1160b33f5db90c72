import { readFileSync } from 'node:fs'
import { create as openFont, type Font } from 'fontkit'
import type { PrintDocument } from '../print-model'
import {
  buildBodyPartDefinition,
  buildFootersDefinition,
  buildFrontDefinition,
  nodesWith,
  type BodyFrame,
  type BodyPartSpec,
  type PdfBuildOptions,
  type PdfContentsEntry,
} from './pdf-definition'
import { FONT_FILES, renderDefinition, type PageSize } from './pdf-render'

/**
 * One part of a publication laid out on its own by pdfmake — the front matter or a run of the body — and what the
 * assembly needs to know about it besides its bytes. A part knows nothing of where it ends up: no page numbers are
 * printed in a body part, and the front matter is told the numbers. Structured-clone safe both ways, so a job can
 * be handed to a worker thread and its result cached as bytes and JSON.
 */

/** What the front matter is laid out from: the publication without its body (the parts carry theirs). */
export type FrontFrame = Omit<PrintDocument, 'blocks'>

export interface BodyPartJob {
  kind: 'body'
  frame: BodyFrame
  part: BodyPartSpec
  options: PdfBuildOptions
}

export interface FrontPartJob {
  kind: 'front'
  frame: FrontFrame
  options: PdfBuildOptions
  /** The publication has a table of contents (some top-level heading is listed). */
  hasContents: boolean
  entries: PdfContentsEntry[]
  /** The printed page of each listed id; absent while the numbers are not known (they change no line break). */
  pageOf?: Record<string, number>
  /** The publication's page count for "Page X of Y"; absent with `pageOf`. */
  pages?: number
}

/** The footers of the body pages ("Page X of Y"), one page each, laid out once the page count is known. */
export interface FootersJob {
  kind: 'footers'
  frame: BodyFrame
  options: PdfBuildOptions
  pages: PageSize[]
  first: number
  total: number
}

export type PartJob = BodyPartJob | FrontPartJob | FootersJob

/** A heading with a bookmark: the outline is rebuilt from these when the parts are put together. */
export interface OutlineEntry {
  id: string
  title: string
  parentId?: string
  /** The page within the part, from 0. */
  page: number
}

export interface PartMeta {
  pages: PageSize[]
  /** Every id a link can lead to (headings, captions) and the page within the part it is on, from 0. */
  anchors: Record<string, number>
  outline: OutlineEntry[]
}

export interface LaidOutPart {
  bytes: Uint8Array
  meta: PartMeta
}

/** Lays out parts; in this process (layoutPart) or in a pool of worker threads (part-pool.ts). */
export type PartLayouter = (job: PartJob) => Promise<LaidOutPart>

let regular: Font | undefined

/** The width of pdfmake's "00000" page-number placeholder in the regular body font, measured as pdfkit does. */
function numberWidth(fontSize: number): number {
  regular ??= openFont(readFileSync(FONT_FILES[0]!)) as Font
  const units = regular.layout('00000').positions.reduce((sum, position) => sum + position.xAdvance, 0)
  return (units / regular.unitsPerEm) * fontSize
}

function definitionOf(job: PartJob) {
  // The pictures go to pdfmake as bytes (renderDefinition), not as data URLs.
  const options = { ...job.options, pictureFiles: true }
  switch (job.kind) {
    case 'body':
      return buildBodyPartDefinition(job.frame, job.part, options)
    case 'front':
      return buildFrontDefinition({ ...job.frame, blocks: [] }, options, {
        hasContents: job.hasContents,
        entries: job.entries,
        pageOf: (id) => job.pageOf?.[id],
        pages: job.pages ?? 0,
        numberWidth,
      })
    case 'footers':
      return buildFootersDefinition(job.frame, options, job)
  }
}

export const layoutPart: PartLayouter = async (job) => {
  const definition = definitionOf(job)
  // Taken before the layout: pdfmake adds cross references to the nodes, and records their positions on them.
  const anchored = nodesWith(definition.content, 'id')
  const { bytes, pages } = await renderDefinition(definition, job.options.images)
  const pageOfNode = (node: Record<string, unknown>): number | undefined => {
    const positions = node.positions as Array<{ pageNumber: number }> | undefined
    return positions?.[0] ? positions[0].pageNumber - 1 : undefined
  }
  const anchors: Record<string, number> = {}
  const outline: OutlineEntry[] = []
  for (const node of anchored) {
    const page = pageOfNode(node)
    if (page === undefined) continue
    const id = String(node.id)
    anchors[id] = page
    if (node.outline === true)
      outline.push({
        id,
        title: String(node.text),
        ...(typeof node.outlineParentId === 'string' ? { parentId: node.outlineParentId } : {}),
        page,
      })
  }
  return { bytes, meta: { pages, anchors, outline } }
}
