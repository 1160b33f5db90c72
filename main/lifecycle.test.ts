import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { channels } from '../core/api/contract'
import type { CatalogueSource } from '../core/api/template-catalogue'
import type { LibraryStore } from '../core/store/library-store'
import type * as FakeElectron from './test-support/fake-electron'
import type * as Spellcheck from './spellcheck'
import type * as ExportWorker from './export-worker'

vi.mock('electron', () => import('./test-support/fake-electron'))
vi.mock('../core/api/deps', () => ({ createAppDeps: vi.fn() }))
// The copying itself is spellcheck.test.ts's; here, only where from and where to, and when.
vi.mock('./spellcheck', async (importOriginal) => ({
  ...(await importOriginal<typeof Spellcheck>()),
  installBundledDictionaries: vi.fn(async () => []),
}))

// The worker itself is export-worker.test.ts's; here, only when the app starts and ends it.
const exportRunner = vi.hoisted(() => ({
  run: vi.fn(),
  prepare: vi.fn(),
  close: vi.fn(async () => undefined),
}))
vi.mock('./export-worker', async (importOriginal) => ({
  ...(await importOriginal<typeof ExportWorker>()),
  createWorkerRunner: vi.fn(() => exportRunner),
}))

const OUT_DIR = join('/opt', 'hecsos', 'out', 'main')

