import { useCallback, useSyncExternalStore } from 'react'

/** Replaces a value with the next one; editors pass a recipe so that edits to the same value never race. */
export type Recipe<T> = (previous: T) => T
export type Update<T> = (recipe: Recipe<T>) => void

type Listener = () => void

/**
 * The values of one structured document, held outside React so that a keystroke re-renders only the field it
 * changed: each top-level field has its own subscribers, and values are replaced, never mutated, so a group
 * item or a table row that did not change keeps its identity and its memoised editor is skipped.
 *
 * Rich-text editors do not serialise on every keystroke: they register a flusher that writes their value in
 * when something needs the values (a save, the completeness check).
 */
export class FieldStore {
  #values: Record<string, unknown>
  readonly #byField = new Map<string, Set<Listener>>()
  readonly #onAnyChange = new Set<Listener>()
  readonly #flushers = new Set<() => void>()
  /** While flushing, edits were already announced keystroke by keystroke: writing them in is not a new change. */
  #flushing = false

  constructor(initial: Readonly<Record<string, unknown>>) {
    this.#values = { ...initial }
  }

  get(fieldId: string): unknown {
    return Object.hasOwn(this.#values, fieldId) ? this.#values[fieldId] : undefined
  }

  update(fieldId: string, recipe: Recipe<unknown>): void {
    const previous = this.get(fieldId)
    const next = recipe(previous)
    if (Object.is(next, previous)) return
    this.#values = { ...this.#values, [fieldId]: next }
    for (const listener of this.#byField.get(fieldId) ?? []) listener()
    if (!this.#flushing) this.changed()
  }

  /** Something changed that is not in the values yet (a rich-text editor holds it until flushed). */
  changed(): void {
    for (const listener of this.#onAnyChange) listener()
  }

  /** Every value, with what rich-text editors still hold written in. */
  snapshot(): Record<string, unknown> {
    this.flush()
    return this.#values
  }

  /** The values as they are, without asking the rich-text editors: cheap, for reading other fields. */
  peek(): Readonly<Record<string, unknown>> {
    return this.#values
  }

  flush(): void {
    const pending = [...this.#flushers]
    this.#flushers.clear()
    this.#flushing = true
    try {
      for (const flusher of pending) flusher()
    } finally {
      this.#flushing = false
    }
  }

  /** A rich-text editor that has unsaved keystrokes; the flusher runs once, at the next snapshot. */
  defer(flusher: () => void): void {
    this.#flushers.add(flusher)
  }

  subscribe(fieldId: string, listener: Listener): () => void {
    const set = this.#byField.get(fieldId) ?? new Set<Listener>()
    set.add(listener)
    this.#byField.set(fieldId, set)
    return () => set.delete(listener)
  }

  subscribeAll(listener: Listener): () => void {
    this.#onAnyChange.add(listener)
    return () => this.#onAnyChange.delete(listener)
  }
}

/** A top-level field's value and its update function; re-renders only when that field changes. */
export function useStoredField(store: FieldStore, fieldId: string): [unknown, Update<unknown>] {
  const subscribe = useCallback((listener: Listener) => store.subscribe(fieldId, listener), [store, fieldId])
  const value = useSyncExternalStore(subscribe, () => store.get(fieldId))
  const update = useCallback<Update<unknown>>((recipe) => store.update(fieldId, recipe), [store, fieldId])
  return [value, update]
}

/** The values of several top-level fields (a matrix reads the groups its rows and columns come from). */
export function useStoredFields(
  store: FieldStore,
  fieldIds: readonly string[],
): Readonly<Record<string, unknown>> {
  const key = fieldIds.join('\n')
  const subscribe = useCallback(
    (listener: Listener) => {
      const stops = key.split('\n').map((id) => store.subscribe(id, listener))
      return () => stops.forEach((stop) => stop())
    },
    [store, key],
  )
  return useSyncExternalStore(subscribe, () => store.peek())
}
