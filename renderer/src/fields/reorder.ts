/** Moves the entry at `index` by `delta` places; out-of-range moves leave the list as it is. */
export function moveBy<T>(entries: readonly T[], index: number, delta: number): T[] {
  const target = index + delta
  if (index < 0 || index >= entries.length || target < 0 || target >= entries.length) return [...entries]
  const next = [...entries]
  const [moved] = next.splice(index, 1)
  next.splice(target, 0, moved as T)
  return next
}

/** Moves the item with `id` to stand at `index` (counted in the list before the move). */
export function moveTo<T extends { id: string }>(entries: readonly T[], id: string, index: number): T[] {
  const from = entries.findIndex((entry) => entry.id === id)
  if (from < 0) return [...entries]
  const to = Math.max(0, Math.min(entries.length - 1, index > from ? index - 1 : index))
  return moveBy(entries, from, to - from)
}

/** Puts an item back where it was (an undone removal), or at the end if the list has grown shorter. */
export function insertAt<T>(entries: readonly T[], index: number, entry: T): T[] {
  const next = [...entries]
  next.splice(Math.min(index, next.length), 0, entry)
  return next
}
