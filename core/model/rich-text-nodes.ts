/**
 * The node vocabulary of rich text: the exact node types the editor creates and the exporters print, with their
 * attributes. Anything else found in a stored, received or pasted value is reduced to this by sanitiseRichText
 * (rich-text-sanitise.ts). The full specification, for the exporters, is in docs/rich-text.md.
 */

/** Blocks: they start a new line. `image` is a block decorator (no children). */
export const BLOCK_NODE_TYPES = [
  'paragraph',
  'heading',
  'quote',
  'list',
  'listitem',
  'table',
  'tablerow',
  'tablecell',
  'image',
] as const

/** Inline nodes: they flow inside a line. `footnote` is an inline decorator (no children). */
export const INLINE_VOCABULARY = ['text', 'link', 'autolink', 'linebreak', 'tab', 'footnote'] as const

export type RichTextNodeType = 'root' | (typeof BLOCK_NODE_TYPES)[number] | (typeof INLINE_VOCABULARY)[number]

/** Headings inside a field stop at h4: the document's own title and section headings sit above them. */
export const HEADING_TAGS = ['h1', 'h2', 'h3', 'h4'] as const
export type HeadingTag = (typeof HEADING_TAGS)[number]

/**
 * Lexical's text format bits that a stored text node may carry: bold 1, italic 2, strikethrough 4, underline 8,
 * code 16, subscript 32, superscript 64. Highlight and case changes are screen-only styling and are dropped.
 */
export const TEXT_FORMAT = {
  bold: 1,
  italic: 2,
  strikethrough: 4,
  underline: 8,
  code: 16,
  subscript: 32,
  superscript: 64,
} as const
export const ALLOWED_TEXT_FORMAT_BITS = 127

export const ELEMENT_FORMATS = ['', 'left', 'start', 'center', 'right', 'end', 'justify'] as const

/** Table cell header state: 0 none, 1 row header, 2 column header, 3 both (Lexical's TableCellHeaderStates). */
export const MAX_HEADER_STATE = 3

/** An image is a project asset named by the SHA-256 of its bytes; the JSON never holds the bytes. */
export const ASSET_ID_PATTERN = /^[0-9a-f]{64}$/

export interface SerializedImage {
  type: 'image'
  version: 1
  assetId: string
  /** What the picture shows, for screen readers and the PDF's alternative text. */
  alt: string
  caption: string
  /** Source or photographer, printed after the caption. */
  credit: string
}

export interface SerializedFootnote {
  type: 'footnote'
  version: 1
  /** The footnote's own text, plain: numbering follows the order of footnotes in the document. */
  text: string
}

export const LIMITS = {
  /** Characters of one text node. */
  text: 100_000,
  alt: 1_000,
  caption: 2_000,
  credit: 500,
  footnote: 5_000,
  url: 2_048,
  linkTitle: 500,
  /** Every node of one value: far above a long chapter, low enough that a hostile file cannot exhaust memory. */
  nodes: 200_000,
  /** Characters of one value altogether. */
  characters: 5_000_000,
  indent: 10,
  /** Cells of one row and rows of one table. */
  tableColumns: 50,
  tableRows: 2_000,
  span: 50,
  listStart: 1_000_000,
} as const
