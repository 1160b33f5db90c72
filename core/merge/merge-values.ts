import { diff3Merge } from 'node-diff3'
import { isRichText, type RichText, type SerializedNode } from '../model'
import {
  blockKey,
  blocksOf,
  isItemList,
  isPlainObject,
  joinPath,
  ownValue,
  sameValue,
  type ItemWithId,
} from '../history/values'

/** A conflict as the pure merge finds it; the caller adds where it is (document) and who wrote each side. */
export interface FoundConflict {
  path: string
  kind: 'value' | 'paragraphs' | 'deleted-vs-edited'
  /** undefined: absent on that side (or in the ancestor). */
  base: unknown
  ours: unknown
  theirs: unknown
}

export interface Merged<T> {
  value: T
  conflicts: FoundConflict[]
}

/**
 * Three-way merge of one value: a side that did not change gives way to the one that did; where both changed,
 * rich text merges paragraph by paragraph, lists of items with ids item by item, objects key by key, and short
 * values conflict (keeping ours until someone decides). `undefined` means absent (deleted, or never there).
 */
export function mergeValue(path: string, base: unknown, ours: unknown, theirs: unknown): Merged<unknown> {
  if (sameValue(ours, theirs)) return { value: ours, conflicts: [] }
  if (sameValue(base, ours)) return { value: theirs, conflicts: [] }
  if (sameValue(base, theirs)) return { value: ours, conflicts: [] }
  if (ours !== undefined && theirs !== undefined) {
    if (isRichText(ours) && isRichText(theirs) && (base === undefined || isRichText(base)))
      return mergeRichText(path, base, ours, theirs)
    const [baseItems, oursItems, theirsItems] = [itemsOf(base), itemsOf(ours), itemsOf(theirs)]
    if (oursItems && theirsItems && (base === undefined || baseItems))
      return mergeItems(path, baseItems ?? [], oursItems, theirsItems, false)
    if (isPlainObject(ours) && isPlainObject(theirs) && (base === undefined || isPlainObject(base)))
      return mergeObject(path, base, ours, theirs)
  }
  const kind = ours === undefined || theirs === undefined ? 'deleted-vs-edited' : 'value'
  // Nothing is lost while the conflict is open: a deletion never wins over an edit until someone decides.
  return { value: ours ?? theirs, conflicts: [{ path, kind, base, ours, theirs }] }
}

/** The items of a list of items with ids; an empty list counts (every item of a group may be removed). */
function itemsOf(value: unknown): ItemWithId[] | undefined {
  if (isItemList(value)) return value
  return Array.isArray(value) && value.length === 0 ? [] : undefined
}

export function mergeObject(
  path: string,
  base: Record<string, unknown> | undefined,
  ours: Record<string, unknown>,
  theirs: Record<string, unknown>,
): Merged<Record<string, unknown>> {
  const value: Record<string, unknown> = {}
  const conflicts: FoundConflict[] = []
  const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])]
  for (const key of keys) {
    const merged = mergeValue(
      joinPath(path, key),
      base ? ownValue(base, key) : undefined,
      ownValue(ours, key),
      ownValue(theirs, key),
    )
    if (merged.value !== undefined) value[key] = merged.value
    conflicts.push(...merged.conflicts)
  }
  return { value, conflicts }
}

/**
 * Item by item, by stable id: additions from both sides are kept, a removal on one side is taken unless the
 * other side edited the item (a conflict), edits merge field by field, and the order merges like a text (diff3
 * over the ids). `union` keeps every item either side has (comments: nobody loses a remark by a merge).
 */
export function mergeItems(
  path: string,
  base: readonly ItemWithId[],
  ours: readonly ItemWithId[],
  theirs: readonly ItemWithId[],
  union: boolean,
): Merged<ItemWithId[]> {
  const byId = (items: readonly ItemWithId[]) => new Map(items.map((item) => [item.id, item]))
  const [baseById, oursById, theirsById] = [byId(base), byId(ours), byId(theirs)]
  const kept = new Map<string, ItemWithId>()
  const conflicts: FoundConflict[] = []
  for (const id of new Set([...oursById.keys(), ...theirsById.keys()])) {
    const [b, o, t] = [baseById.get(id), oursById.get(id), theirsById.get(id)]
    if (union && (!o || !t)) {
      kept.set(id, (o ?? t)!)
      continue
    }
    const merged = mergeValue(joinPath(path, id), b, o, t)
    conflicts.push(...merged.conflicts)
    if (merged.value !== undefined) kept.set(id, merged.value as ItemWithId)
  }
  const order = mergeOrder(
    base.map((item) => item.id),
    ours.map((item) => item.id),
    theirs.map((item) => item.id),
  )
  const value = order.flatMap((id) => {
    const item = kept.get(id)
    kept.delete(id)
    return item ? [item] : []
  })
  return { value: [...value, ...kept.values()], conflicts }
}

