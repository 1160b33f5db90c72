import { dialog, type BrowserWindow } from 'electron'
import { send } from './ipc'

/** Long enough for the page to flush its pending saves, short enough that a stuck page never traps the user. */
export const CLOSE_TIMEOUT_MS = 4000

export interface CloseGuard {
  /** The page has saved what was pending: let the held close go through. */
  readyToClose(): void
}

/** Asks the user whether to close although the page did not confirm its save; resolves to true to close. */
export type AskToCloseAnyway = (window: BrowserWindow) => Promise<boolean>

/**
 * Holds a window's close until its page confirms it has saved, so no keystroke typed just before closing is lost.
 * The first close is prevented and the page is told with 'app:before-close'; the window closes when the page
 * answers (`window:ready-to-close`). A page that does not answer in time (its save failed, or it hangs) never
 * traps the user, but never loses their work silently either: they are asked whether to close anyway.
 */
export function guardWindowClose(
  window: BrowserWindow,
  askToCloseAnyway: AskToCloseAnyway,
  timeoutMs = CLOSE_TIMEOUT_MS,
): CloseGuard {
  let released = false
  let timer: ReturnType<typeof setTimeout> | undefined

  const release = () => {
    released = true
    clearTimeout(timer)
    timer = undefined
    if (!window.isDestroyed()) window.close()
  }

  window.on('close', (event) => {
    // A crashed page has nothing left to save and would never answer.
    if (released || window.webContents.isCrashed()) return
    event.preventDefault()
    if (timer !== undefined) return
    send(window, 'app:before-close', {})
    timer = setTimeout(() => {
      askToCloseAnyway(window)
        .catch(() => true)
        .then((closeAnyway) => {
          if (closeAnyway) release()
          // Kept open: the next close asks the page to save again.
          else timer = undefined
        })
    }, timeoutMs)
  })
  window.on('closed', () => clearTimeout(timer))

  return {
    readyToClose() {
      // An answer with no close pending (a stray or late call) must not close the window.
      if (timer !== undefined) release()
    },
  }
}

/** The native question behind AskToCloseAnyway; "keep open" is the default, because it loses nothing. */
export async function confirmCloseWithoutSave(window: BrowserWindow): Promise<boolean> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'warning',
    title: 'Close HECSOs Studio?',
    message: 'Your latest changes may not be saved.',
    detail:
      'The window did not confirm that it saved your latest changes (the disk may be full or unavailable). ' +
      'Keep the window open to see what went wrong and try again.',
    buttons: ['Keep the window open', 'Close anyway'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  })
  return response === 1
}