beforeEach(async () => {
  const electron = (await import('electron')) as unknown as typeof FakeElectron
  electron.resetFakeElectron()
  vi.resetModules()
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
afterEach(() => {
  vi.restoreAllMocks()
})

/** Starts the app against a fresh fake Electron, as a new process would. */
async function boot(
  options: {
    env?: Record<string, string | undefined>
    isPackaged?: boolean
    lock?: boolean
    depsError?: Error
    exportWorkerPath?: string
  } = {},
) {
  // Through the mocked module, so the test holds the very fake that lifecycle.ts was given.
  const electron = (await import('electron')) as unknown as typeof FakeElectron
  const { createAppDeps } = await import('../core/api/deps')
  const close = vi.fn(async () => undefined)
  const deps = {
    store: { root: '/library' } as LibraryStore,
    catalogue: { builtInDir: '/app/templates', userDir: '/library/templates' } as CatalogueSource,
    newId: () => 'a1b2c3d4-0000-4000-8000-000000000000',
    clock: () => new Date('2026-05-12T09:30:00Z'),
    app: { name: 'HECSOs Studio', version: '0.1.0' },
    close,
  }
  if (options.depsError) vi.mocked(createAppDeps).mockRejectedValueOnce(options.depsError)
  else vi.mocked(createAppDeps).mockResolvedValueOnce(deps)
  electron.app.isPackaged = options.isPackaged ?? true
  electron.app.requestSingleInstanceLock.mockReturnValue(options.lock ?? true)
  const { startApp } = await import('./lifecycle')
  startApp({
    outDir: OUT_DIR,
    env: options.env ?? {},
    ...(options.exportWorkerPath ? { exportWorkerPath: options.exportWorkerPath } : {}),
  })
  return { ...electron, createAppDeps: vi.mocked(createAppDeps), close }
}

async function bootToWindow(options: Parameters<typeof boot>[0] = {}) {
  const booted = await boot(options)
  await vi.waitFor(() => expect(booted.BrowserWindow.instances).toHaveLength(1))
  const window = booted.BrowserWindow.instances[0]!
  return { ...booted, window }
}

describe('startup', () => {
  it('registers the app scheme and turns on the sandbox before the app is ready', async () => {
    const { protocol, app } = await bootToWindow()
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1)
    expect(app.enableSandbox).toHaveBeenCalledTimes(1)
  })

  it('quits at once when another instance holds the lock', async () => {
    const { app, createAppDeps } = await boot({ lock: false })
    expect(app.quit).toHaveBeenCalled()
    expect(app.whenReady).not.toHaveBeenCalled()
    expect(createAppDeps).not.toHaveBeenCalled()
  })

  it('keeps the library in the user-data folder by default', async () => {
    const { createAppDeps } = await bootToWindow()
    expect(createAppDeps).toHaveBeenCalledWith({
      dataDir: join('/fake/user-data', 'library'),
      templatesDir: join('/fake/app', 'templates'),
      appVersion: '0.1.0',
    })
  })

  it('uses HECSOS_DATA when it is set', async () => {
    const { createAppDeps } = await bootToWindow({ env: { HECSOS_DATA: '/data/hecsos' } })
    expect(createAppDeps).toHaveBeenCalledWith(expect.objectContaining({ dataDir: '/data/hecsos' }))
  })

  it('registers every channel of the contract on IPC', async () => {
    const { ipcMain } = await bootToWindow()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(channels).sort())
  })

  it('serves the renderer next to the main bundle and hardens the session', async () => {
    const { protocol, session } = await bootToWindow()
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled()
    expect(session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalled()
  })

  it('points the spellchecker’s dictionary download at the app’s own folder, never at the network', async () => {
    const { session } = await bootToWindow({ isPackaged: true })
    const url = session.defaultSession.setSpellCheckerDictionaryDownloadURL.mock.calls[0]?.[0] as string
    if (process.platform === 'darwin') expect(url).toBeUndefined()
    else expect(url).toBe('file:///fake/dictionaries/')
  })

  it('puts the bundled dictionaries where Chromium looks, before the window opens', async () => {
    const { BrowserWindow } = await bootToWindow({ isPackaged: true })
    const { installBundledDictionaries } = await import('./spellcheck')
    if (process.platform === 'darwin') return expect(installBundledDictionaries).not.toHaveBeenCalled()
    expect(installBundledDictionaries).toHaveBeenCalledWith(
      join('/fake', 'dictionaries'),
      join('/fake', 'user-data', 'Dictionaries'),
    )
    expect(vi.mocked(installBundledDictionaries).mock.invocationCallOrder[0]).toBeLessThan(
      vi.mocked(BrowserWindow.instances[0]!.loadURL).mock.invocationCallOrder[0]!,
    )
  })

  it('opens the window on the app page with the CommonJS preload', async () => {
    const { window, Menu } = await bootToWindow()
    const webPreferences = window.options.webPreferences as { preload: string }
    expect(webPreferences.preload).toBe(join('/opt', 'hecsos', 'out', 'preload', 'index.cjs'))
    expect(window.loadURL).toHaveBeenCalledWith('app://hecsos/index.html')
    expect(Menu.setApplicationMenu).toHaveBeenCalled()
  })

  it('loads the dev server in development', async () => {
    const { window } = await bootToWindow({
      isPackaged: false,
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' },
    })
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173')
  })

  it('ignores ELECTRON_RENDERER_URL in a packaged app', async () => {
    const { window } = await bootToWindow({ env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } })
    expect(window.loadURL).toHaveBeenCalledWith('app://hecsos/index.html')
  })

  it('tells the user and exits when the library cannot be opened', async () => {
    const { app, dialog } = await boot({ depsError: new Error('The library folder is not writable.') })
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1))
    expect(dialog.showErrorBox).toHaveBeenCalledWith(
      expect.any(String),
      'The library folder is not writable.',
    )
  })
})

