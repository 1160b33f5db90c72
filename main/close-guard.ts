import type { BrowserWindow } from 'electron'
import { send } from './ipc'

/** Long enough for the page to flush its pending saves, short enough that a stuck page never traps the user. */
export const CLOSE_TIMEOUT_MS = 4000

export interface CloseGuard {
  /** The page has saved what was pending: let the held close go through. */
  readyToClose(): void
}

/**
 * Holds a window's close until its page confirms it has saved, so no keystroke typed just before closing is lost.
 * The first close is prevented and the page is told with 'app:before-close'; the window then closes when the page
 * answers (`window:ready-to-close`) or when the timeout runs out, whichever comes first.
 */
export function guardWindowClose(window: BrowserWindow, timeoutMs = CLOSE_TIMEOUT_MS): CloseGuard {
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
    timer = setTimeout(release, timeoutMs)
  })
  window.on('closed', () => clearTimeout(timer))

  return {
    readyToClose() {
      // An answer with no close pending (a stray or late call) must not close the window.
      if (timer !== undefined) release()
    },
  }
}
