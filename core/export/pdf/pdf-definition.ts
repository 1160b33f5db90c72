import type {
  Content,
  ContentTable,
  CustomTableLayout,
  StyleDictionary,
  TDocumentDefinitions,
} from 'pdfmake/interfaces'
import { EU_BLUE, EU_GOLD, euEmblem } from '../eu-emblem'
import { houseStyle, normaliseAccent, type HouseStyle, type HouseStyleId } from '../house-styles'
import {
  inlineText,
  type Block,
  type PrintCover,
  type FigureBlock,
  type HeadingBlock,
  type Inline,
  type PrintDocument,
  type TableBlock,
  type TextInline,
} from '../print-model'
import { exportStrings, type ExportStrings } from '../strings'

/**
 * The print model → a pdfmake document definition. Pure: no fonts are read and nothing is written here (see
 * write-pdf.ts), so the structure can be tested without laying out a page.
 *
 * Layout rules that matter for speed (docs/export.md, QUALITY.md): no `pageBreakBefore` callback, which makes
 * pdfmake lay out the whole document again for every break; headings are kept with what follows by an
 * unbreakable stack instead (see keepWithNext).
 */

export type PaperSize = 'A4' | 'LETTER'

export interface ImageAsset {
  data: Uint8Array
  mime: 'image/png' | 'image/jpeg'
}

export interface PdfBuildOptions {
  paper?: PaperSize
  /** Written as the creation and modification date: passed in, so the same input gives the same file. */
  now: Date
  /** The pictures of the figures, by asset id; a missing one prints as its alternative text in a frame. */
  images?: ReadonlyMap<string, ImageAsset>
  /** A table of contents after the title; on by default. */
  contents?: boolean
  /** The accent colour of headings and rules (RRGGBB or #RRGGBB); the house style's when absent. */
  accent?: string
  style?: HouseStyleId
  /**
   * The pictures named as files of pdfmake's virtual file system (`pictureFileName`) rather than written into the
   * definition as data URLs: the writer hands pdfmake their bytes as they are (renderDefinition), with no base64
   * to write and decode again. Off by default, so a definition stands on its own.
   */
  pictureFiles?: boolean
}

/** The font family name write-pdf.ts registers (pdfmake's bundled Roboto). */
export const PDF_FONT = 'Roboto'
export const TOC_ID = 'contents'
/** The lists of tables and of figures are two more pdfmake tables of contents, fed by the captions. */
export const TABLES_TOC_ID = 'list-of-tables'
export const FIGURES_TOC_ID = 'list-of-figures'

/**
 * Space kept free under a heading: when less than this is left on the page, the heading moves to the next one
 * with its content. About three lines of body text.
 */
export const KEEP_WITH_NEXT_SPACE = 42

const GREY = '#5f6368'
const RULE = '#c8ccd0'

interface State {
  strings: ExportStrings
  options: PdfBuildOptions
  accent: string
  house: HouseStyle
  tables: number
  figures: number
  /** Notes numbered so far, the parts before included. */
  notes: number
  images: Record<string, string>
  /** The id of the last heading at each level, so bookmarks nest like the headings. */
  outlineParents: Array<string | undefined>
  /** Captions are listed only where the publication prints a list of them. */
  lists: { tables: boolean; figures: boolean }
}

const PAPER_WIDTH: Record<PaperSize, number> = { A4: 595.28, LETTER: 612 }
const PAPER_HEIGHT: Record<PaperSize, number> = { A4: 841.89, LETTER: 792 }

// Base64 without Buffer, so the builder also runs in a worker or a browser.
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
export function toBase64(bytes: Uint8Array): string {
  let out = ''
  for (let index = 0; index < bytes.length; index += 3) {
    const a = bytes[index]!
    const b = bytes[index + 1]
    const c = bytes[index + 2]
    const triple = (a << 16) | ((b ?? 0) << 8) | (c ?? 0)
    out += BASE64[(triple >> 18) & 63]! + BASE64[(triple >> 12) & 63]!
    out += b === undefined ? '=' : BASE64[(triple >> 6) & 63]!
    out += c === undefined ? '=' : BASE64[triple & 63]!
  }
  return out
}

/** The name a picture goes by in pdfmake's virtual file system while a definition naming it is laid out. */
export function pictureFileName(assetId: string): string {
  return `hecsos-picture-${assetId}`
}

