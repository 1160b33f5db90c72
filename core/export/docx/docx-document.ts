import {
  AlignmentType,
  Bookmark,
  Document,
  ExternalHyperlink,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  LevelFormat,
  LineRuleType,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  SimpleField,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
  type ISectionOptions,
  type ParagraphChild,
} from 'docx'
import { euEmblemPng, euEmblemSvg } from '../eu-emblem'
import { houseStyle, normaliseAccent, type HouseStyle, type HouseStyleId } from '../house-styles'
import {
  inlineText,
  type Block,
  type FigureBlock,
  type PrintCover,
  type HeadingBlock,
  type Inline,
  type LabelledValuesBlock,
  type PrintDocument,
  type TableBlock,
  type TableCell as PrintTableCell,
  type TextInline,
} from '../print-model'
import { exportStrings, type ExportStrings } from '../strings'

/**
 * The print model → a docx `Document`. Pure: nothing is packed or written here (see write-docx.ts), so the
 * structure can be tested without a zip.
 *
 * Everything is expressed through named Word styles (Title, Heading 1–4, Normal, Caption, List Bullet, List
 * Number, Quote, a table style), never through direct formatting alone, so a partner can restyle the whole
 * document in Word by changing a style.
 */

export type DocxPaperSize = 'A4' | 'LETTER'

export interface DocxBuildOptions {
  /** Written as the creation and modification dates (write-docx.ts): passed in, so output is reproducible. */
  now: Date
  paper?: DocxPaperSize
  /** A table of contents after the title; on by default. */
  contents?: boolean
  /** The accent colour of the title and the first two heading levels, as RRGGBB; the house style's when absent. */
  accent?: string
  style?: HouseStyleId
  /** The pictures of figures and logos, by asset id; a missing one prints as its alternative text. */
  images?: ReadonlyMap<string, DocxImage>
}

export interface DocxImage {
  data: Uint8Array
  mime: 'image/png' | 'image/jpeg'
  /** The picture's size in pixels, read from its header; it sets the proportions in the document. */
  width: number
  height: number
}

/** The id of the table style every table uses; Word lists it as "HECSOs Table". */
export const DOCX_TABLE_STYLE = 'HecsosTable'
export const DOCX_FONT = 'Calibri'

/** Page sizes and margins in twentieths of a point (twips). */
const PAPER: Record<DocxPaperSize, { width: number; height: number }> = {
  A4: { width: 11906, height: 16838 },
  LETTER: { width: 12240, height: 15840 },
}
/** Points to twips, and points to Word's half-point font sizes. */
const twips = (points: number) => Math.round(points * 20)
const halfPoints = (points: number) => Math.round(points * 2)
const GREY = '5F6368'
const HEADER_FILL = 'F1F3F4'

/** Word's spellchecker picks its dictionary by a full language tag, not a bare ISO 639-1 code. */
const WORD_LANGUAGE: Record<string, string> = {
  en: 'en-GB',
  de: 'de-DE',
  el: 'el-GR',
  it: 'it-IT',
  ro: 'ro-RO',
  es: 'es-ES',
}

export function wordLanguage(language: string): string {
  return WORD_LANGUAGE[language] ?? (language.includes('-') ? language : 'en-GB')
}

/**
 * The Word bookmark of a heading. Model ids are free-form (hyphens, any length), but Word bookmark names must be
 * at most 40 letters, digits or underscores; a leading underscore hides them from the user, as Word's own
 * `_Toc…` bookmarks are.
 */
export function bookmarkName(index: number): string {
  return `_Toc${String(index + 1).padStart(8, '0')}`
}

/** The text of a heading as printed and as listed in the contents. */
export function headingLabel(block: HeadingBlock): string {
  return block.numbering ? `${block.numbering} ${block.text}` : block.text
}

export interface ContentsEntry {
  title: string
  level: number
  /** The heading's bookmark. */
  href: string
}

/** The pre-filled entries of the contents field: every heading the model lists, in order, with its bookmark. */
export function contentsEntries(model: PrintDocument): ContentsEntry[] {
  const bookmarks = headingBookmarks(model.blocks)
  return collectHeadings(model.blocks)
    .filter((heading) => heading.inContents)
    .map((heading) => ({
      title: headingLabel(heading),
      level: heading.level,
      href: bookmarks.get(heading.id)!,
    }))
}

