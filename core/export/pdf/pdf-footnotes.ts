import { createRequire } from 'node:module'
import type { Content } from 'pdfmake/interfaces'
import type { PdfFootnote as Footnote } from './pdf-definition'

/**
 * Footnotes at the foot of the page that calls them. pdfmake 0.3.11 has no notes of its own; this teaches its
 * layout some. A call is an inline carrying `footnote` (PdfFootnote, pdf-definition.ts): a line holding calls goes
 * on a page only if their notes fit under it as well, and from then on the foot of that page is kept for them, so
 * the page's body text ends higher. Once the body is laid out, each page's notes are laid out in the room kept,
 * under a short rule, the way pdfmake lays out a footer. No page is laid out twice: a note's height is measured
 * when its call is placed, so a long document costs what it did (QUALITY.md forbids relayout).
 *
 * Where a call is placed decides its page: a line of a paragraph, a row of a table that does not split (placed as
 * one block, so its notes move with it), a cell's line in a table that does. A table's repeated header row keeps
 * its notes on the page it first appears on. Notes that would not fit under their call even on a page of their
 * own (the editor allows 5,000 characters a note, which fit) go under it anyway and run into the bottom margin.
 *
 * Loaded for its effects by pdf-render.ts. Every patched method hands over to pdfmake's own untouched when neither
 * the thing placed nor its page has anything to do with a note.
 */

const requireCommonJs = createRequire(import.meta.url)
const requireFromPdfmake = createRequire(requireCommonJs.resolve('pdfmake/package.json'))

/** The separator above a page's notes: a hairline this long, in this colour, with this room above and below. */
const RULE_LENGTH = 120
const RULE_COLOUR = '#c8ccd0'
const RULE_MARGIN: [number, number, number, number] = [0, 10, 0, 4]
/** Room between two notes of a page. */
const NOTE_GAP = 2

// --- pdfmake's layout, as far as the patch touches it ---------------------------------------------------------

interface Margins {
  left: number
  right: number
  top: number
  bottom: number
}

interface Page {
  pageSize: { width: number; height: number }
  pageMargins: Margins
}

interface LaidOutInline {
  footnote?: Footnote
}

interface Line {
  inlines: LaidOutInline[]
  getHeight(): number
}

interface Fragment {
  height: number
  items: Array<{ type: string; item: unknown }>
  /** Set on a table's repeated header rows. */
  insertedOnPages?: unknown
}

interface Context {
  x: number
  y: number
  page: number
  pages: Page[]
  availableHeight: number
  getCurrentPage(): Page | undefined
}

interface Writer {
  transactionLevel: number
  context(): Context
  pushContext(width: number, height: number): void
  popContext(): void
  beginUnbreakableBlock(width: number, height: number): void
  commitUnbreakableBlock(x: number, y: number): void
  _fitOnPage(add: () => unknown): unknown
}

interface PageElementWriterPrototype extends Writer {
  addLine(line: Line, dontUpdateContextPosition?: boolean, index?: number): unknown
  addFragment(
    fragment: Fragment,
    useBlockXOffset?: boolean,
    useBlockYOffset?: boolean,
    dontUpdateContextPosition?: boolean,
  ): unknown
}

interface LayoutBuilder {
  writer: Writer
  linearNodeList: unknown[]
  docPreprocessor: { preprocessBlock(node: unknown): unknown }
  docMeasure: { measureBlock(node: unknown): unknown }
  processNode(node: unknown): void
}

interface LayoutBuilderPrototype extends LayoutBuilder {
  tryLayoutDocument(...args: unknown[]): unknown
  addHeadersAndFooters(header: unknown, footer: unknown): void
}

interface DocumentContextPrototype extends Context {
  initializePage(): void
  completeColumnGroup(...args: unknown[]): unknown
}

const { default: LayoutBuilderClass } = requireFromPdfmake('pdfmake/js/LayoutBuilder') as {
  default: { prototype: LayoutBuilderPrototype }
}
const { default: PageElementWriterClass } = requireFromPdfmake('pdfmake/js/PageElementWriter') as {
  default: { prototype: PageElementWriterPrototype }
}
const { default: ElementWriterClass } = requireFromPdfmake('pdfmake/js/ElementWriter') as {
  default: { prototype: PageElementWriterPrototype }
}
const { default: DocumentContextClass } = requireFromPdfmake('pdfmake/js/DocumentContext') as {
  default: { prototype: DocumentContextPrototype }
}

