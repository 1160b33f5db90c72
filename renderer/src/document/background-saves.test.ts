import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiError, Result } from '../../../core/api/contract'
import type { DocumentContent } from '../../../core/model/document'
import type { Unsaved } from './autosave'
import {
  BackgroundSaves,
  NEXT_SCREEN_WAIT_MS,
  type DocumentRef,
  type UnsavedDocument,
} from './background-saves'

const REF: DocumentRef = { projectId: 'p1', documentId: 'd1' }
const OTHER: DocumentRef = { projectId: 'p1', documentId: 'd2' }
const DISK_FULL: ApiError = { code: 'disk-full', message: 'ENOSPC' }

function content(title: string): DocumentContent {
  return { title, language: 'ro', status: 'draft', authors: [], fields: {} }
}

function unsaved(title: string, error: ApiError = DISK_FULL): Unsaved<DocumentContent> {
  return { content: content(title), baseRevision: 'r1', error }
}

/** A registry whose retries always succeed: for the tests that are about the saves handed to it. */
function savingEverything(): BackgroundSaves {
  return new BackgroundSaves(() => Promise.resolve({ ok: true, data: null }))
}

/** A promise the test settles by hand, to hold a save in flight. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((settle) => (resolve = settle))
  return { promise, resolve }
}

describe('BackgroundSaves', () => {
  it('opens a document again only once its save has ended', async () => {
    const saves = savingEverything()
    const save = deferred<null>()
    saves.carryOn(REF, () => save.promise)
    let settled = false
    const opening = saves.settled(REF).then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    save.resolve(null)
    await opening
    expect(saves.take(REF)).toBeNull()
  })

  it('keeps what a save could not write for the reopened editor, once, and says so when it fails', async () => {
    const saves = savingEverything()
    const heard: UnsavedDocument[] = []
    const stopListening = saves.onFailure((entry) => heard.push(entry))
    saves.carryOn(REF, () => Promise.resolve(unsaved('Atelierul de politici')))
    await saves.whenIdle()
    expect(heard).toEqual([{ ref: REF, ...unsaved('Atelierul de politici') }])
    await saves.settled(REF)
    expect(saves.take(REF)).toEqual({ ref: REF, ...unsaved('Atelierul de politici') })
    expect(saves.take(REF)).toBeNull()
    stopListening()
    saves.carryOn(REF, () => Promise.resolve(unsaved('again')))
    await saves.whenIdle()
    expect(heard).toHaveLength(1)
  })

  it('runs two saves of one document one after the other, and those of others alongside', async () => {
    const saves = savingEverything()
    const order: string[] = []
    const first = deferred<null>()
    saves.carryOn(REF, async () => {
      order.push('first starts')
      await first.promise
      order.push('first ends')
      return null
    })
    saves.carryOn(REF, async () => {
      order.push('second starts')
      return null
    })
    saves.carryOn(OTHER, async () => {
      order.push('other starts')
      return null
    })
    saves.nextScreenShown()
    await new Promise((resolve) => setTimeout(resolve, 0))
    first.resolve(null)
    await saves.whenIdle()
    expect(order).toEqual(['first starts', 'other starts', 'first ends', 'second starts'])
  })

  it('before closing, tries a failed save once more and reports only what still fails', async () => {
    const write =
      vi.fn<(ref: DocumentRef, value: DocumentContent, base: string) => Promise<Result<unknown>>>()
    write.mockResolvedValueOnce({ ok: true, data: null })
    const saves = new BackgroundSaves(write)
    saves.carryOn(REF, () => Promise.resolve(unsaved('Back on disk')))
    saves.carryOn(OTHER, () =>
      Promise.resolve(unsaved('Changed elsewhere', { code: 'conflict', message: 'c' })),
    )
    const left = await saves.saveAll()
    expect(write).toHaveBeenCalledTimes(1)
    expect(write).toHaveBeenCalledWith(REF, content('Back on disk'), 'r1')
    // A conflict waits for its author's choice: never written over, never dropped.
    expect(left.map((entry) => entry.ref)).toEqual([OTHER])
    expect(saves.take(REF)).toBeNull()
  })

  it('keeps the entry, with the new reason, when the retry fails or throws', async () => {
    const write = vi
      .fn<(ref: DocumentRef, value: DocumentContent, base: string) => Promise<Result<unknown>>>()
      .mockResolvedValueOnce({ ok: false, error: { code: 'io', message: 'EIO' } })
      .mockRejectedValueOnce(new Error('bridge gone'))
    const saves = new BackgroundSaves(write)
    saves.carryOn(REF, () => Promise.resolve(unsaved('Kept')))
    expect((await saves.saveAll()).map((entry) => entry.error)).toEqual([{ code: 'io', message: 'EIO' }])
    expect((await saves.saveAll()).map((entry) => entry.error)).toEqual([
      { code: 'internal', message: 'bridge gone' },
    ])
    expect(saves.take(REF)?.content).toEqual(content('Kept'))
  })

  it('survives an editor whose finishing code breaks, and says so', async () => {
    const saves = savingEverything()
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    saves.carryOn(REF, () => Promise.reject(new Error('broken')))
    await saves.whenIdle()
    expect(errors).toHaveBeenCalledOnce()
    errors.mockRestore()
    expect(saves.take(REF)).toBeNull()
  })

  describe('giving way to the next screen', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    it('starts a save left behind once the next screen is shown', async () => {
      vi.useFakeTimers()
      const saves = savingEverything()
      const finish = vi.fn(() => Promise.resolve(null))
      saves.carryOn(REF, finish)
      await vi.advanceTimersByTimeAsync(NEXT_SCREEN_WAIT_MS - 1)
      expect(finish).not.toHaveBeenCalled()
      saves.nextScreenShown()
      await vi.advanceTimersByTimeAsync(0)
      expect(finish).toHaveBeenCalledOnce()
    })

    it('starts it anyway when no screen says so in time', async () => {
      vi.useFakeTimers()
      const saves = savingEverything()
      const finish = vi.fn(() => Promise.resolve(null))
      saves.carryOn(REF, finish)
      await vi.advanceTimersByTimeAsync(NEXT_SCREEN_WAIT_MS)
      expect(finish).toHaveBeenCalledOnce()
    })

    it('lets another document load first: opening it does not start the save', async () => {
      vi.useFakeTimers()
      const saves = savingEverything()
      const finish = vi.fn(() => Promise.resolve(null))
      saves.carryOn(REF, finish)
      await saves.settled(OTHER)
      await vi.advanceTimersByTimeAsync(0)
      expect(finish).not.toHaveBeenCalled()
    })

    it('starts it at once when its document is opened again or the saves are waited for', async () => {
      vi.useFakeTimers()
      const saves = savingEverything()
      const reopened = vi.fn(() => Promise.resolve(null))
      saves.carryOn(REF, reopened)
      await saves.settled(REF)
      expect(reopened).toHaveBeenCalledOnce()
      const waited = vi.fn(() => Promise.resolve(null))
      saves.carryOn(OTHER, waited)
      await saves.whenIdle()
      expect(waited).toHaveBeenCalledOnce()
    })
  })
})