function collectHeadings(blocks: readonly Block[]): HeadingBlock[] {
  const found: HeadingBlock[] = []
  const visit = (block: Block) => {
    if (block.kind === 'heading') found.push(block)
    else if (block.kind === 'quote') block.blocks.forEach(visit)
    else if (block.kind === 'list') for (const item of block.items) item.blocks.forEach(visit)
    else if (block.kind === 'table')
      for (const row of block.rows) for (const cell of row) cell.blocks.forEach(visit)
  }
  blocks.forEach(visit)
  return found
}

function headingBookmarks(blocks: readonly Block[]): Map<string, string> {
  return new Map(collectHeadings(blocks).map((heading, index) => [heading.id, bookmarkName(index)]))
}

interface State {
  strings: ExportStrings
  bookmarks: Map<string, string>
  /** Each list gets its own numbering instance, or the second ordered list would go on counting from the first. */
  listInstances: number
  tables: number
  figures: number
  footnotes: Record<number, { children: Paragraph[] }>
  footnoteCount: number
  /** The first numbers of ordered lists that do not start at 1. */
  starts: Set<number>
  images: ReadonlyMap<string, DocxImage>
  /** The captions' bookmarks and texts, for the lists of tables and figures. */
  captions: { table: ContentsEntry[]; figure: ContentsEntry[] }
}

/** Paragraph styles of text inside a table: smaller than body text, headers bold. */
const TABLE_TEXT = 'TableText'
const TABLE_HEADING = 'TableHeading'

function runs(inlines: readonly Inline[], state: State): ParagraphChild[] {
  const out: ParagraphChild[] = []
  for (const inline of inlines) {
    switch (inline.kind) {
      case 'text':
        out.push(textRun(inline))
        break
      case 'link': {
        const children = inline.children.map((child) => textRun(child, 'Hyperlink'))
        if (inline.href.startsWith('#')) {
          const anchor = state.bookmarks.get(inline.href.slice(1))
          // A link to something outside this publication has nowhere to go: keep its words.
          if (anchor) out.push(new InternalHyperlink({ anchor, children }))
          else out.push(...inline.children.map((child) => textRun(child)))
        } else out.push(new ExternalHyperlink({ link: inline.href, children }))
        break
      }
      case 'lineBreak':
        out.push(new TextRun({ break: 1 }))
        break
      case 'footnote': {
        state.footnoteCount += 1
        state.footnotes[state.footnoteCount] = {
          children: [new Paragraph({ style: 'FootnoteText', children: runs(inline.content, state) })],
        }
        out.push(new FootnoteReferenceRun(state.footnoteCount))
        break
      }
    }
  }
  return out
}

function textRun(inline: TextInline, style?: string): TextRun {
  const marks = inline.marks ?? {}
  return new TextRun({
    text: inline.text,
    ...(style ? { style } : {}),
    ...(marks.bold ? { bold: true } : {}),
    ...(marks.italic ? { italics: true } : {}),
    ...(marks.underline ? { underline: {} } : {}),
    ...(marks.strikethrough ? { strike: true } : {}),
    ...(marks.superscript ? { superScript: true } : {}),
    ...(marks.subscript ? { subScript: true } : {}),
    ...(marks.code ? { font: 'Consolas' } : {}),
  })
}

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
} as const

const HEADING = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
  4: HeadingLevel.HEADING_4,
} as const

type Child = Paragraph | Table

/** Where a block sits: in a list (its depth and numbering) or in a table cell (its paragraph style). */
interface Place {
  list?: { reference: string; instance: number; level: number }
  style?: string
  /** A paragraph that continues a list item: indented like the item's text, without a number. */
  indent?: number
}

function heading(block: HeadingBlock, state: State): Paragraph {
  const id = state.bookmarks.get(block.id)
  const label = new TextRun(headingLabel(block))
  return new Paragraph({
    heading: HEADING[block.level],
    children: id ? [new Bookmark({ id, children: [label] })] : [label],
  })
}

