import { INLINE_NODE_TYPES, type RichText, type SerializedNode } from '../model'
import {
  inlineText,
  type Block,
  type FigureBlock,
  type TableBlock,
  type TableCell,
  type HeadingLevel,
  type Inline,
  type ListBlock,
  type Marks,
  type ParagraphBlock,
  type TextInline,
} from './print-model'

/**
 * Lexical's serialized JSON straight to print blocks, with no editor and no DOM: exports run in workers and in
 * the CLI. Reading is tolerant, because a document may come from a newer app or a hand-edited file: a node this
 * code does not know prints as its text, never as nothing and never as an error.
 */

// Lexical's TextNode format bits (lexical/LexicalConstants); they are part of the serialized format.
const IS_BOLD = 1
const IS_ITALIC = 1 << 1
const IS_STRIKETHROUGH = 1 << 2
const IS_UNDERLINE = 1 << 3
const IS_CODE = 1 << 4
const IS_SUBSCRIPT = 1 << 5
const IS_SUPERSCRIPT = 1 << 6

/** Only these leave the document when clicked; anything else (javascript:, data:, file:) prints as plain text. */
const SAFE_LINK = /^(https?:\/\/|mailto:)\S+$/i

export interface RichTextContext {
  /** The level a rich-text h1 gets: one below the heading of the field it sits in. Deeper levels stop at 4. */
  headingLevel: HeadingLevel
  /** Ids for headings, unique within the publication. */
  newId: () => string
}

export function marksOf(format: unknown): Marks | undefined {
  if (typeof format !== 'number' || format === 0) return undefined
  const marks: Marks = {}
  if (format & IS_BOLD) marks.bold = true
  if (format & IS_ITALIC) marks.italic = true
  if (format & IS_STRIKETHROUGH) marks.strikethrough = true
  if (format & IS_UNDERLINE) marks.underline = true
  if (format & IS_CODE) marks.code = true
  if (format & IS_SUBSCRIPT) marks.subscript = true
  if (format & IS_SUPERSCRIPT) marks.superscript = true
  return Object.keys(marks).length > 0 ? marks : undefined
}

function textRun(value: string, format: unknown): TextInline {
  const marks = marksOf(format)
  return marks ? { kind: 'text', text: value, marks } : { kind: 'text', text: value }
}

function isInline(node: SerializedNode): boolean {
  return INLINE_NODE_TYPES.has(node.type) || (node.children === undefined && typeof node.text === 'string')
}

function inlinesOf(node: SerializedNode): Inline[] {
  switch (node.type) {
    case 'footnote': {
      const note = typeof node.text === 'string' ? node.text.trim() : ''
      return note === '' ? [] : [{ kind: 'footnote', content: [{ kind: 'text', text: note }] }]
    }
    case 'linebreak':
      return [{ kind: 'lineBreak' }]
    case 'tab':
      // A tab has no column stops in print; a wide space keeps the words apart without reflowing them oddly.
      return [{ kind: 'text', text: '\u2003' }]
    case 'link':
    case 'autolink': {
      const children = (node.children ?? []).flatMap(inlinesOf)
      const runs = children.filter((child): child is TextInline => child.kind === 'text')
      const url = typeof node.url === 'string' ? node.url.trim() : ''
      return SAFE_LINK.test(url) && runs.length > 0 ? [{ kind: 'link', href: url, children: runs }] : children
    }
    default:
      if (typeof node.text === 'string') return node.text === '' ? [] : [textRun(node.text, node.format)]
      return (node.children ?? []).flatMap(inlinesOf)
  }
}

function alignOf(node: SerializedNode): ParagraphBlock['align'] {
  return node.format === 'center' || node.format === 'right' || node.format === 'justify'
    ? node.format
    : undefined
}

function paragraphOf(inlines: Inline[], align?: ParagraphBlock['align']): ParagraphBlock {
  return align ? { kind: 'paragraph', inlines, align } : { kind: 'paragraph', inlines }
}

/** Converts a node's children: runs of inline nodes become paragraphs, block nodes convert on their own. */
function blocksOfChildren(children: readonly SerializedNode[], context: RichTextContext): Block[] {
  const blocks: Block[] = []
  let run: Inline[] = []
  const flush = () => {
    if (run.length > 0) blocks.push(paragraphOf(run))
    run = []
  }
  for (const child of children) {
    if (isInline(child)) run.push(...inlinesOf(child))
    else {
      flush()
      blocks.push(...blocksOf(child, context))
    }
  }
  flush()
  return blocks
}

function listOf(node: SerializedNode, context: RichTextContext): ListBlock {
  const list: ListBlock = { kind: 'list', ordered: node.listType === 'number', items: [] }
  if (list.ordered && typeof node.start === 'number' && node.start !== 1) list.start = node.start
  for (const item of node.children ?? []) {
    const children = item.children ?? []
    const previous = list.items[list.items.length - 1]
    // Lexical nests a sub-list in an item of its own right after its parent item; print it inside that parent.
    if (previous && children.length > 0 && children.every((child) => child.type === 'list')) {
      for (const nested of children) previous.blocks.push(listOf(nested, context))
      continue
    }
    const blocks = blocksOfChildren(children, context)
    list.items.push({ blocks: blocks.length > 0 ? blocks : [paragraphOf([])] })
  }
  return list
}

