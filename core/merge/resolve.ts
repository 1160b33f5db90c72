import type { SerializedNode } from '../model'
import { isRichText } from '../model'
import { blockKey, isItemList, isPlainObject, sameValue } from '../history/values'
import type { ConflictChoice, MergeConflict } from './types'

export class ResolveError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ResolveError'
  }
}

/**
 * The value a choice settles a 'value' or 'deleted-vs-edited' conflict on; undefined means "absent" (the
 * side that deleted wins). 'both' joins texts and lists; for anything else both cannot be kept at once.
 */
export function chosenValue(conflict: MergeConflict, choice: ConflictChoice, edited?: unknown): unknown {
  const ours = conflict.ours.value
  const theirs = conflict.theirs.value
  switch (choice) {
    case 'mine':
      return ours
    case 'theirs':
      return theirs
    case 'edited':
      if (edited === undefined) throw new ResolveError('An edited value is needed to settle this conflict.')
      return edited
    case 'both':
      if (ours === undefined || theirs === undefined) return ours ?? theirs
      if (typeof ours === 'string' && typeof theirs === 'string')
        return ours.includes('\n') || theirs.includes('\n') ? `${ours}\n\n${theirs}` : `${ours} / ${theirs}`
      if (Array.isArray(ours) && Array.isArray(theirs))
        return [...ours, ...theirs.filter((item) => !ours.some((mine) => sameValue(mine, item)))]
      throw new ResolveError('Both versions cannot be kept here: choose one, or write the value yourself.')
  }
}

/**
 * Sets the value at a field path (`summary`, `practices/<itemId>/title`) inside `root` (a document's fields
 * or properties), returning a new root; undefined removes the value or the item.
 */
export function setAtPath(
  root: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path.split('/')
  if (head === undefined || head === '') throw new ResolveError('The conflict names no field.')
  return setIn(root, head, rest, value) as Record<string, unknown>
}

function setIn(container: unknown, key: string, rest: string[], value: unknown): unknown {
  if (Array.isArray(container)) {
    if (!isItemList(container) && container.length > 0) throw gone()
    const index = container.findIndex((item) => isPlainObject(item) && item.id === key)
    const current = index < 0 ? undefined : container[index]
    const next = rest.length === 0 ? value : setIn(current ?? {}, rest[0]!, rest.slice(1), value)
    if (index < 0) return next === undefined ? container : [...container, next]
    return next === undefined
      ? container.filter((_, i) => i !== index)
      : container.map((item, i) => (i === index ? next : item))
  }
  if (!isPlainObject(container)) throw gone()
  const current = Object.hasOwn(container, key) ? container[key] : undefined
  const next = rest.length === 0 ? value : setIn(current ?? {}, rest[0]!, rest.slice(1), value)
  const copy = { ...container }
  if (next === undefined) delete copy[key]
  else copy[key] = next
  return copy
}

/** The value at a field path, or undefined. */
export function getAtPath(root: Record<string, unknown>, path: string): unknown {
  let current: unknown = root
  for (const key of path.split('/')) {
    if (Array.isArray(current)) current = current.find((item) => isPlainObject(item) && item.id === key)
    else if (isPlainObject(current)) current = Object.hasOwn(current, key) ? current[key] : undefined
    else return undefined
  }
  return current
}

/**
 * Settles a 'paragraphs' conflict in the rich text where the merge left both sides' blocks, ours first. The
 * blocks are found by content, so edits elsewhere in the field since the merge do not matter; edits to these
 * very paragraphs do, and are never overwritten.
 */
export function resolveParagraphs(
  richText: unknown,
  conflict: MergeConflict,
  choice: ConflictChoice,
  edited?: unknown,
): unknown {
  if (!isRichText(richText)) throw gone()
  const ours = (conflict.ours.value ?? []) as SerializedNode[]
  const theirs = (conflict.theirs.value ?? []) as SerializedNode[]
  const blocks = richText.root.children ?? []
  const keys = blocks.map(blockKey)
  const wanted = [...ours, ...theirs].map(blockKey)
  const start = keys.findIndex((_, index) => wanted.every((key, offset) => keys[index + offset] === key))
  if (start < 0 || wanted.length === 0)
    throw new ResolveError(
      'These paragraphs were edited after the merge, so the conflict cannot be settled automatically: the field already holds your edit. Mark it settled with the value as it is now.',
    )
  let replacement: SerializedNode[]
  if (choice === 'mine') replacement = ours
  else if (choice === 'theirs') replacement = theirs
  else if (choice === 'both') replacement = [...ours, ...theirs]
  else if (isRichText(edited)) replacement = edited.root.children ?? []
  else throw new ResolveError('An edited value for paragraphs is rich text.')
  const children = [...blocks.slice(0, start), ...replacement, ...blocks.slice(start + wanted.length)]
  return { ...richText, root: { ...richText.root, children } }
}

function gone(): ResolveError {
  return new ResolveError(
    'The place of this conflict no longer exists in the document (it was changed after the merge).',
  )
}