/**
 * A caption numbered by a SEQ field, as Word's Insert Caption writes it, so Word can list tables and figures; it
 * carries a bookmark so the pre-filled lists of tables and figures link to it.
 */
function caption(
  state: State,
  kind: 'table' | 'figure',
  number: number,
  textAfter: string,
  keepNext = true,
): Paragraph {
  const label = kind === 'table' ? state.strings.table : state.strings.figure
  const sequence = kind === 'table' ? 'Table' : 'Figure'
  const anchor = `_Ref${sequence}${String(number).padStart(5, '0')}`
  const tail = textAfter ? `: ${textAfter}` : ''
  state.captions[kind].push({ title: `${label} ${number}${tail}`, level: 1, href: anchor })
  return new Paragraph({
    style: 'Caption',
    keepNext,
    children: [
      new Bookmark({
        id: anchor,
        children: [
          new TextRun(`${label} `),
          new SimpleField(`SEQ ${sequence} \\* ARABIC`, String(number)),
          new TextRun(tail),
        ],
      }),
    ],
  })
}

function columnWidths(block: TableBlock, textWidth: number): number[] {
  const shares = block.columns.map((column) => (column.kind === 'share' ? column.weight : 0))
  const known = shares.filter((share) => share > 0)
  // An `auto` column has no weight of its own: give it a typical column's share, or an equal one.
  const typical = known.length > 0 ? known.reduce((sum, share) => sum + share, 0) / known.length : 1
  const weights = shares.map((share) => (share > 0 ? share : typical * 0.6 || 1))
  const total = weights.reduce((sum, weight) => sum + weight, 0)
  return weights.map((weight) => Math.floor((weight / total) * textWidth))
}

/**
 * A row is kept on one page only when it is sure to fit on one: a row that may be taller than a page has to be
 * allowed to break. The same rule of thumb as the PDF's (about 1,200 characters in its longest cell).
 */
function rowIsShort(row: readonly PrintTableCell[]): boolean {
  const charsOf = (blocks: readonly Block[]): number =>
    blocks.reduce(
      (sum, inner) => sum + (inner.kind === 'paragraph' ? inlineText(inner.inlines).length : 400),
      0,
    )
  return row.every((cell) => charsOf(cell.blocks) < 1200)
}

function table(block: TableBlock, state: State, textWidth: number): Child[] {
  const out: Child[] = []
  if (block.caption) {
    state.tables += 1
    out.push(caption(state, 'table', state.tables, block.caption))
  }
  const widths = columnWidths(block, textWidth)
  const rows = block.rows.map((row, rowIndex) => {
    const isHeaderRow = rowIndex < block.headerRows
    let column = 0
    const cells = row.map((cell, cellIndex) => {
      const header = isHeaderRow || (block.rowHeaders === true && cellIndex === 0)
      const span = Math.max(1, cell.colSpan ?? 1)
      const width = widths.slice(column, column + span).reduce((sum, value) => sum + value, 0)
      column += span
      const content = children(cell.blocks, state, { style: header ? TABLE_HEADING : TABLE_TEXT }, textWidth)
      return new TableCell({
        // Word refuses a cell without a paragraph.
        children: content.length > 0 ? content : [new Paragraph({ style: TABLE_TEXT })],
        width: { size: width, type: WidthType.DXA },
        ...(span > 1 ? { columnSpan: span } : {}),
        ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_FILL } } : {}),
      })
    })
    // Header rows repeat on every page; a row that fits on a page is never split across two.
    return new TableRow({
      children: cells,
      ...(rowIsShort(row) ? { cantSplit: true } : {}),
      ...(isHeaderRow ? { tableHeader: true } : {}),
    })
  })
  out.push(
    new Table({
      style: DOCX_TABLE_STYLE,
      width: { size: textWidth, type: WidthType.DXA },
      columnWidths: widths,
      rows,
    }),
  )
  return out
}

