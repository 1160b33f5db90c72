import type { Result } from '../../../core/api/contract'
import type { DocumentContent } from '../../../core/model/document'
import { asApiError, invoke } from '../api/client'
import type { Unsaved } from './autosave'

export interface DocumentRef {
  projectId: string
  documentId: string
}

/** A document whose last edits a background save could not write: kept here until it is opened or saved. */
export interface UnsavedDocument extends Unsaved<DocumentContent> {
  ref: DocumentRef
}

export type WriteDocument = (
  ref: DocumentRef,
  content: DocumentContent,
  baseRevision: string,
) => Promise<Result<unknown>>

/**
 * How long a save left behind waits for the next screen to be shown before it starts anyway: the screens that
 * do not say so (the project, the library) have drawn by then.
 */
export const NEXT_SCREEN_WAIT_MS = 500

function keyOf(ref: DocumentRef): string {
  return `${ref.projectId}/${ref.documentId}`
}

/**
 * The saves that carry on after their editor has gone. Leaving a document does not wait for the disk (a
 * 50,000-word text takes a noticeable moment to write); this is what keeps that safe:
 * - the document opens again only once its own save has ended, so it never shows an older text;
 * - what a save could not write stays here, in memory, and the reopened editor starts from it and saves it again;
 * - the window closes only once every save has ended, after one more try of those that failed.
 *
 * A save left behind starts once the next screen is shown (or after NEXT_SCREEN_WAIT_MS): reading and sending a
 * long text takes the page and the main process a moment, which the document being opened needs more.
 */
export class BackgroundSaves {
  readonly #write: WriteDocument
  readonly #running = new Map<string, Promise<void>>()
  readonly #unsaved = new Map<string, UnsavedDocument>()
  readonly #failureListeners = new Set<(unsaved: UnsavedDocument) => void>()
  #nextScreen: { shown: Promise<void>; release: () => void } | null = null

  constructor(write: WriteDocument) {
    this.#write = write
  }

  /** Takes over a document's save from its closing editor; `finish` resolves with what it could not write. */
  carryOn(ref: DocumentRef, finish: () => Promise<Unsaved<DocumentContent> | null>): void {
    const nextScreen = this.#waitForNextScreen()
    this.#track(ref, async () => {
      await nextScreen
      const unsaved = await finish().catch((error: unknown): Unsaved<DocumentContent> | null => {
        // finish() reports failures as values; reaching here means the editor's own code broke, and there is no
        // content left to keep. Said loudly rather than swallowed.
        console.error('A background save broke:', error)
        return null
      })
      if (!unsaved) return
      const entry = { ref, ...unsaved }
      this.#unsaved.set(keyOf(ref), entry)
      for (const listener of this.#failureListeners) listener(entry)
    })
  }

  /** Resolves once the document's own save has ended (at once when it has none). */
  async settled(ref: DocumentRef): Promise<void> {
    const running = this.#running.get(keyOf(ref))
    // Reopened: this document is the next screen, and it waits for its own save.
    if (running) this.nextScreenShown()
    await running
  }

  /**
   * Hands over what the document's save could not write, to an editor that will save it: it is no longer kept
   * here. Null when everything is on disk. Call once `settled` has resolved.
   */
  take(ref: DocumentRef): UnsavedDocument | null {
    const unsaved = this.#unsaved.get(keyOf(ref)) ?? null
    this.#unsaved.delete(keyOf(ref))
    return unsaved
  }

  /** Resolves once every save running now (and any started meanwhile) has ended. */
  async whenIdle(): Promise<void> {
    this.nextScreenShown()
    while (this.#running.size > 0) await Promise.all(this.#running.values())
  }

  /**
   * Before the window closes: waits for every save, tries each failed one once more (a disk that was full or
   * unplugged for a moment may be back), and resolves with what is still unsaved. A conflict is not tried again:
   * only its author can say which version to keep.
   */
  async saveAll(): Promise<UnsavedDocument[]> {
    await this.whenIdle()
    for (const entry of [...this.#unsaved.values()]) {
      if (entry.error.code === 'conflict') continue
      this.#track(entry.ref, async () => {
        const result = await this.#write(entry.ref, entry.content, entry.baseRevision).catch(
          (error: unknown): Result<never> => ({ ok: false, error: asApiError(error) }),
        )
        if (result.ok) this.#unsaved.delete(keyOf(entry.ref))
        else this.#unsaved.set(keyOf(entry.ref), { ...entry, error: result.error })
      })
    }
    await this.whenIdle()
    return [...this.#unsaved.values()]
  }

  /** The screen that followed is on show: the saves left behind may start. */
  nextScreenShown(): void {
    this.#nextScreen?.release()
    this.#nextScreen = null
  }

  /** Called when a background save fails, so the user hears of it while the document is not on screen. */
  onFailure(listener: (unsaved: UnsavedDocument) => void): () => void {
    this.#failureListeners.add(listener)
    return () => {
      this.#failureListeners.delete(listener)
    }
  }

  #waitForNextScreen(): Promise<void> {
    if (!this.#nextScreen) {
      let release!: () => void
      const shown = new Promise<void>((resolve) => (release = resolve))
      const timer = setTimeout(() => this.nextScreenShown(), NEXT_SCREEN_WAIT_MS)
      this.#nextScreen = {
        shown,
        release: () => {
          clearTimeout(timer)
          release()
        },
      }
    }
    return this.#nextScreen.shown
  }

  /** Runs `work` after the document's previous background work, so two saves of one file never race. */
  #track(ref: DocumentRef, work: () => Promise<void>): void {
    const key = keyOf(ref)
    const running = (this.#running.get(key) ?? Promise.resolve()).then(work).finally(() => {
      if (this.#running.get(key) === running) this.#running.delete(key)
    })
    this.#running.set(key, running)
  }
}

/** The app's one registry: the editors hand their saves to it, the document screen and the window ask it. */
export const backgroundSaves = new BackgroundSaves((ref, content, baseRevision) =>
  invoke('documents:save', { ...ref, content, baseRevision }),
)
