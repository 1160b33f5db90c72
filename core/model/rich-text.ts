import { z } from 'zod'

/**
 * Rich text is Lexical's serialized editor state, wrapped with a schema version of our own so the
 * exporters (which read this JSON directly, without a DOM) and future migrations know what they hold.
 *
 * The vocabulary (full specification with examples in docs/rich-text.md; constants in rich-text-nodes.ts):
 *
 * | type        | kind             | attributes besides type, version (1) and children                       |
 * | ----------- | ---------------- | ------------------------------------------------------------------------ |
 * | root        | the top          | format, indent, direction; children are blocks                           |
 * | paragraph   | block            | format ('' left start center right end justify), indent 0–10, direction  |
 * |             |                  | ('ltr' 'rtl' null), textFormat, textStyle ''                            |
 * | heading     | block            | tag 'h1'–'h4' (inside a field, below the document's own headings)        |
 * | quote       | block            | children inline                                                          |
 * | list        | block            | listType 'bullet' or 'number', start ≥ 1, tag 'ul'/'ol'; children are    |
 * |             |                  | listitem only                                                            |
 * | listitem    | in a list        | value; children inline, or exactly one list (a nested list)              |
 * | table       | block            | children tablerow; every row spans the same number of columns           |
 * | tablerow    | in a table       | children tablecell                                                       |
 * | tablecell   | in a row         | headerState 0–3 (1 row header, 2 column header), colSpan, rowSpan 1–50;  |
 * |             |                  | children paragraph, heading, quote, list (never a table or an image)     |
 * | image       | block, no kids   | assetId (64 lowercase hex: SHA-256 of a PNG or JPEG project asset),      |
 * |             |                  | alt, caption, credit (plain strings, may be empty)                       |
 * | text        | inline           | text, format (bits: bold 1, italic 2, strikethrough 4, underline 8,      |
 * |             |                  | code 16, subscript 32, superscript 64), style '', mode, detail           |
 * | link        | inline           | url (http, https or mailto only), rel, target null, title; children text |
 * | autolink    | inline           | as link, plus isUnlinked                                                 |
 * | linebreak   | inline           | —                                                                        |
 * | tab         | inline           | text '	'                                                                |
 * | footnote    | inline, no kids  | text (plain); numbered by order of appearance in the document           |
 *
 * sanitiseRichText (rich-text-sanitise.ts) reduces any value to exactly this. Footnote text is not part of
 * plainTextOf and so does not count towards a field's words (like a reference, it is not the text the word
 * limit is about); footnotesOf gives it to search. An image's caption is a line of plainTextOf.
 */
export const RICH_TEXT_SCHEMA_VERSION = 1 as const

/** Deep trees are a denial-of-service vector when untrusted; real documents stay far below this. */
export const MAX_RICH_TEXT_DEPTH = 32

export interface SerializedNode {
  type: string
  version: number
  children?: SerializedNode[]
  [key: string]: unknown
}

const NodeSchema: z.ZodType<SerializedNode> = z.lazy(() =>
  z.looseObject({
    type: z.string().min(1).max(64),
    version: z.number().int().nonnegative(),
    children: z.array(NodeSchema).max(100_000).optional(),
  }),
)

export const RichTextSchema = z
  .object({
    format: z.literal('lexical'),
    schemaVersion: z.literal(RICH_TEXT_SCHEMA_VERSION),
    root: NodeSchema.refine((node) => node.type === 'root', 'Rich text must start at a root node.'),
  })
  .refine((value) => depthOf(value.root) <= MAX_RICH_TEXT_DEPTH, 'Rich text is nested too deeply.')
export type RichText = z.infer<typeof RichTextSchema>

function depthOf(node: SerializedNode): number {
  let deepest = 0
  const stack: Array<[SerializedNode, number]> = [[node, 1]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!
    if (depth > deepest) deepest = depth
    if (depth > MAX_RICH_TEXT_DEPTH) return depth
    for (const child of current.children ?? []) stack.push([child, depth + 1])
  }
  return deepest
}

