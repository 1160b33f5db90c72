import type { Content, ContentTable, CustomTableLayout, TDocumentDefinitions } from 'pdfmake/interfaces'
import {
  inlineText,
  type Block,
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
  /** The accent colour of headings and rules. */
  accent?: string
}

/** The font family name write-pdf.ts registers (pdfmake's bundled Roboto). */
export const PDF_FONT = 'Roboto'
export const TOC_ID = 'contents'

/**
 * Space kept free under a heading: when less than this is left on the page, the heading moves to the next one
 * with its content. About three lines of body text.
 */
export const KEEP_WITH_NEXT_SPACE = 42

const MARGINS: [number, number, number, number] = [56, 56, 56, 64]
const BODY_SIZE = 10
const GREY = '#5f6368'
const RULE = '#c8ccd0'

interface State {
  strings: ExportStrings
  options: PdfBuildOptions
  accent: string
  tables: number
  figures: number
  notes: TextInline[][]
  images: Record<string, string>
  /** The id of the last heading at each level, so bookmarks nest like the headings. */
  outlineParents: Array<string | undefined>
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
      case 'footnote':
        state.notes.push(inline.content)
        nodes.push({ text: String(state.notes.length), sup: true } as Content)
        break
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
    nodes.push({ text: `${state.strings.table} ${state.tables}: ${block.caption}`, style: 'caption' })
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
  const width = PAPER_WIDTH[paper] - MARGINS[0] - MARGINS[2]
  const picture: Content = image
    ? (() => {
        const key = `asset-${block.assetId}`
        state.images[key] = `data:${image.mime};base64,${toBase64(image.data)}`
        return {
          image: key,
          fit: [width, (PAPER_HEIGHT[paper] - MARGINS[1] - MARGINS[3]) * 0.6],
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
      { text: caption, style: 'caption' },
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

/** The pdfmake document definition of a print model. */
export function buildPdfDefinition(model: PrintDocument, options: PdfBuildOptions): TDocumentDefinitions {
  const strings = exportStrings(model.metadata.language)
  const accent = options.accent ?? '#1f4e79'
  const state: State = {
    strings,
    options,
    accent,
    tables: 0,
    figures: 0,
    notes: [],
    images: {},
    outlineParents: [],
  }
  const { metadata } = model
  const front: Content[] = [{ text: metadata.title, style: 'title' }]
  if (metadata.authors.length > 0) front.push({ text: metadata.authors.join(', '), style: 'authors' })
  const hasContents =
    (options.contents ?? true) && model.blocks.some((block) => block.kind === 'heading' && block.inContents)
  if (hasContents)
    front.push({
      toc: {
        id: TOC_ID,
        title: { text: strings.contents, style: 'contentsTitle' },
        textMargin: [0, 2, 0, 2],
      },
    } as Content)
  const body = keepWithNext(units(model.blocks, state))
  // Notes are collected while the body is built, so they are appended after it.
  if (state.notes.length > 0) {
    body.push({ text: strings.notes, style: 'h2', margin: [0, 16, 0, 6] })
    body.push({
      ol: state.notes.map((note) => ({ text: inlineNodes(note, state) })),
      style: 'note',
    } as Content)
  }
  const firstBody = body[0]
  const content: Content[] =
    hasContents && firstBody
      ? [...front, { stack: [firstBody], pageBreak: 'before' } as Content, ...body.slice(1)]
      : [...front, ...body]
  return {
    pageSize: options.paper ?? 'A4',
    pageMargins: MARGINS,
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
    content,
    images: state.images,
    footer: (currentPage: number, pageCount: number) => ({
      columns: [
        { text: metadata.title, color: GREY, fontSize: 8, width: '*' },
        {
          text: strings.pageOf(currentPage, pageCount),
          color: GREY,
          fontSize: 8,
          alignment: 'right',
          width: 'auto',
        },
      ],
      columnGap: 12,
      margin: [MARGINS[0], 24, MARGINS[2], 0],
    }),
    defaultStyle: { font: PDF_FONT, fontSize: BODY_SIZE, lineHeight: 1.25 },
    styles: {
      title: { fontSize: 22, bold: true, color: accent, margin: [0, 0, 0, 8] },
      authors: { fontSize: 11, color: GREY, margin: [0, 0, 0, 24] },
      contentsTitle: { fontSize: 14, bold: true, color: accent, margin: [0, 8, 0, 8] },
      h1: { fontSize: 16, bold: true, color: accent, margin: [0, 18, 0, 8] },
      h2: { fontSize: 13, bold: true, color: accent, margin: [0, 14, 0, 6] },
      h3: { fontSize: 11.5, bold: true, margin: [0, 10, 0, 4] },
      h4: { fontSize: 10.5, bold: true, italics: true, margin: [0, 8, 0, 3] },
      paragraph: { margin: [0, 0, 0, 6] },
      list: { margin: [0, 0, 0, 6] },
      table: { margin: [0, 2, 0, 10], fontSize: 9.5 },
      caption: { fontSize: 9, italics: true, color: GREY, margin: [0, 4, 0, 4] },
      credit: { fontSize: 8, color: GREY },
      note: { fontSize: 8.5, color: GREY },
    },
  }
}
