import { diffArrays, diffWordsWithSpace } from 'diff'
import { isRichText, type HecsosDocument, type RichText } from '../model'
import type { DocumentComparison, FieldChange, ParagraphChange, WordChange } from './types'
import {
  blockKey,
  blockText,
  blocksOf,
  isItemList,
  isPlainObject,
  joinPath,
  ownValue,
  sameValue,
} from './values'

const DOCUMENT_PROPERTIES = ['title', 'language', 'status', 'authors', 'comments'] as const

export function compareDocuments(
  before: HecsosDocument | undefined,
  after: HecsosDocument | undefined,
): DocumentComparison {
  const changes: FieldChange[] = []
  const empty = { fields: {} } as Partial<HecsosDocument>
  const a = before ?? empty
  const b = after ?? empty
  for (const property of DOCUMENT_PROPERTIES) compareValues(`@${property}`, a[property], b[property], changes)
  const fieldIds = new Set([...Object.keys(a.fields ?? {}), ...Object.keys(b.fields ?? {})])
  for (const id of [...fieldIds].sort())
    compareValues(id, ownValue(a.fields ?? {}, id), ownValue(b.fields ?? {}, id), changes)
  const status = !before ? 'added' : !after ? 'removed' : changes.length > 0 ? 'changed' : 'unchanged'
  return { status, changes }
}

function compareValues(path: string, before: unknown, after: unknown, out: FieldChange[]): void {
  if (sameValue(before, after)) return
  if (before === undefined) return void out.push({ path, change: 'added', after })
  if (after === undefined) return void out.push({ path, change: 'removed', before })
  if (isRichText(before) && isRichText(after))
    return void out.push({ path, change: 'changed', paragraphs: compareRichText(before, after) })
  if (isItemList(before) && isItemList(after)) return compareItems(path, before, after, out)
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)])
    for (const key of [...keys].sort())
      compareValues(joinPath(path, key), ownValue(before, key), ownValue(after, key), out)
    return
  }
  out.push({ path, change: 'changed', before, after })
}

function compareItems(
  path: string,
  before: ReadonlyArray<{ id: string } & Record<string, unknown>>,
  after: ReadonlyArray<{ id: string } & Record<string, unknown>>,
  out: FieldChange[],
): void {
  const beforeById = new Map(before.map((item) => [item.id, item]))
  const afterIds = new Set(after.map((item) => item.id))
  for (const item of after) {
    const old = beforeById.get(item.id)
    if (!old) out.push({ path: joinPath(path, item.id), change: 'added', after: item })
    else compareValues(joinPath(path, item.id), old, item, out)
  }
  for (const item of before)
    if (!afterIds.has(item.id)) out.push({ path: joinPath(path, item.id), change: 'removed', before: item })
  const kept = (items: ReadonlyArray<{ id: string }>, others: ReadonlySet<string>): string[] =>
    items.map((item) => item.id).filter((id) => others.has(id))
  const order = kept(before, afterIds)
  const newOrder = kept(after, new Set(beforeById.keys()))
  if (order.some((id, index) => newOrder[index] !== id))
    out.push({ path, change: 'reordered', before: order, after: newOrder })
}

/** Paragraph by paragraph (a diff over the blocks), then word by word inside each changed paragraph. */
export function compareRichText(before: RichText, after: RichText): ParagraphChange[] {
  const oldBlocks = blocksOf(before)
  const newBlocks = blocksOf(after)
  const parts = diffArrays(oldBlocks.map(blockKey), newBlocks.map(blockKey))
  const result: ParagraphChange[] = []
  let oldIndex = 0
  let newIndex = 0
  let removed: string[] = []
  const flushRemoved = (added: string[]): void => {
    // A removed run followed by an added one is an edit: pair them up so the view shows words, not blocks.
    const pairs = Math.min(removed.length, added.length)
    for (let i = 0; i < pairs; i += 1) {
      const words = diffWordsWithSpace(removed[i]!, added[i]!).map((part): WordChange => ({
        change: part.added ? 'added' : part.removed ? 'removed' : 'same',
        text: part.value,
      }))
      result.push({ change: 'changed', before: removed[i]!, after: added[i]!, words })
    }
    for (const text of removed.slice(pairs)) result.push({ change: 'removed', before: text })
    for (const text of added.slice(pairs)) result.push({ change: 'added', after: text })
    removed = []
  }
  for (const part of parts) {
    const count = part.value.length
    if (part.removed) {
      removed.push(...oldBlocks.slice(oldIndex, oldIndex + count).map((block) => blockText(before, block)))
      oldIndex += count
    } else if (part.added) {
      flushRemoved(newBlocks.slice(newIndex, newIndex + count).map((block) => blockText(after, block)))
      newIndex += count
    } else {
      flushRemoved([])
      for (const block of oldBlocks.slice(oldIndex, oldIndex + count)) {
        const text = blockText(before, block)
        result.push({ change: 'same', before: text, after: text })
      }
      oldIndex += count
      newIndex += count
    }
  }
  flushRemoved([])
  return result
}
