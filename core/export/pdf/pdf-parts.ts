import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import type { Block, PrintDocument } from '../print-model'
import { exportStrings } from '../strings'
import type { PartCache } from './part-cache'
import {
  layoutPart,
  type BodyPartJob,
  type FootersJob,
  type FrontPartJob,
  type LaidOutPart,
  type PartJob,
  type PartLayouter,
} from './part-layout'
import { hasContents, planBody, type ImageAsset, type PdfBuildOptions } from './pdf-definition'
import { mergeParts, type MergeOutlineEntry } from './pdf-merge'
import { FONT_FILES, PDFMAKE_VERSION } from './pdf-render'

/**
 * A publication as parts: the front matter (cover, history, disclaimer, contents and lists) and the body cut
 * before each chapter, each laid out on its own — in parallel when the layouter is a pool of workers, and not at
 * all when the cache holds it from an earlier export — then put together (pdf-assemble.ts). The front matter is
 * laid out twice: first without page numbers, beside the body parts, for its page count (the numbers change no
 * line: they sit in a column of fixed width), then with them.
 */

export interface PdfPartServices {
  /** Lays out parts side by side (a pool of workers); in this thread when absent. */
  layout?: PartLayouter
  /**
   * Lays out a part that is the only one to lay out (after an edit, most are cached): in this thread when absent,
   * where pdfmake is loaded already, rather than in a worker that must start and load its own.
   */
  layoutAlone?: PartLayouter
  cache?: PartCache
  /**
   * Told each time a part is laid out or found in the cache: `done` of `total` layouts, the total growing by one
   * should the front matter's page count need taking again. A 250-page publication takes seconds; this is what
   * moves the export's progress bar meanwhile.
   */
  onPart?: (done: number, total: number) => void
}

/**
 * Bumped whenever a change to the definition builder would lay out the same part differently, so parts cached by
 * an earlier version are not reused. 2: streams deflated at level 2 (pdf-speedups.ts). 3: a line's words drawn
 * as one text object (pdf-text-runs.ts). 4: notes at the foot of their page (pdf-footnotes.ts), not after the body.
 */
export const PART_FORMAT = 4

/**
 * The body cut at every page break that opens a chapter: each run starts a page and a bookmark tree. The break
 * stays at the head of its part, where it prints what it prints in one piece (an empty line above the heading).
 */
export function splitBody(blocks: readonly Block[]): Block[][] {
  const parts: Block[][] = [[]]
  blocks.forEach((block, index) => {
    const next = blocks[index + 1]
    if (
      block.kind === 'pageBreak' &&
      next?.kind === 'heading' &&
      next.level === 1 &&
      parts.at(-1)!.length > 0
    )
      parts.push([])
    parts.at(-1)!.push(block)
  })
  return parts.filter((part) => part.length > 0)
}

/**
 * At most this many parts: each costs a document of its own (fonts loaded and subset again, ~60 ms), and a pool
 * of up to four workers is kept busy by a dozen. A long publication lays out a few chapters per part.
 */
export const MAX_PARTS = 12

/**
 * The body in parts: its chapter runs in groups of consecutive chapters of one size, which depends only on the
 * number of chapters, so an edit inside a chapter changes only its own part.
 */
export function partsOf(blocks: readonly Block[]): Block[][] {
  const chapters = splitBody(blocks)
  const size = Math.ceil(chapters.length / MAX_PARTS)
  const parts: Block[][] = []
  for (let index = 0; index < chapters.length; index += size)
    parts.push(chapters.slice(index, index + size).flat())
  return parts
}

/** Every asset id named anywhere in a value (figures, logos, the cover picture). */
function assetIdsOf(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) assetIdsOf(item, found)
  else if (value !== null && typeof value === 'object')
    for (const [key, inner] of Object.entries(value))
      if (key === 'assetId' && typeof inner === 'string') found.add(inner)
      else assetIdsOf(inner, found)
  return found
}