// --- The notes of the layout under way ------------------------------------------------------------------------

/** A page's notes and the height their area takes at its foot, rule included. */
interface PageNotes {
  notes: Footnote[]
  height: number
  /** Where the body ends when notes got less room than they need: they start under it, not over it. */
  bodyEnd?: number
}

/**
 * The layout pdfmake is running (it is synchronous, so there is one at a time) and the pages that keep room for
 * notes in it. Set for the length of one try at a layout.
 */
let layout: { builder: LayoutBuilder; pages: Map<Page, PageNotes> } | undefined

/** Far more than any page: notes are measured in a column this tall, so they never break. */
const UNBOUNDED = 1e9

function notesArea(notes: readonly Footnote[], width: number): Content {
  return {
    stack: [
      {
        canvas: [
          {
            type: 'line',
            x1: 0,
            y1: 0,
            x2: Math.min(RULE_LENGTH, width),
            y2: 0,
            lineWidth: 0.5,
            lineColor: RULE_COLOUR,
          },
        ],
        margin: RULE_MARGIN,
      },
      // pdfmake writes layout state into the nodes it lays out, so each layout gets a copy of the note.
      ...notes.map((footnote, index) => ({
        stack: [structuredClone(footnote.note)],
        ...(index > 0 ? { margin: [0, NOTE_GAP, 0, 0] } : {}),
      })),
    ],
  } as Content
}

function innerWidth(page: Page): number {
  return page.pageSize.width - page.pageMargins.left - page.pageMargins.right
}

/** The height of a page's notes area with these notes, laid out on a scratch column as wide as the page's text. */
function measure(builder: LayoutBuilder, page: Page, notes: readonly Footnote[]): number {
  const writer = builder.writer
  const nodes = builder.linearNodeList.length
  writer.pushContext(innerWidth(page), UNBOUNDED)
  try {
    const node = builder.docPreprocessor.preprocessBlock(notesArea(notes, innerWidth(page)))
    builder.processNode(builder.docMeasure.measureBlock(node))
    return writer.context().y
  } finally {
    writer.popContext()
    builder.linearNodeList.length = nodes
  }
}

function notesOfLine(line: Line, found: Footnote[] = []): Footnote[] {
  for (const inline of line.inlines) if (inline.footnote) found.push(inline.footnote)
  return found
}

function notesOfFragment(fragment: Fragment): Footnote[] {
  const found: Footnote[] = []
  for (const { type, item } of fragment.items) if (type === 'line') notesOfLine(item as Line, found)
  return found
}

/** Where a page's body text must end: its bottom margin, raised by the notes it already keeps room for. */
function bodyBottom(page: Page): number {
  return page.pageSize.height - page.pageMargins.bottom - (layout?.pages.get(page)?.height ?? 0)
}

/**
 * Places something (a line or a block) that is `height` tall and calls `notes`, with `place`: on the current page
 * if it and its notes fit above the page's notes, else on the next page, where it goes even if its notes do not
 * fit there either. Then the page keeps room for the notes, and the context has that much less room.
 */
function fitWithNotes(
  writer: Writer,
  height: number,
  notes: readonly Footnote[],
  place: () => unknown,
): unknown {
  const active = layout
  if (!active) return writer._fitOnPage(place)
  let tries = 0
  return writer._fitOnPage(() => {
    tries += 1
    const context = writer.context()
    const page = context.getCurrentPage()
    if (!page) return place()
    const kept = active.pages.get(page)
    const heightWithNotes =
      notes.length === 0
        ? (kept?.height ?? 0)
        : measure(active.builder, page, [...(kept?.notes ?? []), ...notes])
    const growth = heightWithNotes - (kept?.height ?? 0)
    const fits = context.y + height + growth <= bodyBottom(page)
    if (!fits && tries === 1) return false
    const position = place()
    if (position && notes.length > 0) {
      const bodyEnd = fits ? kept?.bodyEnd : context.y
      active.pages.set(page, {
        notes: [...(kept?.notes ?? []), ...notes],
        height: heightWithNotes,
        ...(bodyEnd === undefined ? {} : { bodyEnd }),
      })
      context.availableHeight -= growth
    }
    return position
  })
}

// --- The patches ------------------------------------------------------------------------------------------------

