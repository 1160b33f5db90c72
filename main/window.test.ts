import { describe, expect, it, vi } from 'vitest'
import { createMainWindow, secureWebPreferences } from './window'
import { BrowserWindow } from './test-support/fake-electron'

vi.mock('electron', () => import('./test-support/fake-electron'))

const PRELOAD = '/app/out/preload/index.cjs'

function open(overrides: Partial<Parameters<typeof createMainWindow>[0]> = {}) {
  const window = createMainWindow({
    preloadPath: PRELOAD,
    url: 'app://hecsos/index.html',
    bounds: { width: 1200, height: 800, maximized: false },
    isPackaged: true,
    ...overrides,
  }) as unknown as BrowserWindow
  return window
}

describe('the main window', () => {
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
    ['disableBlinkFeatures', 'Auxclick'],
    ['spellcheck', true],
    ['preload', PRELOAD],
  ])('is created with webPreferences.%s = %j', (option, value) => {
    const window = open()
    const webPreferences = window.options.webPreferences as Record<string, unknown>
    expect(webPreferences[option]).toBe(value)
  })

  it('has DevTools only in development', () => {
    expect(secureWebPreferences(PRELOAD, true).devTools).toBe(false)
    expect(secureWebPreferences(PRELOAD, false).devTools).toBe(true)
  })

  it('loads the given URL, stays hidden until ready, then shows (maximised if it was)', () => {
    const window = open({ bounds: { x: 5, y: 6, width: 1100, height: 700, maximized: true } })
    expect(window.options).toMatchObject({ x: 5, y: 6, width: 1100, height: 700, show: false })
    expect(window.options).not.toHaveProperty('maximized')
    expect(window.loadURL).toHaveBeenCalledWith('app://hecsos/index.html')
    expect(window.show).not.toHaveBeenCalled()
    window.emit('ready-to-show')
    expect(window.maximize).toHaveBeenCalled()
    expect(window.show).toHaveBeenCalled()
  })

  it('logs a failed load and shows the window anyway', async () => {
    const log = vi.fn()
    BrowserWindow.loadError = new Error('ERR_FILE_NOT_FOUND')
    try {
      const window = open({ log })
      await vi.waitFor(() => expect(log).toHaveBeenCalledWith(BrowserWindow.loadError))
      expect(window.show).toHaveBeenCalled()
    } finally {
      BrowserWindow.loadError = undefined
    }
  })
})