function labelledValues(block: LabelledValuesBlock, state: State, textWidth: number): Table {
  const labelWidth = Math.round(textWidth * 0.32)
  return new Table({
    style: DOCX_TABLE_STYLE,
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: [labelWidth, textWidth - labelWidth],
    rows: block.entries.map(
      (entry) =>
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: labelWidth, type: WidthType.DXA },
              children: [new Paragraph({ style: TABLE_HEADING, children: [new TextRun(entry.label)] })],
            }),
            new TableCell({
              width: { size: textWidth - labelWidth, type: WidthType.DXA },
              children: [new Paragraph({ style: TABLE_TEXT, children: runs(entry.value, state) })],
            }),
          ],
        }),
    ),
  })
}

function children(blocks: readonly Block[], state: State, place: Place, textWidth: number): Child[] {
  return blocks.flatMap((block) => child(block, state, place, textWidth))
}

function child(block: Block, state: State, place: Place, textWidth: number): Child[] {
  switch (block.kind) {
    case 'heading':
      return [heading(block, state)]
    case 'paragraph': {
      const style = place.list
        ? place.list.reference === 'bullets'
          ? 'ListBullet'
          : 'ListNumber'
        : block.tone === 'note'
          ? 'Note'
          : place.style
      return [
        new Paragraph({
          children: runs(block.inlines, state),
          ...(style ? { style } : {}),
          ...(block.align ? { alignment: ALIGN[block.align] } : {}),
          ...(place.list ? { numbering: place.list } : {}),
          ...(place.indent !== undefined ? { indent: { left: place.indent } } : {}),
        }),
      ]
    }
    case 'list': {
      state.listInstances += 1
      // An ordered list that starts elsewhere than 1 needs a numbering definition of its own that starts there.
      const start = block.ordered && block.start !== undefined && block.start !== 1 ? block.start : undefined
      if (start !== undefined) state.starts.add(start)
      const reference = block.ordered
        ? start !== undefined
          ? `numbers-from-${start}`
          : 'numbers'
        : 'bullets'
      const level = place.list ? Math.min(place.list.level + 1, 8) : 0
      const list = { reference, instance: state.listInstances, level }
      return block.items.flatMap((item) =>
        item.blocks.flatMap((inner, index) =>
          // Only an item's first paragraph carries the bullet; what follows it is indented under it.
          index === 0 || inner.kind === 'list'
            ? child(inner, state, { ...place, list }, textWidth)
            : child(
                inner,
                state,
                { style: block.ordered ? 'ListNumber' : 'ListBullet', indent: listIndent(level) },
                textWidth,
              ),
        ),
      )
    }
    case 'quote':
      return children(block.blocks, state, { ...place, style: 'Quote' }, textWidth)
    case 'table':
      return table(block, state, textWidth)
    case 'figure': {
      state.figures += 1
      return [
        new Paragraph({
          style: 'Note',
          keepNext: true,
          alignment: AlignmentType.CENTER,
          children: [picture(block, state, textWidth)],
        }),
        caption(state, 'figure', state.figures, block.caption, block.credit !== ''),
        ...(block.credit ? [new Paragraph({ style: 'Note', children: [new TextRun(block.credit)] })] : []),
      ]
    }
    case 'labelledValues':
      return [labelledValues(block, state, textWidth)]
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })]
  }
}

/** Twips are 1/1440 inch; docx sizes pictures in pixels at 96 per inch. */
const TWIPS_PER_PIXEL = 15

/** A figure's picture at most the text's width and 60% of it high, its alternative text set; or the text alone. */
function picture(block: FigureBlock, state: State, textWidth: number): ImageRun | TextRun {
  const image = state.images.get(block.assetId)
  if (!image) return new TextRun({ text: block.alt || block.assetId, italics: true })
  const maxWidth = textWidth / TWIPS_PER_PIXEL
  const scale = Math.min(1, maxWidth / image.width, (maxWidth * 0.6) / image.height)
  return new ImageRun({
    type: image.mime === 'image/png' ? 'png' : 'jpg',
    data: image.data,
    transformation: { width: Math.round(image.width * scale), height: Math.round(image.height * scale) },
    altText: { name: block.caption || block.assetId, description: block.alt, title: block.caption },
  })
}