/** What a definition's `images` holds for a picture: its data URL, or its virtual file's name. */
function pictureSource(assetId: string, image: ImageAsset, options: PdfBuildOptions): string {
  return options.pictureFiles ? pictureFileName(assetId) : `data:${image.mime};base64,${toBase64(image.data)}`
}

/**
 * What a note's call carries besides its mark: the note, printed at the foot of the page the call lands on. pdfmake
 * has no notes; pdf-footnotes.ts teaches its layout to read this.
 */
export interface PdfFootnote {
  note: Content
}

function inlineNodes(inlines: readonly Inline[], state: State): Content[] {
  const nodes: Content[] = []
  for (const inline of inlines) {
    switch (inline.kind) {
      case 'text':
        nodes.push(textNode(inline))
        break
      case 'link': {
        const internal = inline.href.startsWith('#')
        for (const child of inline.children)
          nodes.push({
            ...textNode(child),
            ...(internal ? { linkToDestination: inline.href.slice(1) } : { link: inline.href }),
            color: state.accent,
            decoration: 'underline',
          } as Content)
        break
      }
      case 'lineBreak':
        nodes.push({ text: '\n' })
        break
      case 'footnote': {
        state.notes += 1
        const mark = String(state.notes)
        const note = {
          text: [{ text: mark, sup: true }, ' ', ...inlineNodes(inline.content, state)],
          style: 'note',
        }
        const footnote: PdfFootnote = { note: note as Content }
        nodes.push({ text: mark, sup: true, footnote } as Content)
        break
      }
    }
  }
  return nodes
}

function textNode(inline: TextInline): Content & object {
  const marks = inline.marks ?? {}
  const decoration = marks.underline ? 'underline' : marks.strikethrough ? 'lineThrough' : undefined
  return {
    text: inline.text,
    ...(marks.bold ? { bold: true } : {}),
    ...(marks.italic ? { italics: true } : {}),
    ...(decoration ? { decoration } : {}),
    ...(marks.code ? { background: '#eef0f2' } : {}),
    ...(marks.superscript ? { sup: true } : {}),
    ...(marks.subscript ? { sub: true } : {}),
  } as Content & object
}

function headingNode(block: HeadingBlock, state: State): Content {
  const label = block.numbering ? `${block.numbering}\u2002${block.text}` : block.text
  state.outlineParents[block.level] = block.id
  for (let deeper = block.level + 1; deeper < state.outlineParents.length; deeper++)
    state.outlineParents[deeper] = undefined
  const parent = state.outlineParents.slice(1, block.level).findLast((id) => id !== undefined)
  return {
    text: label,
    style: `h${block.level}`,
    id: block.id,
    headlineLevel: block.level,
    outline: true,
    ...(parent ? { outlineParentId: parent } : {}),
    ...(block.inContents
      ? {
          tocItem: TOC_ID,
          tocMargin: [(block.level - 1) * 14, block.level === 1 ? 6 : 2, 0, 2],
          tocStyle: block.level === 1 ? { bold: true } : {},
        }
      : {}),
  } as Content
}

/** Rows that fit on a page can be kept whole; a row taller than a page must be allowed to break, or pdfmake cuts it. */
function rowsAreShort(block: TableBlock): boolean {
  const charsOf = (blocks: readonly Block[]): number =>
    blocks.reduce(
      (sum, inner) => sum + (inner.kind === 'paragraph' ? inlineText(inner.inlines).length : 400),
      0,
    )
  return block.rows.every((row) => {
    const longest = Math.max(0, ...row.map((cell) => charsOf(cell.blocks)))
    return longest < 1200
  })
}

const LIGHT_TABLE: CustomTableLayout = {
  hLineWidth: (index, node) => (index === 0 || index === node.table.body.length ? 0.8 : 0.4),
  vLineWidth: () => 0,
  hLineColor: () => RULE,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
}

