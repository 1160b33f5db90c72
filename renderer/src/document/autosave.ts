import type { ApiError, Result } from '../../../core/api/contract'
import { asApiError } from '../api/client'

export type SaveState =
  /** Nothing changed since the document was opened. */
  | { kind: 'idle' }
  /** Changed; waiting for a pause in the typing. */
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'failed'; error: ApiError }
  /** The file on disk is no longer the one we loaded: saving stops until the user decides. */
  | { kind: 'conflict'; error: ApiError }

/**
 * The save state as the screen shows it. Only what shows it subscribes, so a change (the first key of a burst of
 * typing, a save starting and ending) re-renders the status line and not the editor around it.
 */
export class SaveStateStore {
  private state: SaveState = { kind: 'idle' }
  private readonly listeners = new Set<() => void>()

  readonly get = (): SaveState => this.state

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  set(state: SaveState): void {
    // Every keystroke reports "pending" again: telling the screen each time would cost each one.
    if (state.kind === 'pending' && this.state.kind === 'pending') return
    this.state = state
    for (const listener of this.listeners) listener()
  }
}

/** What a save could not write: the latest content, the revision it was to replace, and why it failed. */
export interface Unsaved<Content> {
  content: Content
  baseRevision: string
  error: ApiError
}

export interface AutosaveOptions<Content> {
  /** The revision the document was loaded at; every save names the revision it replaces. */
  revision: string
  delayMs: number
  /** Reads the current content when a save starts, so typing itself never pays for serialisation. */
  read: () => Content
  write: (content: Content, baseRevision: string) => Promise<Result<{ revision: string }>>
  onState: (state: SaveState) => void
}

/**
 * Saves a document after a pause in the typing, on demand (blur, leaving, closing), and again when edits
 * arrived while a save was in flight. Never overwrites a file that changed on disk: a conflict stops it.
 */
export class AutosaveController<Content> {
  private readonly options: AutosaveOptions<Content>
  private revision: string
  private state: SaveState = { kind: 'idle' }
  private dirty = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private running: Promise<boolean> | null = null
  private disposed = false

  constructor(options: AutosaveOptions<Content>) {
    this.options = options
    this.revision = options.revision
  }

  get currentState(): SaveState {
    return this.state
  }

  get currentRevision(): string {
    return this.revision
  }

  get hasUnsavedChanges(): boolean {
    return this.dirty
  }

  /** Call on every edit. Cheap: it only marks the document dirty and restarts the pause timer. */
  change(): void {
    if (this.disposed) return
    this.dirty = true
    if (this.state.kind === 'conflict') return
    if (this.state.kind !== 'saving') this.setState({ kind: 'pending' })
    this.saveAfter(this.options.delayMs)
  }

  /**
   * The caret left the text: what is unsaved is saved after `delayMs` instead of the typing pause. Not at once: a
   * click that leaves the document also takes the caret away, and its editor then hands the save on to be done
   * once the next document is drawn (BackgroundSaves); reading a long text out first would hold that click up.
   */
  saveSoon(delayMs: number): void {
    if (this.disposed || !this.dirty || this.state.kind === 'conflict') return
    this.saveAfter(delayMs)
  }

  /** Saves now if anything is unsaved. Resolves true when everything typed so far is on disk. */
  flush(): Promise<boolean> {
    this.clearTimer()
    // The running loop re-checks after each write, and the timer is now cleared, so it also saves what is new.
    if (this.running) return this.running.then(() => !this.dirty)
    this.running = this.saveWhileDirty().finally(() => {
      this.running = null
    })
    return this.running
  }

  /**
   * Saves until nothing is left, for an editor that has gone (no pause timer will fire again). Resolves null when
   * everything is on disk, or with what could not be saved and why, read last, so nothing typed is missing.
   */
  async finish(): Promise<Unsaved<Content> | null> {
    for (;;) {
      if (await this.flush()) return null
      const state = this.state
      if (state.kind === 'failed' || state.kind === 'conflict')
        return { content: this.options.read(), baseRevision: this.revision, error: state.error }
      // Edits that arrived while the last save ran, just before the editor went: one more round saves them.
    }
  }

  /** The user chose to drop what is unsaved (reload from disk, or kept it as a copy): leaving is safe now. */
  discardChanges(): void {
    this.dirty = false
    this.clearTimer()
  }

  /** Stops the timer; the owner flushes first if it wants the last edits kept. */
  dispose(): void {
    this.disposed = true
    this.clearTimer()
  }

  private async saveWhileDirty(): Promise<boolean> {
    // A pending timer means the user is still typing: let it fire rather than saving mid-sentence.
    while (this.dirty && this.timer === null) {
      if (this.state.kind === 'conflict') return false
      const content = this.options.read()
      this.dirty = false
      this.setState({ kind: 'saving' })
      // A write that throws (the bridge itself failed) is a failed save like any other, never a lost edit.
      const result = await this.options
        .write(content, this.revision)
        .catch((error: unknown): Result<never> => ({ ok: false, error: asApiError(error) }))
      if (!result.ok) {
        this.dirty = true
        this.setState(
          result.error.code === 'conflict'
            ? { kind: 'conflict', error: result.error }
            : { kind: 'failed', error: result.error },
        )
        return false
      }
      this.revision = result.data.revision
      if (!this.dirty) this.setState({ kind: 'saved' })
      else if (this.timer !== null) this.setState({ kind: 'pending' })
    }
    return !this.dirty
  }

  private saveAfter(delayMs: number): void {
    this.clearTimer()
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush()
    }, delayMs)
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }

  private setState(state: SaveState): void {
    this.state = state
    if (!this.disposed) this.options.onState(state)
  }
}