/** The cover: emblem and funding statement, logos, programme, acronym, number, title and the Erasmus+ data. */
function coverChildren(cover: PrintCover, state: State, textWidth: number): Child[] {
  const emblemHeight = 48
  const emblem = new ImageRun({
    type: 'svg',
    data: new TextEncoder().encode(euEmblemSvg(emblemHeight)),
    fallback: { type: 'png', data: euEmblemPng(emblemHeight * 2) },
    transformation: { width: emblemHeight * 1.5, height: emblemHeight },
    altText: { name: 'EU emblem', description: state.strings.coFunded, title: 'EU emblem' },
  })
  const statement = cover.funding === 'funded' ? state.strings.funded : state.strings.coFunded
  const logos = cover.logos.flatMap((logo) => {
    const image = state.images.get(logo.assetId)
    if (!image) return []
    // Never taller than the emblem (the EU's rule for logos beside it).
    const scale = Math.min(emblemHeight / image.height, 140 / image.width)
    return [
      new TextRun('  '),
      new ImageRun({
        type: image.mime === 'image/png' ? 'png' : 'jpg',
        data: image.data,
        transformation: { width: Math.round(image.width * scale), height: Math.round(image.height * scale) },
        altText: { name: logo.alt, description: logo.alt, title: logo.alt },
      }),
    ]
  })
  const out: Child[] = [
    new Paragraph({
      style: 'CoverFunding',
      children: [emblem, new TextRun(`  ${statement}`)],
    }),
  ]
  if (logos.length > 0) out.push(new Paragraph({ style: 'CoverFunding', children: logos }))
  if (cover.programme)
    out.push(new Paragraph({ style: 'CoverProgramme', children: [new TextRun(cover.programme)] }))
  if (cover.acronym)
    out.push(new Paragraph({ style: 'CoverAcronym', children: [new TextRun(cover.acronym)] }))
  if (cover.projectTitle)
    out.push(new Paragraph({ style: 'CoverProgramme', children: [new TextRun(cover.projectTitle)] }))
  if (cover.deliverableNumber)
    out.push(new Paragraph({ style: 'CoverNumber', children: [new TextRun(cover.deliverableNumber)] }))
  out.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(cover.title)] }))
  if (cover.image) {
    out.push(new Paragraph({ children: [picture(cover.image, state, textWidth * 0.7)] }))
  }
  if (cover.details.length > 0)
    out.push(labelledValues({ kind: 'labelledValues', entries: cover.details }, state, textWidth))
  return out
}

/** "Page X of Y" in the document's language, with Word's PAGE and NUMPAGES fields where the numbers go. */
function pageOfRuns(strings: ExportStrings): TextRun {
  // Two numbers that no translation contains, to find where the fields go in the translated sentence.
  const sample = strings.pageOf(900001, 900002)
  const [before = '', rest = ''] = sample.split('900001')
  const [between = '', after = ''] = rest.split('900002')
  return new TextRun({ children: [before, PageNumber.CURRENT, between, PageNumber.TOTAL_PAGES, after] })
}

function pageFurniture(model: PrintDocument, strings: ExportStrings) {
  const header = model.metadata.header ?? model.metadata.title
  return {
    headers: {
      default: new Header({
        children: [new Paragraph({ style: 'Header', children: [new TextRun(header)] })],
      }),
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({ style: 'Footer', alignment: AlignmentType.RIGHT, children: [pageOfRuns(strings)] }),
        ],
      }),
    },
  }
}

/** The cover page carries neither header nor footer: its own first-page furniture is empty. */
function emptyFirstPage() {
  return {
    headers: { first: new Header({ children: [new Paragraph({ style: 'Header' })] }) },
    footers: { first: new Footer({ children: [new Paragraph({ style: 'Footer' })] }) },
  }
}

/** Where the text of a list item at a depth starts, in twips. */
function listIndent(level: number): number {
  return 360 * (level + 1)
}