function blocksOf(node: SerializedNode, context: RichTextContext): Block[] {
  switch (node.type) {
    case 'paragraph':
      return [paragraphOf((node.children ?? []).flatMap(inlinesOf), alignOf(node))]
    case 'heading': {
      const depth = typeof node.tag === 'string' ? Number(node.tag.slice(1)) || 1 : 1
      const level = Math.min(4, context.headingLevel + depth - 1) as HeadingLevel
      // Headings are plain strings in the print model: they also feed the contents and the bookmarks.
      const headingText = inlineText((node.children ?? []).flatMap(inlinesOf))
        .replace(/\s+/gu, ' ')
        .trim()
      if (headingText === '') return []
      return [
        { kind: 'heading', level, numbering: '', text: headingText, id: context.newId(), inContents: false },
      ]
    }
    case 'list':
      return [listOf(node, context)]
    case 'quote':
      return [{ kind: 'quote', blocks: blocksOfChildren(node.children ?? [], context) }]
    case 'code':
      return [paragraphOf((node.children ?? []).flatMap(inlinesOf).map(asCode))]
    case 'horizontalrule':
      return []
    case 'image':
      return typeof node.assetId === 'string' ? [figureOf(node)] : []
    case 'table':
      return tableOf(node, context)
    default:
      return blocksOfChildren(node.children ?? [], context)
  }
}

const stringOf = (value: unknown) => (typeof value === 'string' ? value.trim() : '')

function figureOf(node: SerializedNode): FigureBlock {
  return {
    kind: 'figure',
    assetId: String(node.assetId),
    caption: stringOf(node.caption),
    alt: stringOf(node.alt),
    credit: stringOf(node.credit),
  }
}

// Lexical's TableCellHeaderStates: a cell of a header row has bit 1, a cell of a header column bit 2.
const HEADER_ROW = 1
const HEADER_COLUMN = 2

const spanOf = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value > 1 ? Math.min(value, 50) : 1

/**
 * A @lexical/table table. Leading rows whose cells are all row headers repeat on every page; a first column of
 * column headers prints like a matrix's labels. The print model has no row spans: the places a cell spans into
 * below it are left as empty cells, so every column stays in line.
 */
function tableOf(node: SerializedNode, context: RichTextContext): Block[] {
  const rows: TableCell[][] = []
  const headerFlags: boolean[][] = []
  // For each column, how many more rows a cell above still covers, and that cell's header state.
  const covered: number[] = []
  const coveredState: number[] = []
  // Whether each row's first column is a column header (a matrix's row labels).
  const labelled: boolean[] = []
  for (const row of node.children ?? []) {
    if (row.type !== 'tablerow') continue
    const cells: TableCell[] = []
    const flags: boolean[] = []
    const states: number[] = []
    let column = 0
    const fillCovered = () => {
      while ((covered[column] ?? 0) > 0) {
        covered[column]! -= 1
        cells.push({ blocks: [] })
        flags.push(true)
        states.push(coveredState[column] ?? 0)
        column += 1
      }
    }
    for (const cell of row.children ?? []) {
      if (cell.type !== 'tablecell') continue
      fillCovered()
      const colSpan = spanOf(cell.colSpan)
      const rowSpan = spanOf(cell.rowSpan)
      const header = typeof cell.headerState === 'number' ? cell.headerState : 0
      cells.push({
        blocks: blocksOfChildren(cell.children ?? [], context).filter((block) => !isEmptyParagraph(block)),
        ...(colSpan > 1 ? { colSpan } : {}),
      })
      flags.push((header & HEADER_ROW) !== 0)
      states.push(header)
      for (let spanned = 0; spanned < colSpan; spanned++) {
        covered[column + spanned] = rowSpan - 1
        coveredState[column + spanned] = header
      }
      column += colSpan
    }
    fillCovered()
    if (cells.length > 0) {
      rows.push(cells)
      headerFlags.push(flags)
      labelled.push(((states[0] ?? 0) & HEADER_COLUMN) !== 0)
    }
  }
  if (rows.length === 0) return []
  const width = Math.max(...rows.map((row) => row.reduce((sum, cell) => sum + (cell.colSpan ?? 1), 0)))
  // A short row (a hand-edited file) is padded, so every format gets a rectangular table.
  for (const row of rows) {
    const missing = width - row.reduce((sum, cell) => sum + (cell.colSpan ?? 1), 0)
    for (let index = 0; index < missing; index++) row.push({ blocks: [] })
  }
  let headerRows = 0
  while (headerRows < rows.length - 1 && headerFlags[headerRows]!.every(Boolean)) headerRows += 1
  const rowHeaders = labelled.length > headerRows && labelled.slice(headerRows).every(Boolean)
  const table: TableBlock = {
    kind: 'table',
    headerRows,
    columns: Array.from({ length: width }, () => ({ kind: 'share' as const, weight: 1 })),
    rows,
    ...(width > 5 ? { wide: true } : {}),
    ...(rowHeaders ? { rowHeaders: true } : {}),
  }
  return [table]
}

function asCode(inline: Inline): Inline {
  return inline.kind === 'text' ? { ...inline, marks: { ...inline.marks, code: true } } : inline
}

/** True when the paragraph prints nothing; the empty paragraph of a fresh editor is one. */
function isEmptyParagraph(block: Block): boolean {
  return (
    block.kind === 'paragraph' &&
    block.inlines.every((inline) => inline.kind === 'text' && inline.text.trim() === '')
  )
}

/** The print blocks of a rich-text value; leading and trailing empty paragraphs are dropped. */
export function richTextToBlocks(value: RichText, context: RichTextContext): Block[] {
  const blocks = blocksOfChildren(value.root.children ?? [], context)
  while (blocks.length > 0 && isEmptyParagraph(blocks[0]!)) blocks.shift()
  while (blocks.length > 0 && isEmptyParagraph(blocks[blocks.length - 1]!)) blocks.pop()
  return blocks
}