function tableNode(block: TableBlock, state: State): Content[] {
  const allShares = block.columns.every((column) => column.kind === 'share')
  const totalWeight = block.columns.reduce(
    (sum, column) => sum + (column.kind === 'share' ? column.weight : 0),
    0,
  )
  const widths = block.columns.map((column) =>
    column.kind === 'auto'
      ? 'auto'
      : allShares
        ? `${((column.weight / totalWeight) * 100).toFixed(2)}%`
        : '*',
  )
  const body = block.rows.map((row, rowIndex) => {
    const cells: Content[] = []
    row.forEach((cell, cellIndex) => {
      const header = rowIndex < block.headerRows || (block.rowHeaders === true && cellIndex === 0)
      const content = blockNodes(cell.blocks, state)
      const node = {
        stack: content.length > 0 ? content : [{ text: '' }],
        ...(header ? { fillColor: '#f1f3f4' } : {}),
        ...(cell.colSpan && cell.colSpan > 1 ? { colSpan: cell.colSpan } : {}),
      } as Content
      cells.push(node)
      for (let covered = 1; covered < (cell.colSpan ?? 1); covered++) cells.push({ text: '' })
    })
    return cells
  })
  const nodes: Content[] = []
  if (block.caption) {
    state.tables += 1
    nodes.push({
      text: `${state.strings.table} ${state.tables}: ${block.caption}`,
      style: 'caption',
      id: `table-${state.tables}`,
      ...(state.lists.tables ? { tocItem: TABLES_TOC_ID } : {}),
    } as Content)
  }
  const table: ContentTable = {
    table: {
      headerRows: block.headerRows,
      widths,
      body,
      dontBreakRows: rowsAreShort(block),
      ...(block.headerRows > 0 ? { keepWithHeaderRows: 1 } : {}),
    },
    layout: LIGHT_TABLE,
    style: 'table',
  }
  nodes.push(table)
  return nodes
}

function figureNode(block: FigureBlock, state: State): Content {
  state.figures += 1
  const image = state.options.images?.get(block.assetId)
  const paper = state.options.paper ?? 'A4'
  const margins = state.house.margins
  const width = PAPER_WIDTH[paper] - margins[0] - margins[2]
  const picture: Content = image
    ? (() => {
        const key = `asset-${block.assetId}`
        state.images[key] = pictureSource(block.assetId, image, state.options)
        return {
          image: key,
          fit: [width, (PAPER_HEIGHT[paper] - margins[1] - margins[3]) * 0.6],
          alignment: 'center',
        }
      })()
    : {
        table: { widths: ['*'], body: [[{ text: block.alt || block.assetId, italics: true, color: GREY }]] },
        layout: { hLineColor: () => RULE, vLineColor: () => RULE },
      }
  const caption = block.caption
    ? `${state.strings.figure} ${state.figures}: ${block.caption}`
    : `${state.strings.figure} ${state.figures}`
  return {
    // A picture and its caption are never parted; both fit on a page, so the stack is safe to keep whole.
    stack: [
      picture,
      {
        text: caption,
        style: 'caption',
        id: `figure-${state.figures}`,
        ...(state.lists.figures ? { tocItem: FIGURES_TOC_ID } : {}),
      },
      ...(block.credit ? [{ text: block.credit, style: 'credit' }] : []),
    ],
    unbreakable: true,
    margin: [0, 4, 0, 8],
  } as Content
}

function blockNodes(blocks: readonly Block[], state: State): Content[] {
  return blocks.flatMap((block) => blockNode(block, state))
}

function blockNode(block: Block, state: State): Content[] {
  switch (block.kind) {
    case 'heading':
      return [headingNode(block, state)]
    case 'paragraph': {
      const inlines = inlineNodes(block.inlines, state)
      return [
        {
          text: inlines.length > 0 ? inlines : ' ',
          style: block.tone === 'note' ? 'note' : 'paragraph',
          ...(block.align ? { alignment: block.align } : {}),
        } as Content,
      ]
    }
    case 'list': {
      const items = block.items.map((item) => {
        const nodes = blockNodes(item.blocks, state)
        return nodes.length === 1 ? nodes[0]! : ({ stack: nodes } as Content)
      })
      return [
        (block.ordered
          ? { ol: items, ...(block.start !== undefined ? { start: block.start } : {}), style: 'list' }
          : { ul: items, style: 'list' }) as Content,
      ]
    }
    case 'quote':
      return [
        {
          table: { widths: ['*'], body: [[{ stack: blockNodes(block.blocks, state), italics: true }]] },
          layout: {
            hLineWidth: () => 0,
            vLineWidth: (index: number) => (index === 0 ? 2 : 0),
            vLineColor: () => state.accent,
            paddingLeft: () => 10,
          },
          margin: [0, 2, 0, 8],
        } as Content,
      ]
    case 'table':
      return tableNode(block, state)
    case 'figure':
      return [figureNode(block, state)]
    case 'labelledValues':
      return [
        {
          table: {
            widths: ['32%', '*'],
            dontBreakRows: true,
            body: block.entries.map((entry) => [
              { text: entry.label, bold: true, color: GREY },
              { text: inlineNodes(entry.value, state) },
            ]),
          },
          layout: LIGHT_TABLE,
          style: 'table',
        } as Content,
      ]
    case 'pageBreak':
      return [{ text: '', pageBreak: 'before' } as Content]
  }
}