const writerPrototype = PageElementWriterClass.prototype
const elementWriterPrototype = ElementWriterClass.prototype
const originalAddLine = writerPrototype.addLine
const originalAddFragment = writerPrototype.addFragment

/** Whether the current page keeps room for notes, so what goes on it must stay above them. */
function pageKeepsNotes(writer: Writer): boolean {
  const page = writer.context().getCurrentPage()
  return page !== undefined && layout?.pages.has(page) === true
}

writerPrototype.addLine = function addLine(this: PageElementWriterPrototype, line, dontUpdate, index) {
  // Inside an unbreakable block the lines go to a scratch page; the block's notes are placed with it.
  if (!layout || this.transactionLevel > 0) return originalAddLine.call(this, line, dontUpdate, index)
  const notes = notesOfLine(line)
  if (notes.length === 0 && !pageKeepsNotes(this)) return originalAddLine.call(this, line, dontUpdate, index)
  return fitWithNotes(this, line.getHeight(), notes, () =>
    elementWriterPrototype.addLine.call(this, line, dontUpdate, index),
  )
}

writerPrototype.addFragment = function addFragment(
  this: PageElementWriterPrototype,
  fragment,
  useX,
  useY,
  dontUpdate,
) {
  // A repeated header row, or a block placed at a fixed position (a header, a footer, the notes themselves).
  if (!layout || fragment.insertedOnPages !== undefined || useX)
    return originalAddFragment.call(this, fragment, useX, useY, dontUpdate)
  const notes = notesOfFragment(fragment)
  if (notes.length === 0 && !pageKeepsNotes(this))
    return originalAddFragment.call(this, fragment, useX, useY, dontUpdate)
  return fitWithNotes(this, fragment.height, notes, () =>
    elementWriterPrototype.addFragment.call(this, fragment, useX, useY, dontUpdate),
  )
}

const contextPrototype = DocumentContextClass.prototype
const originalInitializePage = contextPrototype.initializePage
const originalCompleteColumnGroup = contextPrototype.completeColumnGroup

/** Keeps a context's room on a page that keeps room for notes from reaching them. */
function stopAboveNotes(context: Context): void {
  const page = context.getCurrentPage()
  if (!page || !layout?.pages.has(page)) return
  context.availableHeight = Math.min(context.availableHeight, bodyBottom(page) - context.y)
}

// A table's cell that runs onto a page another cell already reached starts that page again.
contextPrototype.initializePage = function initializePage(this: DocumentContextPrototype) {
  originalInitializePage.call(this)
  stopAboveNotes(this)
}

// After a table row, the room left is the shortest cell's, which may predate a note called in another cell.
contextPrototype.completeColumnGroup = function completeColumnGroup(this: DocumentContextPrototype, ...args) {
  const result = originalCompleteColumnGroup.apply(this, args)
  stopAboveNotes(this)
  return result
}

const builderPrototype = LayoutBuilderClass.prototype
const originalTryLayout = builderPrototype.tryLayoutDocument
const originalHeadersAndFooters = builderPrototype.addHeadersAndFooters

builderPrototype.tryLayoutDocument = function tryLayoutDocument(this: LayoutBuilderPrototype, ...args) {
  const outer = layout
  layout = { builder: this, pages: new Map() }
  try {
    return originalTryLayout.apply(this, args)
  } finally {
    layout = outer
  }
}

// The body is laid out when pdfmake adds the headers and footers: the notes go in then, into the room kept.
builderPrototype.addHeadersAndFooters = function addHeadersAndFooters(
  this: LayoutBuilderPrototype,
  header,
  footer,
) {
  originalHeadersAndFooters.call(this, header, footer)
  const pages = layout?.pages
  if (!pages || pages.size === 0) return
  const context = this.writer.context()
  context.pages.forEach((page, index) => {
    const kept = pages.get(page)
    if (!kept) return
    context.page = index
    // Placed at a fixed position, like a footer: the writer's checks for room do not apply.
    this.writer.beginUnbreakableBlock(innerWidth(page), UNBOUNDED)
    this.processNode(
      this.docMeasure.measureBlock(
        this.docPreprocessor.preprocessBlock(notesArea(kept.notes, innerWidth(page))),
      ),
    )
    this.writer.commitUnbreakableBlock(page.pageMargins.left, Math.max(bodyBottom(page), kept.bodyEnd ?? 0))
  })
}