let fontStamp: string | undefined

/** The font files as they are on disk: a changed file lays every part out again. */
function fontsOnDisk(): string {
  fontStamp ??= FONT_FILES.map((file) => {
    const stats = statSync(file)
    return `${stats.size}:${stats.mtimeMs}`
  }).join(',')
  return fontStamp
}

/**
 * The cache key of a part: everything its layout depends on. The pictures count by their bytes' hash; the date
 * is left out, as the assembled file gets its own metadata.
 */
function keyOf(job: PartJob, imageHashes: ReadonlyMap<string, string>): string {
  const { images, now: _now, ...layoutOptions } = job.options
  const strings = exportStrings(job.frame.metadata.language)
  const describe = JSON.stringify(
    {
      format: PART_FORMAT,
      pdfmake: PDFMAKE_VERSION,
      fonts: fontsOnDisk(),
      // The strings' functions by their source: a changed translation is a changed layout.
      strings,
      job: { ...job, options: layoutOptions },
      images: [...(images?.keys() ?? [])].sort().map((id) => [id, imageHashes.get(id)]),
    },
    (_key, value: unknown) => (typeof value === 'function' ? String(value) : value),
  )
  return createHash('sha256').update(describe).digest('hex')
}

function imagesFor(value: unknown, images: ReadonlyMap<string, ImageAsset> | undefined) {
  const used = new Map<string, ImageAsset>()
  for (const id of assetIdsOf(value)) {
    const image = images?.get(id)
    if (image) used.set(id, image)
  }
  return used
}