interface Unit {
  nodes: Content[]
  /** A heading or a caption: kept on the page of what follows. */
  keep: boolean
  /** Needs landscape pages. */
  wide: boolean
}

function units(blocks: readonly Block[], state: State): Unit[] {
  return blocks.flatMap((block): Unit[] => {
    const nodes = blockNode(block, state)
    const wide = block.kind === 'table' && block.wide === true
    // A table's caption is kept with the table like a heading.
    if (block.kind === 'table' && nodes.length === 2)
      return [
        { nodes: [nodes[0]!], keep: true, wide: false },
        { nodes: [nodes[1]!], keep: false, wide },
      ]
    return [{ nodes, keep: block.kind === 'heading', wide }]
  })
}

/**
 * Keep-with-next without relayout: the kept nodes go into an unbreakable stack together with an empty space of
 * KEEP_WITH_NEXT_SPACE, and the next node is pulled up by the same amount. If the space does not fit, the stack
 * moves to the next page, so a heading never ends a page; the next node itself may still break across pages.
 */
function keepWithNext(all: Unit[]): Content[] {
  const out: Content[] = []
  let index = 0
  while (index < all.length) {
    const kept: Content[] = []
    while (index < all.length && all[index]!.keep) kept.push(...all[index++]!.nodes)
    const next = all[index]
    if (kept.length > 0 && next && !next.wide) {
      out.push({
        stack: [...kept, { text: '', margin: [0, 0, 0, KEEP_WITH_NEXT_SPACE] }],
        unbreakable: true,
      } as Content)
      out.push({ stack: next.nodes, margin: [0, -KEEP_WITH_NEXT_SPACE, 0, 0] } as Content)
      index += 1
    } else if (next?.wide) {
      // A wide table gets landscape pages of its own, its headings with it, and portrait comes back after it.
      out.push({
        stack: [...kept, ...next.nodes],
        pageBreak: 'before',
        pageOrientation: 'landscape',
      } as Content)
      const following = all[index + 1]
      if (following) out.push({ text: '', pageBreak: 'before', pageOrientation: 'portrait' } as Content)
      index += 1
    } else {
      out.push(...kept)
      if (next) out.push(...next.nodes)
      index += 1
    }
  }
  return out
}

/** The EU emblem drawn with pdfmake's canvas: a blue rectangle and twelve gold stars, no image file. */
function emblemNode(height: number): Content {
  const emblem = euEmblem(height)
  return {
    canvas: [
      { type: 'rect', x: 0, y: 0, w: emblem.width, h: emblem.height, color: EU_BLUE },
      ...emblem.stars.map((star) => ({
        type: 'polyline',
        points: star.map(([x, y]) => ({ x, y })),
        closePath: true,
        color: EU_GOLD,
        lineWidth: 0,
      })),
    ],
    width: emblem.width,
  } as Content
}

function imageKey(assetId: string, state: State): string | undefined {
  const image = state.options.images?.get(assetId)
  if (!image) return undefined
  const key = `asset-${assetId}`
  state.images[key] ??= pictureSource(assetId, image, state.options)
  return key
}

/**
 * The cover page and its back: the EU emblem with the funding statement and the partners' logos at the top, the
 * programme, acronym, deliverable number and title, the Erasmus+ data; on the back, the disclaimer.
 */
