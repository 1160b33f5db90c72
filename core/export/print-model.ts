/**
 * The print model: one neutral description of a printed publication that every exporter (PDF today, DOCX
 * next) renders. Documents, rich text and derived tables are turned into it once, so the two formats cannot
 * drift apart in what they print, only in how. Pure data: no DOM, no pdfmake, no docx types.
 */

/** Character formatting; absent means off. */
export interface Marks {
  bold?: boolean
  italic?: boolean
  underline?: boolean
  strikethrough?: boolean
  code?: boolean
  subscript?: boolean
  superscript?: boolean
}

export interface TextInline {
  kind: 'text'
  text: string
  marks?: Marks
}

/** A link: `href` is a web or mail address, or `#<block id>` for a link inside the publication. */
export interface LinkInline {
  kind: 'link'
  href: string
  children: TextInline[]
}

export interface LineBreakInline {
  kind: 'lineBreak'
}

/** A note printed away from the text (at the end of the document); the mark is numbered by the exporter. */
export interface FootnoteInline {
  kind: 'footnote'
  content: TextInline[]
}

export type Inline = TextInline | LinkInline | LineBreakInline | FootnoteInline

export type HeadingLevel = 1 | 2 | 3 | 4

export interface HeadingBlock {
  kind: 'heading'
  level: HeadingLevel
  /** "1.2" for numbered sections; '' for unnumbered headings (group items, rich-text headings). */
  numbering: string
  text: string
  /** Unique within the publication: the target of internal links, contents entries and bookmarks. */
  id: string
  /** Listed in the table of contents (and the bookmarks). */
  inContents: boolean
}

export interface ParagraphBlock {
  kind: 'paragraph'
  inlines: Inline[]
  align?: 'left' | 'center' | 'right' | 'justify'
  /** A smaller, quieter paragraph: captions, credits, notes under a table. */
  tone?: 'note'
}

export interface ListItem {
  /** Usually one paragraph; a nested list follows it as a further block. */
  blocks: Block[]
}

export interface ListBlock {
  kind: 'list'
  ordered: boolean
  /** The first number of an ordered list. */
  start?: number
  items: ListItem[]
}

export interface QuoteBlock {
  kind: 'quote'
  blocks: Block[]
}

export interface TableCell {
  blocks: Block[]
  colSpan?: number
}

/** How wide a column wants to be: as wide as its content, a share of what is left, or a fraction of the page. */
export type ColumnWidth = { kind: 'auto' } | { kind: 'share'; weight: number }

export interface TableBlock {
  kind: 'table'
  /** The first `headerRows` rows are headers, repeated at the top of every page the table runs over. */
  headerRows: number
  columns: ColumnWidth[]
  rows: TableCell[][]
  /** A caption printed above the table and listed as "Table n". */
  caption?: string
  /** Many columns: printed on landscape pages where the format can. */
  wide?: boolean
  /** The first column labels each row (a matrix): printed like a header. */
  rowHeaders?: boolean
}

export interface FigureBlock {
  kind: 'figure'
  /** The project asset holding the picture; the writer is given the bytes. */
  assetId: string
  caption: string
  alt: string
  credit: string
}

export interface LabelledValue {
  label: string
  value: Inline[]
}

/** Short fields in a row, printed as a compact two-column table of label and value. */
export interface LabelledValuesBlock {
  kind: 'labelledValues'
  entries: LabelledValue[]
}

/** A hint that what follows should start a new page (before a document in a publication). */
export interface PageBreakBlock {
  kind: 'pageBreak'
}

export type Block =
  | HeadingBlock
  | ParagraphBlock
  | ListBlock
  | QuoteBlock
  | TableBlock
  | FigureBlock
  | LabelledValuesBlock
  | PageBreakBlock

export interface PrintMetadata {
  title: string
  /** The running header of every page after the cover ("HECSOs · D3.2 Competency framework"); the title when absent. */
  header?: string
  /** BCP 47 / ISO 639-1 language of the text, e.g. "el"; also chooses the export strings. */
  language: string
  authors: string[]
  subject?: string
  keywords?: string[]
}

/** A picture from the project's assets: a partner's logo on the cover. */
export interface PrintLogo {
  assetId: string
  alt: string
}

/**
 * The cover of an Erasmus+ publication. The exporters lay it out (the EU emblem is drawn, not an image file);
 * the words are already in the publication's language.
 */
export interface PrintCover {
  /** "Erasmus+ · KA220-HED …" above the title. */
  programme: string
  /** The project acronym, set large. */
  acronym: string
  projectTitle: string
  /** "D3.2" */
  deliverableNumber: string
  title: string
  /** The Erasmus+ data (project number, work package, lead partner, authors, version, date, level, licence). */
  details: LabelledValue[]
  funding: 'co-funded' | 'funded'
  logos: PrintLogo[]
  /** The standard disclaimer with the granting authority filled in, printed on the back of the cover. */
  disclaimer: string
  /** An optional picture for the cover page. */
  image?: FigureBlock
}

export interface PrintDocument {
  metadata: PrintMetadata
  /** A publication's cover (the deliverable); a single document has a plain title block instead. */
  cover?: PrintCover
  /** Printed after the cover and before the contents: the document history. */
  front?: Block[]
  /** Lists of the numbered tables and figures after the contents, each only when there is one to list. */
  lists?: { tables: boolean; figures: boolean }
  blocks: Block[]
}

/** A run of plain text, for builders. */
export function text(value: string, marks?: Marks): TextInline {
  return marks ? { kind: 'text', text: value, marks } : { kind: 'text', text: value }
}

export function paragraph(inlines: Inline[] | string): ParagraphBlock {
  return { kind: 'paragraph', inlines: typeof inlines === 'string' ? [text(inlines)] : inlines }
}

/** The plain text of inlines, for contents entries, bookmarks and tests. */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines
    .map((inline) => {
      switch (inline.kind) {
        case 'text':
          return inline.text
        case 'link':
          return inline.children.map((child) => child.text).join('')
        case 'lineBreak':
          return '\n'
        case 'footnote':
          return ''
      }
    })
    .join('')
}

/** The plain text of blocks, one line per paragraph-like block; for tests and search. */
export function blockText(blocks: readonly Block[]): string {
  const lines: string[] = []
  const visit = (block: Block) => {
    switch (block.kind) {
      case 'heading':
        lines.push(block.numbering ? `${block.numbering} ${block.text}` : block.text)
        break
      case 'paragraph':
        lines.push(inlineText(block.inlines))
        break
      case 'list':
        for (const item of block.items) item.blocks.forEach(visit)
        break
      case 'quote':
        block.blocks.forEach(visit)
        break
      case 'table':
        if (block.caption) lines.push(block.caption)
        for (const row of block.rows) for (const cell of row) cell.blocks.forEach(visit)
        break
      case 'figure':
        lines.push(block.caption)
        break
      case 'labelledValues':
        for (const entry of block.entries) lines.push(`${entry.label}: ${inlineText(entry.value)}`)
        break
      case 'pageBreak':
        break
    }
  }
  blocks.forEach(visit)
  return lines.join('\n')
}