/**
 * Merges two reorderings of the same ids. Where both sides reordered the same stretch differently there is
 * no right answer and nothing is lost either way, so the stretch takes a fixed choice (the side whose order
 * sorts first), which keeps merge(A, B) and merge(B, A) alike.
 */
function mergeOrder(base: string[], ours: string[], theirs: string[]): string[] {
  const order: string[] = []
  for (const region of diff3Merge(ours, base, theirs, { excludeFalseConflicts: true })) {
    if (region.ok) order.push(...region.ok)
    else if (region.conflict) {
      const { a, b } = region.conflict
      const [first, second] = a.join('\n') <= b.join('\n') ? [a, b] : [b, a]
      order.push(...first, ...second.filter((id) => !first.includes(id)))
    }
  }
  return [...new Set(order)]
}

/**
 * Paragraph by paragraph: diff3 over the top-level blocks. Blocks changed on one side only are taken; where
 * both sides changed the same blocks differently, the field holds both sides' blocks, ours first (so the
 * document shows both until someone decides), and a 'paragraphs' conflict names them.
 */
export function mergeRichText(
  path: string,
  base: RichText | undefined,
  ours: RichText,
  theirs: RichText,
): Merged<RichText> {
  const oursBlocks = blocksOf(ours)
  const theirsBlocks = blocksOf(theirs)
  const baseBlocks = base ? blocksOf(base) : []
  const index = new Map<string, SerializedNode>()
  const keysOf = (blocks: readonly SerializedNode[]) =>
    blocks.map((block) => {
      const key = blockKey(block)
      index.set(key, block)
      return key
    })
  const regions = diff3Merge(keysOf(oursBlocks), keysOf(baseBlocks), keysOf(theirsBlocks), {
    excludeFalseConflicts: true,
  })
  const blocks: SerializedNode[] = []
  const conflicts: FoundConflict[] = []
  for (const region of regions) {
    if (region.ok) blocks.push(...region.ok.map((key) => index.get(key)!))
    else if (region.conflict) {
      const { a, o, b } = region.conflict
      for (const part of splitAligned(a, o, b)) {
        if ('ok' in part) {
          blocks.push(...part.ok.map((key) => index.get(key)!))
          continue
        }
        const [mine, base, other] = [part.a, part.o, part.b].map((keys) => keys.map((key) => index.get(key)!))
        blocks.push(...mine!, ...other!)
        conflicts.push({ path, kind: 'paragraphs', base, ours: mine, theirs: other })
      }
    }
  }
  return { value: { ...ours, root: { ...ours.root, children: blocks } }, conflicts }
}

type AlignedPart = { ok: string[] } | { a: string[]; o: string[]; b: string[] }

/**
 * diff3 reports changes to neighbouring paragraphs as one conflict. When both sides kept the number of
 * paragraphs in the stretch, paragraph i of each side is the same paragraph, so the stretch is merged paragraph
 * by paragraph, and only paragraphs both sides changed differently remain in conflict (runs of them together).
 */
function splitAligned(a: string[], o: string[], b: string[]): AlignedPart[] {
  if (a.length !== o.length || b.length !== o.length) return [{ a, o, b }]
  const parts: AlignedPart[] = []
  for (let i = 0; i < o.length; i += 1) {
    const [mine, base, other] = [a[i]!, o[i]!, b[i]!]
    const taken = mine === other || other === base ? mine : mine === base ? other : undefined
    const last = parts.at(-1)
    if (taken !== undefined) {
      if (last && 'ok' in last) last.ok.push(taken)
      else parts.push({ ok: [taken] })
    } else if (last && 'a' in last) {
      last.a.push(mine)
      last.o.push(base)
      last.b.push(other)
    } else parts.push({ a: [mine], o: [base], b: [other] })
  }
  return parts
}
