import {
  RICH_TEXT_SCHEMA_VERSION,
  MAX_RICH_TEXT_DEPTH,
  type RichText,
  type SerializedNode,
} from './rich-text'
import {
  ALLOWED_TEXT_FORMAT_BITS,
  ASSET_ID_PATTERN,
  ELEMENT_FORMATS,
  HEADING_TAGS,
  INLINE_VOCABULARY,
  LIMITS,
  MAX_HEADER_STATE,
} from './rich-text-nodes'

/**
 * Reduces any value to rich text made only of the vocabulary in rich-text-nodes.ts, in the shape Lexical
 * serializes it. It is the one gate for rich text that did not come from this app's own editor: pasted HTML
 * (after the renderer turned it into nodes), received packages and every save.
 *
 * - Unknown node types give up their text: a block becomes paragraphs of its content, an inline is unwrapped,
 *   a node without content is dropped.
 * - Links to anything but http, https and mailto (with a host or an address) become their plain text.
 * - Attributes are clamped to their allowed values; styles, classes and unknown keys are dropped.
 * - Structure is repaired: inline content at the top level is wrapped in a paragraph, list items live in lists,
 *   rows in tables, every cell holds at least one paragraph, rows are padded to the widest row.
 * - Depth and size are limited: lists nested deeper than the depth limit are flattened, and once the node or
 *   character budget is spent the rest is dropped.
 *
 * The result always passes RichTextSchema, and sanitising it again changes nothing.
 */
export function sanitiseRichText(value: unknown): RichText {
  const given = isRecord(value) && isRecord(value.root) ? value.root : undefined
  const root = given && exceedsDepth(given, MAX_INPUT_DEPTH) ? cutAtDepth(given, MAX_INPUT_DEPTH) : given
  const budget: Budget = { nodes: LIMITS.nodes, characters: LIMITS.characters }
  // The root is at depth 1, so its blocks are built at depth 2.
  const children = root ? blocks(childrenOf(root), { depth: 2, budget, inCell: false }) : []
  return {
    format: 'lexical',
    schemaVersion: RICH_TEXT_SCHEMA_VERSION,
    root: {
      type: 'root',
      version: 1,
      ...elementAttributes(root ?? {}),
      children: children.length > 0 ? children : [paragraph([], {})],
    },
  }
}

/**
 * Whether a link target is safe to keep: http and https with a host, mailto with an address. Everything else
 * (javascript:, data:, file:, custom schemes) is what past attacks on writing apps used to run code or open
 * local files.
 */
export function isSafeLinkUrl(url: string): boolean {
  // The URL parser forgives spaces and control characters around a scheme; a stored link must not need that.
  if (url.length > LIMITS.url || /[\s\p{Cc}]/u.test(url) || !URL.canParse(url)) return false
  const parsed = new URL(url)
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.hostname !== ''
  return parsed.protocol === 'mailto:' && parsed.pathname.includes('@')
}

/**
 * The walk below is recursive; input nested deeper than this is cut off first so that a hostile value cannot
 * overflow the stack. It is far beyond what the output may hold (MAX_RICH_TEXT_DEPTH), so nothing real is lost.
 */
const MAX_INPUT_DEPTH = 256