/** An empty rich-text value: one empty paragraph, exactly as Lexical serializes a fresh editor. */
export function emptyRichText(): RichText {
  return {
    format: 'lexical',
    schemaVersion: RICH_TEXT_SCHEMA_VERSION,
    root: {
      type: 'root',
      version: 1,
      format: '',
      indent: 0,
      direction: null,
      children: [
        {
          type: 'paragraph',
          version: 1,
          format: '',
          indent: 0,
          direction: null,
          textFormat: 0,
          textStyle: '',
          children: [],
        },
      ],
    },
  }
}

/** A rich-text value holding the given paragraphs of plain text (used by the CLI, the example and tests). */
export function richTextFromParagraphs(paragraphs: readonly string[]): RichText {
  const value = emptyRichText()
  value.root.children = paragraphs.map((text) => ({
    type: 'paragraph',
    version: 1,
    format: '',
    indent: 0,
    direction: null,
    textFormat: 0,
    textStyle: '',
    children:
      text === ''
        ? []
        : [{ type: 'text', version: 1, text, format: 0, style: '', mode: 'normal', detail: 0 }],
  }))
  return value
}

/** Lexical nodes that flow inside a line; any other node with children is a block and starts a new line. */
export const INLINE_NODE_TYPES: ReadonlySet<string> = new Set([
  'text',
  'link',
  'autolink',
  'linebreak',
  'tab',
  'hashtag',
  'mark',
  'code-highlight',
  'footnote',
])

/**
 * Whether a value has the shape of rich text, read no further than its root: validating a 50,000-word text with
 * RichTextSchema takes ~20 ms, too much for a value the store has validated already. Whatever the text holds is
 * for its readers to walk with care, and for sanitiseRichText to clean before an editor shows it.
 */
export function isRichText(value: unknown): value is RichText {
  if (value === null || typeof value !== 'object') return false
  const { format, root } = value as { format?: unknown; root?: unknown }
  return (
    format === 'lexical' &&
    root !== null &&
    typeof root === 'object' &&
    Array.isArray((root as { children?: unknown }).children)
  )
}

/** The plain text of a rich-text value, paragraphs separated by blank lines; for search, counts and the CLI. */
export function plainTextOf(value: RichText): string {
  const blocks: string[] = []
  const visitBlock = (node: SerializedNode): string => {
    if (node.type === 'text' && typeof node.text === 'string') return node.text
    if (node.type === 'linebreak') return '\n'
    if (node.type === 'tab') return '\t'
    if (node.type === 'image') return typeof node.caption === 'string' ? node.caption : ''
    // Blocks nested in blocks (a sub-list in a list item, table cells) must not run into each other, or
    // "one" and "two" in two nested items would read, and count, as the single word "onetwo".
    let text = ''
    let previousWasBlock = false
    for (const child of node.children ?? []) {
      const isBlock = !INLINE_NODE_TYPES.has(child.type)
      if ((isBlock || previousWasBlock) && text !== '' && !text.endsWith('\n')) text += '\n'
      text += visitBlock(child)
      previousWasBlock = isBlock
    }
    return text
  }
  for (const block of value.root.children ?? []) {
    if (block.type === 'list') for (const item of block.children ?? []) blocks.push(visitBlock(item))
    else blocks.push(visitBlock(block))
  }
  return blocks.join('\n\n')
}

/** The text of every footnote, in order of appearance: searchable, though not counted as the field's words. */
export function footnotesOf(value: RichText): string[] {
  const found: string[] = []
  const stack: SerializedNode[] = [value.root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'footnote' && typeof node.text === 'string') found.push(node.text)
    const children = node.children ?? []
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!)
  }
  return found
}

/** Words as a writer counts them: runs of letters or digits, in any script. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0
}
