import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Result } from '../../../core/api/contract'
import { AutosaveController, SaveStateStore, type SaveState } from './autosave'

interface Harness {
  controller: AutosaveController<string>
  states: SaveState['kind'][]
  writes: Array<{ content: string; base: string }>
  setText(text: string): void
  /** Makes the next writes answer with these results, in order, instead of succeeding. */
  answers: Array<Result<{ revision: string }>>
  /** When set, writes wait for this promise before answering. */
  gate: Promise<void> | null
  /** When set, writes throw it (the bridge itself failed) instead of answering. */
  breaks: Error | null
}

function setup(): Harness {
  let text = ''
  let revision = 1
  const harness: Harness = {
    states: [],
    writes: [],
    answers: [],
    gate: null,
    breaks: null,
    setText(value: string) {
      text = value
      harness.controller.change()
    },
    controller: undefined as unknown as AutosaveController<string>,
  }
  harness.controller = new AutosaveController<string>({
    revision: 'r1',
    delayMs: 800,
    read: () => text,
    write: async (content, base) => {
      harness.writes.push({ content, base })
      if (harness.gate) await harness.gate
      if (harness.breaks) throw harness.breaks
      const answer = harness.answers.shift()
      if (answer) return answer
      revision += 1
      return { ok: true, data: { revision: `r${revision}` } }
    },
    onState: (state) => harness.states.push(state.kind),
  })
  return harness
}