function coverNodes(cover: PrintCover, state: State): Content[] {
  const emblemHeight = 34
  const logos = cover.logos.flatMap((logo): Content[] => {
    const key = imageKey(logo.assetId, state)
    // The emblem must never be smaller than a partner logo: logos get the emblem's height at most.
    return key ? [{ image: key, fit: [90, emblemHeight], width: 90 } as Content] : []
  })
  const nodes: Content[] = [
    {
      columns: [
        emblemNode(emblemHeight),
        {
          text: cover.funding === 'funded' ? state.strings.funded : state.strings.coFunded,
          bold: true,
          fontSize: 9,
          width: 110,
          margin: [6, 6, 0, 0],
        },
        { text: '', width: '*' },
        ...logos,
      ],
      columnGap: 8,
      margin: [0, 0, 0, 72],
    } as Content,
  ]
  if (cover.programme) nodes.push({ text: cover.programme, style: 'coverProgramme' })
  if (cover.acronym) nodes.push({ text: cover.acronym, style: 'coverAcronym' })
  if (cover.projectTitle) nodes.push({ text: cover.projectTitle, style: 'coverProject' })
  nodes.push({
    canvas: [{ type: 'line', x1: 0, y1: 0, x2: 120, y2: 0, lineWidth: 2, lineColor: state.accent }],
    margin: [0, 18, 0, 18],
  } as Content)
  if (cover.deliverableNumber) nodes.push({ text: cover.deliverableNumber, style: 'coverNumber' })
  nodes.push({ text: cover.title, style: 'title' })
  if (cover.image) {
    const key = imageKey(cover.image.assetId, state)
    if (key) nodes.push({ image: key, fit: [360, 200], margin: [0, 12, 0, 12] } as Content)
  }
  if (cover.details.length > 0)
    nodes.push({
      table: {
        widths: ['32%', '*'],
        dontBreakRows: true,
        body: cover.details.map((entry) => [
          { text: entry.label, bold: true, color: GREY },
          { text: inlineNodes(entry.value, state) },
        ]),
      },
      layout: LIGHT_TABLE,
      style: 'table',
      margin: [0, 36, 0, 0],
    } as Content)
  return nodes
}

function styleOf(house: HouseStyle, accent: string): StyleDictionary {
  const margin = (top: number, bottom: number): [number, number, number, number] => [0, top, 0, bottom]
  const [h1, h2, h3, h4] = house.headings
  return {
    title: { fontSize: h1 + 6, bold: true, color: accent, margin: margin(0, 8) },
    authors: { fontSize: house.bodySize + 1, color: GREY, margin: margin(0, 24) },
    contentsTitle: { fontSize: h2 + 1, bold: true, color: accent, margin: margin(8, 8) },
    coverProgramme: { fontSize: house.bodySize, color: GREY, margin: margin(0, 4) },
    coverAcronym: { fontSize: 30, bold: true, color: accent },
    coverProject: { fontSize: house.bodySize + 2, color: GREY, margin: margin(4, 0) },
    coverNumber: { fontSize: h2, bold: true, color: accent, margin: margin(0, 4) },
    disclaimer: { fontSize: house.bodySize - 1, color: GREY, margin: margin(24, 0) },
    h1: { fontSize: h1, bold: true, color: accent, margin: margin(18, 8) },
    h2: { fontSize: h2, bold: true, color: accent, margin: margin(14, 6) },
    h3: { fontSize: h3, bold: true, margin: margin(10, 4) },
    h4: { fontSize: h4, bold: true, italics: true, margin: margin(8, 3) },
    paragraph: { margin: margin(0, house.paragraphSpace) },
    list: { margin: margin(0, house.paragraphSpace) },
    table: { margin: margin(2, 10), fontSize: house.bodySize - 0.5 },
    caption: { fontSize: house.bodySize - 1, italics: true, color: GREY, margin: margin(4, 4) },
    credit: { fontSize: house.bodySize - 2, color: GREY },
    note: { fontSize: house.bodySize - 1.5, color: GREY },
  }
}

/** What the page furniture and the numbering read of a publication besides its blocks. */
type Framed = Pick<PrintDocument, 'metadata' | 'lists'>

/** Where numbering starts in a part laid out on its own: what the parts before it already numbered. */
export interface NumberingStart {
  tables: number
  figures: number
  notes: number
}

const FIRST: NumberingStart = { tables: 0, figures: 0, notes: 0 }