function exceedsDepth(root: Raw, limit: number): boolean {
  const stack: Array<[Raw, number]> = [[root, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (depth > limit) return true
    for (const child of childrenOf(node)) if (isRecord(child)) stack.push([child, depth + 1])
  }
  return false
}

/** A copy of the tree whose nodes at the depth limit have no children. */
function cutAtDepth(root: Raw, limit: number): Raw {
  const copy: Raw = { ...root }
  const stack: Array<[Raw, number]> = [[copy, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (!Array.isArray(node.children)) continue
    if (depth >= limit) {
      node.children = []
      continue
    }
    node.children = node.children.map((child: unknown) => {
      if (!isRecord(child)) return child
      const childCopy: Raw = { ...child }
      stack.push([childCopy, depth + 1])
      return childCopy
    })
  }
  return copy
}

interface Budget {
  nodes: number
  characters: number
}

interface Context {
  /** Depth of the node being built; root is 1. */
  depth: number
  budget: Budget
  /** Tables and images do not nest inside table cells. */
  inCell: boolean
}

type Raw = Record<string, unknown>

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function childrenOf(node: Raw): unknown[] {
  return Array.isArray(node.children) ? node.children : []
}

/** push(...items) without the engine's limit on arguments, which a huge pasted list would exceed. */
function append(out: SerializedNode[], items: readonly SerializedNode[]): void {
  for (const item of items) out.push(item)
}

/** Takes one node from the budget; false once it is spent, and everything after is dropped. */
function spend(ctx: Context, characters = 0): boolean {
  if (ctx.budget.nodes <= 0 || ctx.budget.characters < characters) return false
  ctx.budget.nodes -= 1
  ctx.budget.characters -= characters
  return true
}

function deeper(ctx: Context, levels = 1): Context {
  return { ...ctx, depth: ctx.depth + levels }
}

function clampString(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : ''
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? Math.min(max, Math.max(min, value)) : fallback
}

function elementAttributes(node: Raw): { format: string; indent: number; direction: 'ltr' | 'rtl' | null } {
  const format = (ELEMENT_FORMATS as readonly unknown[]).includes(node.format) ? (node.format as string) : ''
  const direction = node.direction === 'ltr' || node.direction === 'rtl' ? node.direction : null
  return { format, indent: clampInt(node.indent, 0, LIMITS.indent, 0), direction }
}

function paragraph(children: SerializedNode[], source: Raw): SerializedNode {
  return {
    type: 'paragraph',
    version: 1,
    ...elementAttributes(source),
    textFormat: clampInt(source.textFormat, 0, ALLOWED_TEXT_FORMAT_BITS, 0) & ALLOWED_TEXT_FORMAT_BITS,
    textStyle: '',
    children,
  }
}

// Room kept below the depth limit for what a block holds: a link and its text, or a table's row, cell and
// paragraph. A block that would go deeper is flattened instead.
const INLINE_ROOM = 2
// table → row → cell → block, then the block's inline content.
const TABLE_ROOM = 3 + INLINE_ROOM

/** Block-level content (of the root or a table cell): inline runs between blocks become paragraphs. */
function blocks(raw: readonly unknown[], ctx: Context): SerializedNode[] {
  const out: SerializedNode[] = []
  let run: SerializedNode[] = []
  const flush = () => {
    if (run.length > 0 && spend(ctx)) out.push(paragraph(run, {}))
    run = []
  }
  for (const child of raw) {
    if (!isRecord(child)) continue
    const converted = block(child, ctx)
    if (converted === 'inline') append(run, inlines([child], deeper(ctx)))
    else {
      flush()
      append(out, converted)
    }
  }
  flush()
  return out
}

/** One block, several (an unknown container's content), or 'inline' when the node belongs in a line. */
function block(node: Raw, ctx: Context): SerializedNode[] | 'inline' {
  const inner = deeper(ctx)
  switch (node.type) {
    case 'paragraph':
      return spend(ctx) ? [paragraph(inlines(childrenOf(node), inner), node)] : []
    case 'heading': {
      if (!spend(ctx)) return []
      const level = typeof node.tag === 'string' ? /^h([1-6])$/.exec(node.tag)?.[1] : undefined
      const tag = HEADING_TAGS[Math.min(Number(level ?? 1), HEADING_TAGS.length) - 1]
      return [
        {
          type: 'heading',
          version: 1,
          ...elementAttributes(node),
          tag,
          children: inlines(childrenOf(node), inner),
        },
      ]
    }
    case 'quote':
      return spend(ctx)
        ? [
            {
              type: 'quote',
              version: 1,
              ...elementAttributes(node),
              children: inlines(childrenOf(node), inner),
            },
          ]
        : []
    case 'list':
      return list(node, ctx)
    case 'listitem':
      // A list item astray (outside a list) is kept as a one-item list.
      return list({ type: 'list', listType: 'bullet', children: [node] }, ctx)
    case 'table':
      return ctx.inCell || ctx.depth + TABLE_ROOM > MAX_RICH_TEXT_DEPTH
        ? flattened(node, ctx)
        : table(node, ctx)
    case 'tablerow':
    case 'tablecell':
      return flattened(node, ctx)
    case 'image':
      return ctx.inCell ? [] : image(node, ctx)
    case 'root':
      return blocks(childrenOf(node), ctx)
    default:
      break
  }
  if (isInlineType(node.type)) return 'inline'
  if (Array.isArray(node.children)) return blocks(childrenOf(node), ctx)
  // A leaf of an unknown type with text of its own (a code-highlight token, a mention) keeps its text.
  return typeof node.text === 'string' ? 'inline' : []
}

const INLINE_TYPES: ReadonlySet<unknown> = new Set(INLINE_VOCABULARY)

function isInlineType(type: unknown): boolean {
  return INLINE_TYPES.has(type)
}

/** The content of a structure that cannot stand here (a table in a cell, a stray row) as plain paragraphs. */
function flattened(node: Raw, ctx: Context): SerializedNode[] {
  const out: SerializedNode[] = []
  const visit = (current: Raw) => {
    const children = childrenOf(current).filter(isRecord)
    const hasBlocks = children.some((child) => !isInlineType(child.type))
    if (!hasBlocks) {
      const content = inlines(children, deeper(ctx))
      if (content.length > 0 && spend(ctx)) out.push(paragraph(content, {}))
      return
    }
    for (const child of children) {
      if (isInlineType(child.type)) {
        const content = inlines([child], deeper(ctx))
        if (content.length > 0 && spend(ctx)) out.push(paragraph(content, {}))
      } else visit(child)
    }
  }
  visit(node)
  return out
}

function list(node: Raw, ctx: Context): SerializedNode[] {
  if (!spend(ctx)) return []
  const listType = node.listType === 'number' ? 'number' : 'bullet'
  const start = listType === 'number' ? clampInt(node.start, 1, LIMITS.listStart, 1) : 1
  const items: SerializedNode[] = []
  // A sub-list sits two levels below this list (list → item → list), then its item and that item's content.
  const canNest = ctx.depth + 3 + INLINE_ROOM <= MAX_RICH_TEXT_DEPTH
  const itemCtx = deeper(ctx)
  // Lexical numbers the items that hold content; an item that only carries a sub-list does not count.
  let numbered = 0
  const pushItem = (children: SerializedNode[], source: Raw) => {
    if (!spend(itemCtx)) return
    const nested = children.length === 1 && children[0]!.type === 'list'
    items.push({
      type: 'listitem',
      version: 1,
      ...elementAttributes(source),
      indent: 0,
      value: start + numbered,
      children,
    })
    if (!nested) numbered += 1
  }
  for (const raw of childrenOf(node)) {
    if (!isRecord(raw)) continue
    const entries = raw.type === 'listitem' ? childrenOf(raw) : [raw]
    // Lexical nests a list by giving it a list item of its own: content and sub-lists alternate as items.
    let run: unknown[] = []
    const flushRun = () => {
      const content = inlines(run, deeper(itemCtx))
      if (content.length > 0 || entries.length === 0) pushItem(content, raw)
      run = []
    }
    for (const entry of entries) {
      if (isRecord(entry) && entry.type === 'list') {
        flushRun()
        if (canNest) {
          const nested = list(entry, deeper(itemCtx))
          if (nested.length > 0) pushItem(nested, raw)
        } else {
          for (const item of flattenedItems(entry)) pushItem(inlines(item, deeper(itemCtx)), raw)
        }
      } else run.push(entry)
    }
    flushRun()
  }
  // A sub-list with nothing before it still needs a list around it, which it has; an empty list is nothing.
  if (items.length === 0) return []
  return [
    {
      type: 'list',
      version: 1,
      ...elementAttributes(node),
      indent: 0,
      listType,
      start,
      tag: listType === 'number' ? 'ol' : 'ul',
      children: items,
    },
  ]
}

/** Items of a list too deep to nest further, each as its inline content, in reading order. */
function flattenedItems(node: Raw): unknown[][] {
  const out: unknown[][] = []
  for (const item of childrenOf(node)) {
    if (!isRecord(item)) continue
    let run: unknown[] = []
    for (const entry of item.type === 'listitem' ? childrenOf(item) : [item]) {
      if (isRecord(entry) && entry.type === 'list') {
        if (run.length > 0) out.push(run)
        run = []
        for (const nested of flattenedItems(entry)) out.push(nested)
      } else run.push(entry)
    }
    if (run.length > 0) out.push(run)
  }
  return out
}

function table(node: Raw, ctx: Context): SerializedNode[] {
  if (!spend(ctx)) return []
  const rowCtx = deeper(ctx)
  const cellCtx: Context = { ...deeper(ctx, 2), inCell: true }
  const rows: SerializedNode[][] = []
  for (const rawRow of childrenOf(node).slice(0, LIMITS.tableRows)) {
    if (!isRecord(rawRow) || rawRow.type !== 'tablerow' || !spend(rowCtx)) continue
    const cells: SerializedNode[] = []
    for (const rawCell of childrenOf(rawRow).slice(0, LIMITS.tableColumns)) {
      if (!isRecord(rawCell) || rawCell.type !== 'tablecell' || !spend(cellCtx)) continue
      cells.push(cell(blocks(childrenOf(rawCell), deeper(cellCtx)), rawCell))
    }
    if (cells.length > 0) rows.push(cells)
  }
  if (rows.length === 0) return []
  const width = Math.max(...rows.map(spanOf))
  return [
    {
      type: 'table',
      version: 1,
      ...elementAttributes(node),
      indent: 0,
      children: rows.map((cells) => {
        // Ragged rows break table navigation and export; they are padded to the widest row.
        const padded = [...cells]
        for (let missing = width - spanOf(cells); missing > 0; missing--) padded.push(cell([], {}))
        return { type: 'tablerow', version: 1, ...elementAttributes({}), children: padded }
      }),
    },
  ]
}

function spanOf(cells: readonly SerializedNode[]): number {
  return cells.reduce((sum, current) => sum + (current.colSpan as number), 0)
}

function cell(content: SerializedNode[], source: Raw): SerializedNode {
  return {
    type: 'tablecell',
    version: 1,
    ...elementAttributes(source),
    indent: 0,
    headerState: clampInt(source.headerState, 0, MAX_HEADER_STATE, 0),
    colSpan: clampInt(source.colSpan, 1, LIMITS.span, 1),
    rowSpan: clampInt(source.rowSpan, 1, LIMITS.span, 1),
    children: content.length > 0 ? content : [paragraph([], {})],
  }
}

function image(node: Raw, ctx: Context): SerializedNode[] {
  if (typeof node.assetId !== 'string' || !ASSET_ID_PATTERN.test(node.assetId)) return []
  const alt = clampString(node.alt, LIMITS.alt)
  const caption = clampString(node.caption, LIMITS.caption)
  const credit = clampString(node.credit, LIMITS.credit)
  if (!spend(ctx, alt.length + caption.length + credit.length)) return []
  return [{ type: 'image', version: 1, assetId: node.assetId, alt, caption, credit }]
}

/** Inline content: text, links, line breaks, tabs, footnotes; anything else gives up its inline content. */
function inlines(raw: readonly unknown[], ctx: Context, inLink = false): SerializedNode[] {
  const out: SerializedNode[] = []
  for (const node of raw) {
    if (!isRecord(node)) continue
    switch (node.type) {
      case 'text': {
        const text = clampString(node.text, LIMITS.text)
        if (text !== '' && spend(ctx, text.length)) out.push(textNode(text, node))
        break
      }
      case 'tab':
        if (spend(ctx, 1))
          out.push({
            type: 'tab',
            version: 1,
            text: '\t',
            format: formatOf(node),
            style: '',
            mode: 'normal',
            detail: 2,
          })
        break
      case 'linebreak':
        if (spend(ctx)) out.push({ type: 'linebreak', version: 1 })
        break
      case 'footnote': {
        const text = clampString(node.text, LIMITS.footnote)
        if (!inLink && spend(ctx, text.length)) out.push({ type: 'footnote', version: 1, text })
        break
      }
      case 'link':
      case 'autolink': {
        const url = typeof node.url === 'string' ? node.url : ''
        const content = inlines(childrenOf(node), deeper(ctx), true)
        if (inLink || !isSafeLinkUrl(url) || ctx.depth + 1 > MAX_RICH_TEXT_DEPTH) append(out, content)
        else if (content.length > 0 && spend(ctx)) out.push(link(node.type, url, node, content))
        break
      }
      default:
        if (Array.isArray(node.children)) append(out, inlines(childrenOf(node), ctx, inLink))
        else if (typeof node.text === 'string') {
          const text = node.text.slice(0, LIMITS.text)
          if (text !== '' && spend(ctx, text.length)) out.push(textNode(text, {}))
        }
    }
  }
  return out
}

function formatOf(node: Raw): number {
  return clampInt(node.format, 0, Number.MAX_SAFE_INTEGER, 0) & ALLOWED_TEXT_FORMAT_BITS
}

function textNode(text: string, source: Raw): SerializedNode {
  return {
    type: 'text',
    version: 1,
    text,
    format: formatOf(source),
    style: '',
    mode: 'normal',
    detail: 0,
  }
}

function link(
  type: 'link' | 'autolink',
  url: string,
  source: Raw,
  children: SerializedNode[],
): SerializedNode {
  const title = clampString(source.title, LIMITS.linkTitle)
  return {
    type,
    version: 1,
    ...elementAttributes(source),
    indent: 0,
    url,
    rel: 'noreferrer',
    target: null,
    title: title === '' ? null : title,
    ...(type === 'autolink' ? { isUnlinked: false } : {}),
    children,
  }
}

/** Field values are never nested this deep by a template; below it nothing is looked at (the template check
 * refuses such values anyway). */
const MAX_FIELD_DEPTH = 64

/**
 * A cheap look at the wrapper only: a full schema check of a long text costs far more than sanitising it, and
 * the sanitiser accepts anything below the root. Rich text of another schema version is not this code's to touch.
 */
function isRichTextOfThisVersion(record: Raw): boolean {
  return (
    record.format === 'lexical' &&
    record.schemaVersion === RICH_TEXT_SCHEMA_VERSION &&
    isRecord(record.root) &&
    record.root.type === 'root'
  )
}

/**
 * A document's field values with every rich-text value in them sanitised, wherever a template put it (a field,
 * a repeatable group's item, a table cell). A value that is not rich text of this schema version (a broken
 * wrapper, a future version) is left as it is, for the template check to refuse with a clear message.
 */
export function sanitiseRichTextIn<T>(values: T): T {
  const visit = (value: unknown, depth: number): unknown => {
    if (depth > MAX_FIELD_DEPTH || typeof value !== 'object' || value === null) return value
    if (Array.isArray(value)) return value.map((item) => visit(item, depth + 1))
    const record = value as Raw
    if (isRichTextOfThisVersion(record)) return sanitiseRichText(value)
    const copy: Raw = {}
    for (const [key, inner] of Object.entries(record))
      Object.defineProperty(copy, key, {
        value: visit(inner, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    return copy
  }
  return visit(values, 0) as T
}
