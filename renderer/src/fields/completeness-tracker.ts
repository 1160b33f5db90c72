import { useCallback, useSyncExternalStore } from 'react'
import {
  checkCompleteness,
  type Completeness,
  type FieldCompleteness,
} from '../../../core/templates/completeness'
import type { Template, Vocabulary } from '../../../core/templates/template-schema'
import type { FieldStore } from './field-store'

/** Long enough to stay out of the way of typing; short enough that a meter follows what was just written. */
const RECHECK_DELAY_MS = 400

/**
 * The document's completeness, checked again after a pause in the editing rather than on every keystroke.
 * Each field's result keeps its identity while it does not change, so only the fields whose state moved
 * re-render when the check runs.
 */
export class CompletenessTracker {
  #current: Completeness
  readonly #signatures = new Map<string, string>()
  readonly #fields = new Map<string, FieldCompleteness>()
  readonly #listeners = new Set<() => void>()
  #timer: ReturnType<typeof setTimeout> | null = null
  readonly #stop: () => void

  constructor(
    private readonly template: Template,
    private readonly vocabularies: ReadonlyMap<string, Vocabulary>,
    private readonly store: FieldStore,
  ) {
    this.#current = this.#check()
    this.#stop = store.subscribeAll(() => this.#schedule())
  }

  get current(): Completeness {
    return this.#current
  }

  field(fieldId: string): FieldCompleteness | undefined {
    return this.#fields.get(fieldId)
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  dispose(): void {
    this.#stop()
    if (this.#timer !== null) clearTimeout(this.#timer)
  }

  #schedule(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.#current = this.#check()
      for (const listener of this.#listeners) listener()
    }, RECHECK_DELAY_MS)
  }

  #check(): Completeness {
    const result = checkCompleteness(this.template, this.store.snapshot(), {
      vocabularies: this.vocabularies,
    })
    for (const [fieldId, field] of Object.entries(result.fields)) {
      const signature = JSON.stringify(field)
      if (this.#signatures.get(fieldId) === signature) continue
      this.#signatures.set(fieldId, signature)
      this.#fields.set(fieldId, field)
    }
    return result
  }
}

export function useCompleteness(tracker: CompletenessTracker): Completeness {
  const subscribe = useCallback((listener: () => void) => tracker.subscribe(listener), [tracker])
  return useSyncExternalStore(subscribe, () => tracker.current)
}

export function useFieldCompleteness(
  tracker: CompletenessTracker,
  fieldId: string,
): FieldCompleteness | undefined {
  const subscribe = useCallback((listener: () => void) => tracker.subscribe(listener), [tracker])
  return useSyncExternalStore(subscribe, () => tracker.field(fieldId))
}