function stateOf(model: Framed, options: PdfBuildOptions, start: NumberingStart = FIRST): State {
  const house = houseStyle(options.style)
  return {
    strings: exportStrings(model.metadata.language),
    options,
    accent: `#${normaliseAccent(options.accent) ?? house.accent}`,
    house,
    tables: start.tables,
    figures: start.figures,
    notes: start.notes,
    images: {},
    outlineParents: [],
    lists: {
      tables: (options.contents ?? true) && model.lists?.tables === true,
      figures: (options.contents ?? true) && model.lists?.figures === true,
    },
  }
}

/** The contents, list of tables and list of figures the front matter prints, by toc id, with their titles. */
function contentsPagesOf(
  hasContents: boolean,
  options: PdfBuildOptions,
  state: State,
): Array<[string, string]> {
  const pages: Array<[string, string]> = []
  if ((options.contents ?? true) && hasContents) pages.push([TOC_ID, state.strings.contents])
  if (state.lists.tables) pages.push([TABLES_TOC_ID, state.strings.listOfTables])
  if (state.lists.figures) pages.push([FIGURES_TOC_ID, state.strings.listOfFigures])
  return pages
}

/** A publication has a table of contents when one of its top-level headings is listed in it. */
export function hasContents(model: PrintDocument): boolean {
  return model.blocks.some((block) => block.kind === 'heading' && block.inContents)
}

/** The cover or title block, the front blocks (history) and, for a publication, the disclaimer. */
function frontNodes(model: PrintDocument, state: State): Content[] {
  const front: Content[] = []
  if (model.cover) {
    front.push(...coverNodes(model.cover, state))
    // The back of the cover: the document history, then the disclaimer.
    front.push({ text: '', pageBreak: 'after' } as Content)
    front.push(...keepWithNext(units(model.front ?? [], state)))
    front.push({ text: model.cover.disclaimer, style: 'disclaimer' })
  } else {
    front.push({ text: model.metadata.title, style: 'title' })
    if (model.metadata.authors.length > 0)
      front.push({ text: model.metadata.authors.join(', '), style: 'authors' })
    front.push(...keepWithNext(units(model.front ?? [], state)))
  }
  return front
}

type Header = TDocumentDefinitions['header']
type Footer = TDocumentDefinitions['footer']

/** What every definition shares: paper, margins, metadata, styles; the content and page furniture vary. */
function frame(
  model: Framed,
  options: PdfBuildOptions,
  state: State,
  parts: { content: Content[]; header?: Header; footer?: Footer },
): TDocumentDefinitions {
  const { metadata } = model
  return {
    pageSize: options.paper ?? 'A4',
    pageMargins: state.house.margins,
    language: metadata.language,
    info: {
      title: metadata.title,
      author: metadata.authors.join(', '),
      ...(metadata.subject ? { subject: metadata.subject } : {}),
      ...(metadata.keywords && metadata.keywords.length > 0
        ? { keywords: metadata.keywords.join(', ') }
        : {}),
      creator: 'HECSOs Studio',
      producer: 'HECSOs Studio (pdfmake)',
      creationDate: options.now,
      modDate: options.now,
    },
    content: parts.content,
    images: state.images,
    ...(parts.header ? { header: parts.header } : {}),
    ...(parts.footer ? { footer: parts.footer } : {}),
    defaultStyle: { font: PDF_FONT, fontSize: state.house.bodySize, lineHeight: state.house.lineHeight },
    styles: styleOf(state.house, state.accent),
  }
}

/** The running header (acronym and title) at the top of a page of a publication. */
function runningHeader(model: Framed, state: State): Content {
  const margins = state.house.margins
  return {
    text: model.metadata.header ?? model.metadata.title,
    color: GREY,
    fontSize: 8,
    margin: [margins[0], Math.max(16, margins[1] - 28), margins[2], 0],
  }
}

/** The footer: "Page X of Y" on the right and, for a single document, its title on the left. */
function footerNode(left: string, state: State, page: number, pages: number): Content {
  const margins = state.house.margins
  return {
    columns: [
      { text: left, color: GREY, fontSize: 8, width: '*' },
      {
        text: state.strings.pageOf(page, pages),
        color: GREY,
        fontSize: 8,
        alignment: 'right',
        width: 'auto',
      },
    ],
    columnGap: 12,
    margin: [margins[0], 24, margins[2], 0],
  }
}

/**
 * The header and footer of a print model's pages: a publication has none on its cover, then the running header
 * (the acronym and the deliverable's title) and "Page X of Y"; a single document has its title in the footer.
 * `pages` is the total when it is known beforehand (front matter laid out apart); otherwise pdfmake's count.
 */
