import { plainTextOf, type RichText, type SerializedNode } from '../model'
import { canonicalText } from './canonical'

/**
 * How history and merge see the values inside a document. Field values are JSON whose shape each template
 * decides; three shapes are recognised structurally, so comparison and merge work for every template, including
 * ones written after this code: rich text (Lexical JSON), lists of items with stable ids (repeatable groups,
 * table rows, sources, comments), and objects (walked key by key). Anything else is a short value.
 */

export type ItemWithId = { id: string } & Record<string, unknown>

/** A non-empty list whose every element is an object with its own, unique string id. */
export function isItemList(value: unknown): value is ItemWithId[] {
  if (!Array.isArray(value) || value.length === 0) return false
  const ids = new Set<string>()
  for (const item of value) {
    if (!isPlainObject(item) || typeof item.id !== 'string' || ids.has(item.id)) return false
    ids.add(item.id)
  }
  return true
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined) return false
  return canonicalText(a) === canonicalText(b)
}

/** The top-level blocks of a rich-text value (paragraphs, headings, lists, tables, images). */
export function blocksOf(value: RichText): SerializedNode[] {
  return value.root.children ?? []
}

/** The plain text of one top-level block, as a reader sees it. */
export function blockText(value: RichText, block: SerializedNode): string {
  return plainTextOf({ ...value, root: { ...value.root, children: [block] } })
}

/** A key that names a block by its content, for diff and diff3 (which compare with ===). */
export function blockKey(block: SerializedNode): string {
  return canonicalText(block)
}

/** A field path segment joined as in comments: `practices/<itemId>/title`. */
export function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}/${key}`
}

export function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined
}
