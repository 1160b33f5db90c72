import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

/**
 * A stand-in for the parts of the `electron` module that main/ uses, for `vi.mock('electron', () =>
 * import('./test-support/fake-electron'))`: the Electron binary cannot run here, and the wiring under test only
 * needs to be seen calling these APIs. Each test file gets its own copy (vitest isolates modules per file).
 */

/** An Electron event: records whether a listener prevented the default action. */
export class FakeEvent {
  defaultPrevented = false
  constructor(props: Record<string, unknown> = {}) {
    Object.assign(this, props)
  }
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

export interface FakeFrame {
  url: string
  parent: FakeFrame | null
  processId: number
  routingId: number
}

let nextId = 1

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++
  readonly mainFrame: FakeFrame = {
    url: 'app://hecsos/index.html',
    parent: null,
    processId: 7,
    routingId: this.id,
  }
  destroyed = false
  crashed = false
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  readonly send = vi.fn()
  isDestroyed = () => this.destroyed
  isCrashed = () => this.crashed
  setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = handler
  })
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = []
  static focused: BrowserWindow | null = null
  static getFocusedWindow = vi.fn(() => BrowserWindow.focused)
  /** When set, every window's loadURL rejects with it, as Electron does when a page fails to load. */
  static loadError: Error | undefined

  readonly webContents = new FakeWebContents()
  destroyed = false
  minimized = false
  maximized = false
  normalBounds = { x: 10, y: 20, width: 1000, height: 700 }
  readonly loadURL = vi.fn(async (_url: string) => {
    if (BrowserWindow.loadError) throw BrowserWindow.loadError
  })
  readonly show = vi.fn()
  readonly focus = vi.fn()
  readonly restore = vi.fn()
  readonly maximize = vi.fn()

  constructor(readonly options: Record<string, unknown> = {}) {
    super()
    BrowserWindow.instances.push(this)
  }

  isDestroyed = () => this.destroyed
  isMinimized = () => this.minimized
  isMaximized = () => this.maximized
  getNormalBounds = () => this.normalBounds

  /** Like Electron: 'close' may be prevented; otherwise the window is destroyed and 'closed' follows. */
  close = vi.fn(() => {
    if (this.destroyed) return
    const event = new FakeEvent()
    this.emit('close', event)
    if (event.defaultPrevented) return
    this.destroyed = true
    this.webContents.destroyed = true
    this.emit('closed')
  })
}

class FakeApp extends EventEmitter {
  isPackaged = false
  ready: Promise<void> = Promise.resolve()
  readonly paths: Record<string, string> = { userData: '/fake/user-data' }
  readonly enableSandbox = vi.fn()
  readonly requestSingleInstanceLock = vi.fn(() => true)
  readonly quit = vi.fn()
  readonly exit = vi.fn()
  readonly whenReady = vi.fn(() => this.ready)
  readonly getPath = vi.fn((name: string) => this.paths[name] ?? `/fake/${name}`)
  readonly getVersion = vi.fn(() => '0.1.0')
  readonly getAppPath = vi.fn(() => '/fake/app')
  readonly getName = vi.fn(() => 'HECSOs Studio')
}

export const app = new FakeApp()

export const ipcMain = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
    ipcMain.handlers.set(channel, handler)
  }),
  removeHandler: vi.fn((channel: string) => {
    ipcMain.handlers.delete(channel)
  }),
}

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
}

export class FakeSession {
  readonly setPermissionRequestHandler = vi.fn()
  readonly setPermissionCheckHandler = vi.fn()
  readonly setDevicePermissionHandler = vi.fn()
  readonly webRequest = { onBeforeRequest: vi.fn(), onHeadersReceived: vi.fn() }
  readonly setSpellCheckerDictionaryDownloadURL = vi.fn()
  readonly setSpellCheckerLanguages = vi.fn()
  availableSpellCheckerLanguages: string[] = []
}

export const session = { defaultSession: new FakeSession() }

export const dialog = {
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 1, checkboxChecked: false })),
  showErrorBox: vi.fn(),
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
}

export const shell = { openExternal: vi.fn(async (_url: string) => undefined) }

export const screen = {
  getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]),
}

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template })),
  setApplicationMenu: vi.fn(),
}

/**
 * Puts the fake back to a just-started state. vitest keeps a mocked module across `vi.resetModules()`, so a test
 * that starts the app more than once calls this between starts.
 */
export function resetFakeElectron(): void {
  vi.resetAllMocks()
  BrowserWindow.instances.length = 0
  BrowserWindow.focused = null
  BrowserWindow.loadError = undefined
  app.removeAllListeners()
  app.isPackaged = false
  ipcMain.handlers.clear()
}
