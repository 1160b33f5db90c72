import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserWindow } from 'electron'
import { CLOSE_TIMEOUT_MS, confirmCloseWithoutSave, guardWindowClose } from './close-guard'
import { BrowserWindow as FakeBrowserWindow } from './test-support/fake-electron'

vi.mock('electron', () => import('./test-support/fake-electron'))

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function guarded(closeAnyway = true) {
  const window = new FakeBrowserWindow()
  const ask = vi.fn(async () => closeAnyway)
  const guard = guardWindowClose(window as unknown as BrowserWindow, ask)
  return { window, guard, ask }
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

  it('asks the user after the timeout when the page never answers, and closes if they agree', async () => {
    const { window, ask } = guarded(true)
    window.close()
    await vi.advanceTimersByTimeAsync(CLOSE_TIMEOUT_MS - 1)
    expect(ask).not.toHaveBeenCalled()
    expect(window.destroyed).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(ask).toHaveBeenCalledTimes(1)
    expect(window.destroyed).toBe(true)
  })

  it('stays open when the user chooses to keep it, and asks the page again on the next close', async () => {
    const { window, guard, ask } = guarded(false)
    window.close()
    await vi.advanceTimersByTimeAsync(CLOSE_TIMEOUT_MS)
    expect(ask).toHaveBeenCalledTimes(1)
    expect(window.destroyed).toBe(false)
    window.close()
    expect(window.webContents.send).toHaveBeenCalledTimes(2)
    guard.readyToClose()
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

describe('the question before closing without a save', () => {
  it('keeps the window open unless the user chooses to close anyway', async () => {
    const { dialog } = await import('./test-support/fake-electron')
    const window = new FakeBrowserWindow() as unknown as BrowserWindow
    vi.mocked(dialog.showMessageBox).mockResolvedValueOnce({ response: 0, checkboxChecked: false })
    expect(await confirmCloseWithoutSave(window)).toBe(false)
    vi.mocked(dialog.showMessageBox).mockResolvedValueOnce({ response: 1, checkboxChecked: false })
    expect(await confirmCloseWithoutSave(window)).toBe(true)
    expect(vi.mocked(dialog.showMessageBox).mock.calls[0]?.[1]).toMatchObject({ defaultId: 0, cancelId: 0 })
  })
})