describe('AutosaveController', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('saves once after a pause in the typing, with the revision it loaded', async () => {
    const h = setup()
    h.setText('Κ')
    await vi.advanceTimersByTimeAsync(500)
    h.setText('Κο')
    await vi.advanceTimersByTimeAsync(500)
    expect(h.writes).toEqual([])
    await vi.advanceTimersByTimeAsync(300)
    expect(h.writes).toEqual([{ content: 'Κο', base: 'r1' }])
    expect(h.controller.currentState.kind).toBe('saved')
    expect(h.controller.currentRevision).toBe('r2')
  })

  it('saves edits made while a save is in flight, on the new revision', async () => {
    const h = setup()
    let open: () => void = () => {}
    h.gate = new Promise((resolve) => (open = resolve))
    h.setText('a')
    const first = h.controller.flush()
    h.setText('ab')
    h.gate = null
    open()
    // The user is still typing, so the first flush honestly reports that not everything is on disk yet.
    expect(await first).toBe(false)
    expect(h.controller.currentState.kind).toBe('pending')
    await vi.advanceTimersByTimeAsync(800)
    expect(h.writes.map((w) => [w.content, w.base])).toEqual([
      ['a', 'r1'],
      ['ab', 'r2'],
    ])
    expect(h.controller.hasUnsavedChanges).toBe(false)
    expect(h.controller.currentState.kind).toBe('saved')
  })

  it('a flush during a save waits for it and then saves the rest', async () => {
    const h = setup()
    let open: () => void = () => {}
    h.gate = new Promise((resolve) => (open = resolve))
    h.setText('a')
    void h.controller.flush()
    h.setText('ab')
    const second = h.controller.flush()
    h.gate = null
    open()
    expect(await second).toBe(true)
    expect(h.writes.map((w) => w.content)).toEqual(['a', 'ab'])
  })

  it('keeps the changes after a failure and saves them on retry', async () => {
    const h = setup()
    h.answers.push({ ok: false, error: { code: 'disk-full', message: 'The disk is full.' } })
    h.setText('șț')
    expect(await h.controller.flush()).toBe(false)
    expect(h.controller.currentState).toEqual({
      kind: 'failed',
      error: { code: 'disk-full', message: 'The disk is full.' },
    })
    expect(h.controller.hasUnsavedChanges).toBe(true)
    expect(await h.controller.flush()).toBe(true)
    expect(h.writes.map((w) => [w.content, w.base])).toEqual([
      ['șț', 'r1'],
      ['șț', 'r1'],
    ])
  })

  it('stops saving after a conflict, whatever is typed next', async () => {
    const h = setup()
    h.answers.push({ ok: false, error: { code: 'conflict', message: 'Changed on disk.' } })
    h.setText('x')
    expect(await h.controller.flush()).toBe(false)
    h.setText('xy')
    await vi.advanceTimersByTimeAsync(5000)
    expect(await h.controller.flush()).toBe(false)
    expect(h.writes).toHaveLength(1)
    expect(h.controller.currentState.kind).toBe('conflict')
  })

  it('does nothing when nothing changed', async () => {
    const h = setup()
    expect(await h.controller.flush()).toBe(true)
    expect(h.writes).toEqual([])
    expect(h.states).toEqual([])
  })
  it('saves soon after the caret leaves, not at once, and not when nothing changed', async () => {
    const h = setup()
    h.controller.saveSoon(250)
    await vi.advanceTimersByTimeAsync(1000)
    expect(h.writes).toEqual([])
    h.setText('Κοινότητα')
    h.controller.saveSoon(250)
    expect(h.writes).toEqual([])
    await vi.advanceTimersByTimeAsync(250)
    expect(h.writes.map((w) => w.content)).toEqual(['Κοινότητα'])
    // The typing pause that was running is replaced, not added to.
    await vi.advanceTimersByTimeAsync(1000)
    expect(h.writes).toHaveLength(1)
  })

  it('hands a pending save to finish when the editor goes before the moment has passed', async () => {
    const h = setup()
    h.setText('Left right away')
    h.controller.saveSoon(250)
    h.controller.dispose()
    await vi.advanceTimersByTimeAsync(1000)
    expect(h.writes).toEqual([])
    expect(await h.controller.finish()).toBeNull()
    expect(h.writes.map((w) => w.content)).toEqual(['Left right away'])
  })

  describe('finish, after the editor has gone', () => {
    it('saves what was typed during a running save too, without waiting for a pause', async () => {
      const h = setup()
      let open!: () => void
      h.gate = new Promise((resolve) => (open = resolve))
      h.setText('Draft')
      const first = h.controller.flush()
      // Typed while the first save runs, just before leaving: its pause timer must not hold the last save back.
      h.setText('Draft, then more')
      const finished = h.controller.finish()
      h.gate = null
      open()
      await first
      expect(await finished).toBeNull()
      expect(h.writes.map((w) => [w.content, w.base])).toEqual([
        ['Draft', 'r1'],
        ['Draft, then more', 'r2'],
      ])
    })

    it('hands back the latest content with the revision it was to replace when the save fails', async () => {
      const h = setup()
      h.answers.push({ ok: false, error: { code: 'disk-full', message: 'ENOSPC' } })
      h.setText('Ανοιχτές αυλές')
      expect(await h.controller.finish()).toEqual({
        content: 'Ανοιχτές αυλές',
        baseRevision: 'r1',
        error: { code: 'disk-full', message: 'ENOSPC' },
      })
    })

    it('turns a write that throws into a failure that keeps the text', async () => {
      const h = setup()
      h.breaks = new Error('bridge gone')
      h.setText('kept')
      expect(await h.controller.finish()).toEqual({
        content: 'kept',
        baseRevision: 'r1',
        error: { code: 'internal', message: 'bridge gone' },
      })
      expect(h.controller.hasUnsavedChanges).toBe(true)
    })
  })
})

describe('SaveStateStore', () => {
  it('tells its listeners of each new state once, and of a burst of typing once', () => {
    const store = new SaveStateStore()
    const seen: SaveState['kind'][] = []
    const unsubscribe = store.subscribe(() => seen.push(store.get().kind))
    store.set({ kind: 'pending' })
    store.set({ kind: 'pending' })
    store.set({ kind: 'pending' })
    store.set({ kind: 'saving' })
    store.set({ kind: 'saved' })
    store.set({ kind: 'pending' })
    expect(seen).toEqual(['pending', 'saving', 'saved', 'pending'])
    unsubscribe()
    store.set({ kind: 'saving' })
    expect(seen).toHaveLength(4)
    expect(store.get()).toEqual({ kind: 'saving' })
  })
})
