import type { EditorThemeClasses, Klass, LexicalNode } from 'lexical'
import { HeadingNode, QuoteNode } from '@lexical/rich-text'
import { ListItemNode, ListNode } from '@lexical/list'
import { AutoLinkNode, LinkNode } from '@lexical/link'
import { TableCellNode, TableNode, TableRowNode } from '@lexical/table'
import {
  BOLD_STAR,
  HEADING,
  ITALIC_STAR,
  ORDERED_LIST,
  QUOTE,
  UNORDERED_LIST,
  type ElementTransformer,
  type Transformer,
} from '@lexical/markdown'
import { FootnoteNode } from './nodes/FootnoteNode'
import { ImageNode } from './nodes/ImageNode'

/** The editor's side of the vocabulary in core/model/rich-text-nodes.ts: one Lexical class per stored type. */
export const RICH_TEXT_NODES: ReadonlyArray<Klass<LexicalNode>> = [
  HeadingNode,
  QuoteNode,
  ListNode,
  ListItemNode,
  LinkNode,
  AutoLinkNode,
  TableNode,
  TableRowNode,
  TableCellNode,
  ImageNode,
  FootnoteNode,
]

export const RICH_TEXT_THEME: EditorThemeClasses = {
  paragraph: 'rt-paragraph',
  quote: 'rt-quote',
  heading: { h1: 'rt-h1', h2: 'rt-h2', h3: 'rt-h3', h4: 'rt-h4' },
  list: {
    ul: 'rt-ul',
    ol: 'rt-ol',
    listitem: 'rt-li',
    nested: { listitem: 'rt-li-nested' },
  },
  link: 'rt-link',
  table: 'rt-table',
  tableRow: 'rt-tr',
  tableCell: 'rt-td',
  tableCellHeader: 'rt-th',
  tableSelection: 'rt-table-selection',
  tableCellSelected: 'rt-cell-selected',
  image: 'rt-image',
  footnote: 'rt-footnote',
  text: {
    bold: 'rt-bold',
    italic: 'rt-italic',
    underline: 'rt-underline',
    strikethrough: 'rt-strike',
    code: 'rt-code',
    subscript: 'rt-sub',
    superscript: 'rt-sup',
  },
}

/** `#` to `####` only: deeper headings do not exist inside a field. */
const HEADING_1_TO_4: ElementTransformer = { ...HEADING, regExp: /^(#{1,4})\s/ }

/**
 * The markdown shortcuts typed at the start of a line (`# `, `- `, `1. `, `> `) and `**bold**` / `*italic*`.
 * Deliberately short: no markdown links or images (a typed URL would bypass the link box) and no code blocks.
 */
export const MARKDOWN_SHORTCUTS: Transformer[] = [
  HEADING_1_TO_4,
  QUOTE,
  UNORDERED_LIST,
  ORDERED_LIST,
  BOLD_STAR,
  ITALIC_STAR,
]