/** The PDF of a publication with a cover, laid out in parts. */
export async function writePartedPdf(
  model: PrintDocument,
  options: PdfBuildOptions,
  services: PdfPartServices = {},
): Promise<Uint8Array> {
  const { cache, onPart } = services
  let partsDone = 0
  // Every body part, the front matter twice (for its page count, then with the page numbers) and the footers.
  let partsToDo = 0
  const imageHashes = new Map<string, string>()
  for (const [id, image] of options.images ?? [])
    imageHashes.set(id, createHash('sha256').update(image.data).digest('hex'))
  const keeping: Promise<void>[] = []
  /** Lays out the parts the cache does not hold (side by side, given a pool of workers), and keeps them. */
  const layOut = async (jobs: readonly PartJob[]): Promise<LaidOutPart[]> => {
    const keys = jobs.map((job) => (cache ? keyOf(job, imageHashes) : ''))
    const cached = await Promise.all(keys.map((key) => cache?.get(key)))
    const missing = cached.filter((part) => part === undefined).length
    const given = missing > 1 ? services.layout : services.layoutAlone
    const partAt = async (index: number): Promise<LaidOutPart> => {
      let part = cached[index]
      if (!part) {
        part = await (given ?? layoutPart)(jobs[index]!)
        // Written while the next part is laid out; a cache that cannot be written is no reason to fail the export.
        if (cache) keeping.push(cache.put(keys[index]!, part).catch(() => undefined))
      }
      onPart?.(++partsDone, partsToDo)
      return part
    }
    // A layouter given (a pool of workers) has them side by side.
    if (given) return Promise.all(jobs.map((_, index) => partAt(index)))
    // In this thread, one part after the other. Started together, they waited on one another at every await of
    // pdfmake and pdfkit and all ended at once, at the end: the progress bar stood still, then jumped to the end.
    const parts: LaidOutPart[] = []
    for (let index = 0; index < jobs.length; index += 1) parts.push(await partAt(index))
    return parts
  }

  const bodies = partsOf(model.blocks)
  partsToDo = bodies.length + 3
  onPart?.(0, partsToDo)
  const plan = planBody(model, bodies, options)
  const { blocks: _blocks, ...frontFrame } = model
  const { title, header, language } = model.metadata
  const bodyFrame = {
    // Only what the running header and the strings read: the authors, subject and keywords go into the merged
    // file's metadata, so changing them lays out no part again.
    metadata: { title, ...(header !== undefined ? { header } : {}), language, authors: [] },
    ...(model.lists ? { lists: model.lists } : {}),
    runningHeader: true,
  }
  const bodyJobs: BodyPartJob[] = bodies.map((blocks, index) => ({
    kind: 'body',
    frame: bodyFrame,
    part: { blocks, start: plan.starts[index]! },
    options: { ...options, images: imagesFor(blocks, options.images) },
  }))
  const front = (pageOf?: Record<string, number>, pages?: number): FrontPartJob => ({
    kind: 'front',
    frame: frontFrame,
    options: { ...options, images: imagesFor(frontFrame, options.images) },
    hasContents: hasContents(model),
    entries: plan.entries,
    ...(pageOf ? { pageOf } : {}),
    ...(pages !== undefined ? { pages } : {}),
  })
  // The largest parts first, so a pool is not left waiting on one long part at the end. In this thread the order
  // changes nothing, and measuring the parts (their JSON) is left out.
  const order = bodyJobs.map((_, index) => index)
  if (services.layout) {
    const sizes = bodyJobs.map((job) => JSON.stringify(job.part.blocks).length)
    order.sort((a, b) => sizes[b]! - sizes[a]!)
  }
  const laidOut = await layOut([...order.map((index) => bodyJobs[index]!), front()])
  const draft = laidOut.pop()!
  const body: LaidOutPart[] = []
  order.forEach((index, position) => (body[index] = laidOut[position]!))
  let frontPages = draft.meta.pages.length
  const bodyPages = body.reduce((sum, part) => sum + part.meta.pages.length, 0)
  const total = (frontPages: number) => frontPages + bodyPages
  const footers = (frontPages: number): FootersJob => ({
    kind: 'footers',
    frame: bodyFrame,
    options: { ...options, images: new Map() },
    pages: body.flatMap((part) => part.meta.pages),
    first: frontPages + 1,
    total: total(frontPages),
  })
  // Only the listed ids: a section that moves to another page without a contents entry changes nothing here.
  const listed = new Set(plan.entries.map((entry) => entry.id))
  let final: LaidOutPart | undefined
  let footerPages: LaidOutPart | undefined
  // The numbers cannot change the front matter's page count; should they ever, the count is taken again, once.
  for (let attempt = 0; attempt < 2 && final?.meta.pages.length !== frontPages; attempt++) {
    if (final) {
      frontPages = final.meta.pages.length
      partsToDo += 2
    }
    const pageOf: Record<string, number> = {}
    let first = frontPages + 1
    for (const part of body) {
      for (const [id, page] of Object.entries(part.meta.anchors))
        if (listed.has(id)) pageOf[id] = first + page
      first += part.meta.pages.length
    }
    // The footers are laid out beside the front matter: both wait only for the page count.
    ;[footerPages, final] = await layOut([footers(frontPages), front(pageOf, total(frontPages))])
  }
  const parts = [final!, ...body]
  const outline: MergeOutlineEntry[] = []
  let offset = 0
  for (const part of parts) {
    for (const entry of part.meta.outline) outline.push({ ...entry, page: offset + entry.page })
    offset += part.meta.pages.length
  }
  const merged = mergeParts({
    parts: parts.map((part) => part.bytes),
    footers: footerPages!.bytes,
    outline,
    info: {
      title: model.metadata.title,
      author: model.metadata.authors.join(', '),
      ...(model.metadata.subject ? { subject: model.metadata.subject } : {}),
      ...(model.metadata.keywords?.length ? { keywords: model.metadata.keywords.join(', ') } : {}),
      creator: 'HECSOs Studio',
      producer: 'HECSOs Studio (pdfmake)',
      date: options.now,
    },
    language: model.metadata.language,
  })
  // The parts are in the cache when the export ends, and the cache back within its size.
  await Promise.all(keeping)
  await cache?.trim().catch(() => undefined)
  return merged
}