function pageFurniture(
  model: PrintDocument,
  state: State,
  pages?: number,
): { header?: Header; footer: Footer } {
  const onCover = (page: number) => model.cover !== undefined && page === 1
  return {
    ...(model.cover
      ? { header: (currentPage: number) => (onCover(currentPage) ? null : runningHeader(model, state)) }
      : {}),
    footer: (currentPage: number, pageCount: number) =>
      onCover(currentPage)
        ? null
        : footerNode(model.cover ? '' : model.metadata.title, state, currentPage, pages ?? pageCount),
  }
}

/** The pdfmake document definition of a print model, laid out in one piece. */
export function buildPdfDefinition(model: PrintDocument, options: PdfBuildOptions): TDocumentDefinitions {
  const state = stateOf(model, options)
  const front = frontNodes(model, state)
  const contentsPages = contentsPagesOf(hasContents(model), options, state)
  contentsPages.forEach(([id, title], index) =>
    front.push({
      toc: { id, title: { text: title, style: 'contentsTitle' }, textMargin: [0, 2, 0, 2] },
      // A publication starts its contents on a page of their own, after the cover's back.
      ...(model.cover && index === 0 ? { pageBreak: 'before' } : {}),
      ...(index > 0 ? { margin: [0, 18, 0, 0] } : {}),
    } as Content),
  )
  const body = keepWithNext(units(model.blocks, state))
  const firstBody = body[0]
  const breakBeforeBody = (contentsPages.length > 0 || model.cover !== undefined) && firstBody
  const content: Content[] = breakBeforeBody
    ? [...front, { stack: [firstBody], pageBreak: 'before' } as Content, ...body.slice(1)]
    : [...front, ...body]
  return frame(model, options, state, { content, ...pageFurniture(model, state) })
}

/**
 * A part of a publication's body laid out on its own (pdf-parts.ts): its blocks, numbered on from `start`, with
 * the running header on every page and no footer — page numbers are stamped when the parts are put together.
 */
export interface BodyPartSpec {
  blocks: Block[]
  start: NumberingStart
}

/**
 * Only what a body part's layout depends on, so a cached part stays valid when the cover or the front matter
 * changes: the metadata the header prints, whether captions are listed, and whether pages have a running header.
 */
export interface BodyFrame extends Framed {
  runningHeader: boolean
}

export function buildBodyPartDefinition(
  frameOfPart: BodyFrame,
  part: BodyPartSpec,
  options: PdfBuildOptions,
): TDocumentDefinitions {
  const state = stateOf(frameOfPart, options, part.start)
  const content = keepWithNext(units(part.blocks, state))
  // A part opens a page anyway; its leading break keeps only the empty line it prints in one piece.
  const first = content[0] as { pageBreak?: unknown } | undefined
  if (part.blocks[0]?.kind === 'pageBreak' && first) delete first.pageBreak
  return frame(frameOfPart, options, state, {
    content,
    ...(frameOfPart.runningHeader ? { header: () => runningHeader(frameOfPart, state) } : {}),
  })
}

/** One line of a contents-like list: the text of a heading or caption and where it leads. */
export interface PdfContentsEntry {
  /** The toc it belongs to: TOC_ID, TABLES_TOC_ID or FIGURES_TOC_ID. */
  toc: string
  /** The destination: the heading's or caption's id. */
  id: string
  text: string
  margin?: [number, number, number, number]
  style?: Record<string, unknown>
}

/** What the parts of a body number and list, found by building them as their layout will: no layout needed. */
export interface BodyPlan {
  /** Where each part's numbering starts. */
  starts: NumberingStart[]
  /** Every contents entry of the body, in order. */
  entries: PdfContentsEntry[]
}

export function planBody(
  model: PrintDocument,
  parts: readonly Block[][],
  options: PdfBuildOptions,
): BodyPlan {
  // No pictures: they change no number, and encoding them is the costly part of building.
  // The front matter numbers first: the body goes on from its state.
  const state = stateOf(model, { ...options, images: new Map() })
  frontNodes(model, state)
  const starts: NumberingStart[] = []
  const entries: PdfContentsEntry[] = []
  for (const blocks of parts) {
    starts.push({ tables: state.tables, figures: state.figures, notes: state.notes })
    for (const node of nodesWith(keepWithNext(units(blocks, state)), 'tocItem'))
      for (const toc of [node.tocItem].flat() as string[])
        entries.push({
          toc,
          id: String(node.id),
          text: String(node.text),
          ...(node.tocMargin ? { margin: node.tocMargin as PdfContentsEntry['margin'] } : {}),
          ...(node.tocStyle ? { style: node.tocStyle as Record<string, unknown> } : {}),
        })
  }
  return { starts, entries }
}