/** Nine levels, as Word defines, each indented one step further. */
function levels(ordered: boolean, start = 1): ILevelsOptions[] {
  const bullets = ['\u2022', '\u2013', '\u25E6']
  return Array.from({ length: 9 }, (_, level) => ({
    level,
    format: ordered ? LevelFormat.DECIMAL : LevelFormat.BULLET,
    text: ordered ? `%${level + 1}.` : bullets[level % bullets.length]!,
    alignment: AlignmentType.LEFT,
    // Only the list that starts elsewhere uses this definition, at whatever depth it sits.
    ...(ordered && start !== 1 ? { start } : {}),
    style: { paragraph: { indent: { left: listIndent(level), hanging: 360 } } },
  }))
}

/**
 * The table style, written as Word writes one. docx has no option for table styles, so it goes in as the document's
 * "external" styles part, which docx merges with its own defaults and the styles given in `styles`
 * (`styles.importedStyles` would instead replace docx's Title and Heading styles).
 * Light rules between rows, none between columns, a heavier rule above and below.
 */
const TABLE_STYLE_XML = `<w:style w:type="table" w:customStyle="1" w:styleId="${DOCX_TABLE_STYLE}">
<w:name w:val="HECSOs Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>
<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>
<w:tblPr><w:tblBorders>
<w:top w:val="single" w:sz="8" w:space="0" w:color="C8CCD0"/>
<w:bottom w:val="single" w:sz="8" w:space="0" w:color="C8CCD0"/>
<w:insideH w:val="single" w:sz="4" w:space="0" w:color="C8CCD0"/>
</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>
</w:style>`

function styles(language: string, accent: string, house: HouseStyle) {
  const [h1, h2, h3, h4] = house.headings.map(halfPoints) as [number, number, number, number]
  const heading = (size: number, color: string | undefined, before: number, italics = false) => ({
    run: {
      font: DOCX_FONT,
      size,
      bold: true,
      ...(italics ? { italics: true } : {}),
      ...(color ? { color } : {}),
    },
    paragraph: { spacing: { before, after: 120 }, keepNext: true, keepLines: true },
  })
  return {
    default: {
      // The language on the defaults: every run inherits it, so Word spellchecks Greek text as Greek.
      document: {
        run: { font: DOCX_FONT, size: halfPoints(house.bodySize + 0.5), language: { value: language } },
        paragraph: {
          // The rule is spelled out: LibreOffice reads a line height without one as exact, and clips pictures.
          spacing: {
            after: twips(house.paragraphSpace),
            line: Math.round(240 * house.lineHeight * 0.92),
            lineRule: LineRuleType.AUTO,
          },
        },
      },
      title: {
        run: { font: DOCX_FONT, size: 44, bold: true, color: accent },
        paragraph: { spacing: { after: 160 } },
      },
      heading1: heading(h1, accent, 360),
      heading2: heading(h2, accent, 280),
      heading3: heading(h3, undefined, 200),
      heading4: heading(h4, undefined, 160, true),
      caption: {
        run: { size: 18, italics: true, color: GREY },
        paragraph: { spacing: { before: 120, after: 80 } },
      },
    },
    paragraphStyles: [
      { id: 'Normal', name: 'Normal', quickFormat: true },
      {
        id: 'Subtitle',
        name: 'Subtitle',
        basedOn: 'Normal',
        run: { size: 24, color: GREY },
        paragraph: { spacing: { after: 360 } },
      },
      {
        id: 'TOCHeading',
        name: 'TOC Heading',
        basedOn: 'Normal',
        next: 'Normal',
        run: { size: 28, bold: true, color: accent },
      },
      {
        id: 'ListBullet',
        name: 'List Bullet',
        basedOn: 'Normal',
        quickFormat: true,
        paragraph: { spacing: { after: 60 } },
      },
      {
        id: 'ListNumber',
        name: 'List Number',
        basedOn: 'Normal',
        quickFormat: true,
        paragraph: { spacing: { after: 60 } },
      },
      {
        id: 'Quote',
        name: 'Quote',
        basedOn: 'Normal',
        quickFormat: true,
        run: { italics: true },
        paragraph: { indent: { left: 567 } },
      },
      { id: 'Note', name: 'Note', basedOn: 'Normal', run: { size: 17, color: GREY } },
      {
        id: TABLE_TEXT,
        name: 'Table Text',
        basedOn: 'Normal',
        run: { size: 19 },
        paragraph: { spacing: { after: 0 } },
      },
      { id: TABLE_HEADING, name: 'Table Heading', basedOn: TABLE_TEXT, run: { bold: true } },
      { id: 'Header', name: 'header', basedOn: 'Normal', run: { size: 16, color: GREY } },
      {
        id: 'CoverFunding',
        name: 'Cover Funding',
        basedOn: 'Normal',
        run: { size: 18, bold: true },
        paragraph: { spacing: { after: 480 } },
      },
      { id: 'CoverProgramme', name: 'Cover Programme', basedOn: 'Normal', run: { size: 20, color: GREY } },
      {
        id: 'CoverAcronym',
        name: 'Cover Acronym',
        basedOn: 'Normal',
        run: { size: 60, bold: true, color: accent },
      },
      {
        id: 'CoverNumber',
        name: 'Cover Number',
        basedOn: 'Normal',
        run: { size: 28, bold: true, color: accent },
        paragraph: { spacing: { before: 480, after: 60 } },
      },
      { id: 'Disclaimer', name: 'Disclaimer', basedOn: 'Normal', run: { size: 17, color: GREY } },
      { id: 'Footer', name: 'footer', basedOn: 'Normal', run: { size: 16, color: GREY } },
    ],
    // docx writes the contents' entries with this character style; defined, so the reference does not dangle.
    characterStyles: [{ id: 'IndexLink', name: 'Index Link' }],
  }
}

