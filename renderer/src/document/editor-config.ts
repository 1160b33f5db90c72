import type { EditorThemeClasses, Klass, LexicalNode } from 'lexical'
import { HeadingNode, QuoteNode } from '@lexical/rich-text'
import { ListItemNode, ListNode } from '@lexical/list'
import { LinkNode } from '@lexical/link'
import { RICH_TEXT_SCHEMA_VERSION, RichTextSchema, type RichText } from '../../../core/model/rich-text'

/** Every node a stored body may contain; the exporters read the same set. */
export const EDITOR_NODES: ReadonlyArray<Klass<LexicalNode>> = [
  HeadingNode,
  QuoteNode,
  ListNode,
  ListItemNode,
  LinkNode,
]

export const EDITOR_THEME: EditorThemeClasses = {
  paragraph: 'rt-paragraph',
  quote: 'rt-quote',
  heading: { h1: 'rt-h1', h2: 'rt-h2', h3: 'rt-h3' },
  list: {
    ul: 'rt-ul',
    ol: 'rt-ol',
    listitem: 'rt-li',
    nested: { listitem: 'rt-li-nested' },
  },
  link: 'rt-link',
  text: {
    bold: 'rt-bold',
    italic: 'rt-italic',
    underline: 'rt-underline',
    strikethrough: 'rt-strike',
    code: 'rt-code',
  },
}

/**
 * The Lexical editor state to start from, as the JSON string LexicalComposer accepts; undefined (an empty
 * paragraph) when the stored body is missing or not rich text of a version this build understands.
 */
export function initialEditorState(body: unknown): string | undefined {
  const parsed = RichTextSchema.safeParse(body)
  if (!parsed.success || (parsed.data.root.children ?? []).length === 0) return undefined
  return JSON.stringify({ root: parsed.data.root })
}

/**
 * Wraps Lexical's serialized root the way documents store rich text. Lexical leaves some properties
 * `undefined`, which is not JSON and which the API (rightly) refuses, so the tree goes through JSON once.
 */
export function toStoredRichText(root: unknown): RichText {
  return {
    format: 'lexical',
    schemaVersion: RICH_TEXT_SCHEMA_VERSION,
    root: JSON.parse(JSON.stringify(root)) as RichText['root'],
  }
}
