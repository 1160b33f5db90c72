import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserWindow } from 'electron'
import { CLOSE_TIMEOUT_MS, guardWindowClose } from './close-guard'
import { BrowserWindow as FakeBrowserWindow } from './test-support/fake-electron'

vi.mock('electron', () => import('./test-support/fake-electron'))

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function guarded() {
  const window = new FakeBrowserWindow()
  const guard = guardWindowClose(window as unknown as BrowserWindow)
  return { window, guard }
}

describe('the close guard', () => {
  it('holds the first close and asks the page to save', () => {
    const { window } = guarded()
    window.close()
    expect(window.destroyed).toBe(false)
    expect(window.webContents.send).toHaveBeenCalledWith('app:before-close', {})
  })

  it('closes once the page says it is ready', () => {
    const { window, guard } = guarded()
    window.close()
    guard.readyToClose()
    expect(window.destroyed).toBe(true)
  })

  it('closes after the timeout when the page never answers', () => {
    const { window } = guarded()
    window.close()
    vi.advanceTimersByTime(CLOSE_TIMEOUT_MS - 1)
    expect(window.destroyed).toBe(false)
    vi.advanceTimersByTime(1)
    expect(window.destroyed).toBe(true)
  })

  it('asks only once when the user closes again while waiting', () => {
    const { window, guard } = guarded()
    window.close()
    window.close()
    expect(window.webContents.send).toHaveBeenCalledTimes(1)
    expect(window.destroyed).toBe(false)
    guard.readyToClose()
    expect(window.destroyed).toBe(true)
  })

  it('ignores a ready signal when no close is pending', () => {
    const { window, guard } = guarded()
    guard.readyToClose()
    expect(window.close).not.toHaveBeenCalled()
    window.close()
    expect(window.destroyed).toBe(false)
  })

  it('lets a window with a crashed page close at once', () => {
    const { window } = guarded()
    window.webContents.crashed = true
    window.close()
    expect(window.destroyed).toBe(true)
    expect(window.webContents.send).not.toHaveBeenCalled()
  })

  it('leaves no timer behind once the window is gone', () => {
    const { window, guard } = guarded()
    window.close()
    guard.readyToClose()
    expect(vi.getTimerCount()).toBe(0)
    expect(window.close).toHaveBeenCalledTimes(2)
  })
})