/** Runs of blocks that share a page orientation: a wide table (with its headings) gets landscape pages. */
function sectionsOf(blocks: readonly Block[]): Array<{ wide: boolean; blocks: Block[] }> {
  const out: Array<{ wide: boolean; blocks: Block[] }> = []
  let pending: Block[] = []
  const push = (wide: boolean, run: Block[]) => {
    const last = out.at(-1)
    if (last && last.wide === wide) last.blocks.push(...run)
    else if (run.length > 0) out.push({ wide, blocks: run })
  }
  for (const block of blocks) {
    if (block.kind === 'table' && block.wide === true) {
      // Headings right before the table go with it, so no heading is stranded at the end of a portrait page.
      let split = pending.length
      while (split > 0 && pending[split - 1]!.kind === 'heading') split -= 1
      push(false, pending.slice(0, split))
      push(true, [...pending.slice(split), block])
      pending = []
    } else pending.push(block)
  }
  push(false, pending)
  return out
}

/** The docx Document of a print model. */
export function buildDocxDocument(model: PrintDocument, options: DocxBuildOptions): Document {
  const strings = exportStrings(model.metadata.language)
  const house = houseStyle(options.style)
  const accent = normaliseAccent(options.accent) ?? house.accent
  const paper = PAPER[options.paper ?? 'A4']
  const [left, top, right, bottom] = house.margins.map(twips) as [number, number, number, number]
  const state: State = {
    strings,
    bookmarks: headingBookmarks([...(model.front ?? []), ...model.blocks]),
    listInstances: 0,
    tables: 0,
    figures: 0,
    footnotes: {},
    footnoteCount: 0,
    starts: new Set(),
    images: options.images ?? new Map(),
    captions: { table: [], figure: [] },
  }
  const { metadata } = model
  const portraitWidth = paper.width - left - right
  // The body first: the lists of tables and figures are filled from the captions it numbers.
  const runs = sectionsOf(model.blocks).map((run) => ({
    wide: run.wide,
    body: children(run.blocks, state, {}, (run.wide ? paper.height : paper.width) - left - right),
  }))
  const front: Child[] = []
  if (model.cover) {
    front.push(...coverChildren(model.cover, state, portraitWidth))
    front.push(new Paragraph({ children: [new PageBreak()] }))
    front.push(...children(model.front ?? [], state, {}, portraitWidth))
    front.push(new Paragraph({ style: 'Disclaimer', children: [new TextRun(model.cover.disclaimer)] }))
    front.push(new Paragraph({ children: [new PageBreak()] }))
  } else {
    front.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(metadata.title)] }))
    if (metadata.authors.length > 0)
      front.push(new Paragraph({ style: 'Subtitle', children: [new TextRun(metadata.authors.join(', '))] }))
    front.push(...children(model.front ?? [], state, {}, portraitWidth))
  }
  const entries = contentsEntries(model)
  const wantLists = options.contents ?? true
  const lists: Array<[string, ContentsEntry[], Record<string, string>]> = []
  if (wantLists && entries.length > 0) lists.push([strings.contents, entries, { headingStyleRange: '1-4' }])
  if (wantLists && model.lists?.tables && state.captions.table.length > 0)
    lists.push([strings.listOfTables, state.captions.table, { captionLabelIncludingNumbers: 'Table' }])
  if (wantLists && model.lists?.figures && state.captions.figure.length > 0)
    lists.push([strings.listOfFigures, state.captions.figure, { captionLabelIncludingNumbers: 'Figure' }])
  const contents: Array<Child | TableOfContents> = lists.flatMap(([title, cached, switches]) => [
    new Paragraph({ style: 'TOCHeading', children: [new TextRun(title)] }),
    // Pre-filled, so the contents read right before Word updates the field (and in readers that never do);
    // Word adds the page numbers when it updates fields on open.
    new TableOfContents(title, { hyperlink: true, ...switches, cachedEntries: cached }),
  ])
  if (contents.length > 0) contents.push(new Paragraph({ children: [new PageBreak()] }))
  const furniture = pageFurniture(model, strings)
  const sections: ISectionOptions[] = runs.map((run, index) => {
    const first = index === 0 && model.cover !== undefined
    return {
      properties: {
        ...(first ? { titlePage: true } : {}),
        page: {
          // docx swaps width and height itself for a landscape page.
          size: {
            width: paper.width,
            height: paper.height,
            orientation: run.wide ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
          },
          margin: { top, bottom, left, right, header: 567, footer: 567 },
        },
      },
      headers: { ...furniture.headers, ...(first ? emptyFirstPage().headers : {}) },
      footers: { ...furniture.footers, ...(first ? emptyFirstPage().footers : {}) },
      children: index === 0 ? [...front, ...contents, ...run.body] : run.body,
    }
  })
  if (sections.length === 0)
    sections.push({
      properties: model.cover ? { titlePage: true } : {},
      headers: { ...furniture.headers, ...(model.cover ? emptyFirstPage().headers : {}) },
      footers: { ...furniture.footers, ...(model.cover ? emptyFirstPage().footers : {}) },
      children: [...front, ...contents],
    })
  return new Document({
    title: metadata.title,
    creator: metadata.authors.join(', '),
    lastModifiedBy: 'HECSOs Studio',
    ...(metadata.subject ? { subject: metadata.subject } : {}),
    ...(metadata.keywords && metadata.keywords.length > 0 ? { keywords: metadata.keywords.join(', ') } : {}),
    // Word fills the contents' page numbers when it opens the file (it asks first).
    features: { updateFields: true },
    externalStyles: `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${TABLE_STYLE_XML}</w:styles>`,
    styles: styles(wordLanguage(metadata.language), accent, house),
    numbering: {
      config: [
        { reference: 'bullets', levels: levels(false) },
        { reference: 'numbers', levels: levels(true) },
        ...[...state.starts].map((start) => ({
          reference: `numbers-from-${start}`,
          levels: levels(true, start),
        })),
      ],
    },
    footnotes: state.footnotes,
    sections,
  })
}

const escapeXml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * docProps/core.xml: docx stamps it with the clock and has no language field, so the writer puts this one in its
 * place, with the dates given and the document's language.
 */
export function coreProperties(model: PrintDocument, now: Date): string {
  const { metadata } = model
  const date = now.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const element = (name: string, value: string | undefined) =>
    value ? `<${name}>${escapeXml(value)}</${name}>` : ''
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    element('dc:title', metadata.title) +
    element('dc:subject', metadata.subject) +
    element('dc:creator', metadata.authors.join(', ')) +
    element('cp:keywords', metadata.keywords?.join(', ')) +
    element('dc:language', wordLanguage(metadata.language)) +
    element('cp:lastModifiedBy', 'HECSOs Studio') +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified>` +
    '</cp:coreProperties>'
  )
}