/** Every object in a definition's content with the given key, depth first in reading order. */
export function nodesWith(value: unknown, key: string, found: Array<Record<string, unknown>> = []) {
  if (Array.isArray(value)) for (const item of value) nodesWith(item, key, found)
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (key in record) found.push(record)
    for (const inner of Object.values(record)) nodesWith(inner, key, found)
  }
  return found
}

/**
 * The width pdfmake gives a contents page number ("00000" in the body font: it measures that placeholder before
 * it knows the page), so contents printed with known numbers line up exactly as pdfmake's own.
 */
export type NumberWidth = (fontSize: number) => number

/**
 * The front matter of a publication laid out on its own: cover, history, disclaimer, then the contents and the
 * lists of tables and figures as tables with known page numbers (`pageOf` gives the printed page of an id, or
 * undefined while the numbers are not known yet: the page count of the front matter does not depend on them),
 * and "Page X of Y" with the publication's `pages`.
 */
export function buildFrontDefinition(
  model: PrintDocument,
  options: PdfBuildOptions,
  contents: {
    hasContents: boolean
    entries: readonly PdfContentsEntry[]
    pageOf: (id: string) => number | undefined
    pages: number
    numberWidth: NumberWidth
  },
): TDocumentDefinitions {
  const state = stateOf(model, options)
  const content = frontNodes(model, state)
  const width = contents.numberWidth(state.house.bodySize)
  contentsPagesOf(contents.hasContents, options, state).forEach(([id, title], index) => {
    // pdfmake's own toc, spelled out: a title, then rows of text and page number linked to the destination.
    const rows = contents.entries
      .filter((entry) => entry.toc === id)
      .map((entry) => {
        const margin = entry.margin ?? [0, 2, 0, 2]
        return [
          {
            text: entry.text,
            linkToDestination: entry.id,
            alignment: 'left',
            style: entry.style ?? {},
            margin,
          },
          {
            text: String(contents.pageOf(entry.id) ?? 0),
            linkToDestination: entry.id,
            alignment: 'right',
            style: {},
            margin: [0, margin[1], 0, margin[3]],
          },
        ]
      })
    content.push({
      stack: [
        { text: title, style: 'contentsTitle' },
        ...(rows.length > 0
          ? [{ table: { dontBreakRows: true, widths: ['*', width], body: rows }, layout: 'noBorders' }]
          : []),
      ],
      ...(model.cover && index === 0 ? { pageBreak: 'before' } : {}),
      ...(index > 0 ? { margin: [0, 18, 0, 0] } : {}),
    } as Content)
  })
  return frame(model, options, state, { content, ...pageFurniture(model, state, contents.pages) })
}

/**
 * The footers of a publication's body pages, laid out as pages of their own with nothing else on them, so they
 * can be drawn on the body pages (pdf-merge.ts) exactly as pdfmake draws a footer: `pages` are the body pages'
 * sizes, numbered from `first` of `total`.
 */
export function buildFootersDefinition(
  frameOfFooters: Framed,
  options: PdfBuildOptions,
  footers: { pages: ReadonlyArray<{ width: number; height: number }>; first: number; total: number },
): TDocumentDefinitions {
  const state = stateOf(frameOfFooters, options)
  const orientation = (page: { width: number; height: number }) =>
    page.width > page.height ? 'landscape' : 'portrait'
  const definition = frame(frameOfFooters, options, state, {
    content: footers.pages.map(
      (page, index) =>
        ({
          text: '',
          ...(index > 0 ? { pageBreak: 'before', pageOrientation: orientation(page) } : {}),
        }) as Content,
    ),
    // A publication's footer has no title on the left: the running header names it.
    footer: (currentPage: number) => footerNode('', state, footers.first + currentPage - 1, footers.total),
  })
  const first = footers.pages[0]
  return first ? { ...definition, pageOrientation: orientation(first) } : definition
}