describe('running', () => {
  it('hardens every web contents the app creates', async () => {
    // Waits for the window, so no start-up is left running into the next test.
    const { app, FakeWebContents } = await bootToWindow()
    const contents = new FakeWebContents()
    app.emit('web-contents-created', {}, contents)
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
  })

  it('focuses (and restores) the window when the app is launched again', async () => {
    const { app, window } = await bootToWindow()
    window.minimized = true
    app.emit('second-instance')
    expect(window.restore).toHaveBeenCalled()
    expect(window.focus).toHaveBeenCalled()
  })

  it('brings the window forward and tells its page when a package is double-clicked while the app runs', async () => {
    const { app, window, FakeEvent } = await bootToWindow()
    window.minimized = true
    app.emit('second-instance', new FakeEvent(), ['hecsos-studio', '/home/ana/Patras.hecsos'], '/home/ana')
    expect(window.restore).toHaveBeenCalled()
    expect(window.webContents.send).toHaveBeenCalledWith('files:package-waiting', {})
  })

  it('sends menu commands to the focused window', async () => {
    const { Menu, window } = await bootToWindow()
    const template = vi.mocked(Menu.buildFromTemplate).mock.calls[0]?.[0] as {
      submenu: { label?: string; click?: () => void }[]
    }[]
    template[0]?.submenu.find((item) => item.label === 'New Project')?.click?.()
    expect(window.webContents.send).toHaveBeenCalledWith('menu:command', { command: 'new-project' })
  })

  it('closes the window when its page answers app:before-close through IPC', async () => {
    const { window, ipcMain } = await bootToWindow()
    window.close()
    expect(window.webContents.send).toHaveBeenCalledWith('app:before-close', {})
    expect(window.destroyed).toBe(false)
    const readyToClose = ipcMain.handlers.get('window:ready-to-close')!
    const result = await readyToClose(
      { sender: window.webContents, senderFrame: window.webContents.mainFrame },
      {},
    )
    expect(result).toEqual({ ok: true, data: null })
    expect(window.destroyed).toBe(true)
  })

  it('opens a new window on activate once the last one has closed', async () => {
    const { app, window, BrowserWindow } = await bootToWindow()
    window.webContents.crashed = true
    window.close()
    app.emit('activate')
    expect(BrowserWindow.instances).toHaveLength(2)
  })

  it('quits when the last window closes (outside macOS)', async () => {
    const { app } = await bootToWindow()
    app.emit('window-all-closed')
    expect(app.quit).toHaveBeenCalled()
  })
})

describe('quitting', () => {
  it('holds the quit until the store is closed, then quits', async () => {
    const { app, close, FakeEvent } = await bootToWindow()
    const first = new FakeEvent()
    app.emit('will-quit', first)
    expect(first.defaultPrevented).toBe(true)
    expect(close).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled())

    const second = new FakeEvent()
    app.emit('will-quit', second)
    expect(second.defaultPrevented).toBe(false)
    expect(close).toHaveBeenCalledTimes(1)
  })

  it('closes the store only once when quit is asked again while closing', async () => {
    const { app, close, FakeEvent } = await bootToWindow()
    app.emit('will-quit', new FakeEvent())
    const again = new FakeEvent()
    app.emit('will-quit', again)
    expect(again.defaultPrevented).toBe(true)
    expect(close).toHaveBeenCalledTimes(1)
  })

  it('quits anyway when closing the store fails', async () => {
    const { app, close, FakeEvent } = await bootToWindow()
    close.mockRejectedValueOnce(new Error('EIO'))
    app.emit('will-quit', new FakeEvent())
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled())
  })
})

describe('the export worker', () => {
  beforeEach(() => {
    exportRunner.prepare.mockClear()
    exportRunner.close.mockClear()
  })

  it('starts warming up a few seconds after the window has loaded its page, not before', async () => {
    const { window } = await bootToWindow({ exportWorkerPath: '/opt/hecsos/out/main/export-worker.js' })
    const { EXPORT_WARM_UP_DELAY_MS } = await import('./lifecycle')
    vi.useFakeTimers()
    try {
      vi.advanceTimersByTime(EXPORT_WARM_UP_DELAY_MS * 2)
      expect(exportRunner.prepare).not.toHaveBeenCalled()
      window.webContents.emit('did-finish-load')
      vi.advanceTimersByTime(EXPORT_WARM_UP_DELAY_MS - 1)
      expect(exportRunner.prepare).not.toHaveBeenCalled()
      vi.advanceTimersByTime(1)
      expect(exportRunner.prepare).toHaveBeenCalledTimes(1)
      // A reload of the page does not warm up again.
      window.webContents.emit('did-finish-load')
      vi.advanceTimersByTime(EXPORT_WARM_UP_DELAY_MS)
      expect(exportRunner.prepare).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('is ended with the store when the app quits', async () => {
    const { app, close, FakeEvent } = await bootToWindow({
      exportWorkerPath: '/opt/hecsos/out/main/export-worker.js',
    })
    app.emit('will-quit', new FakeEvent())
    expect(close).toHaveBeenCalledTimes(1)
    expect(exportRunner.close).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled())
  })
})
