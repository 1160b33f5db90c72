import { BrowserWindow, type WebPreferences } from 'electron'
import { MIN_WINDOW_SIZE, type InitialWindowBounds } from './window-state'

export interface MainWindowOptions {
  /** The built preload script (out/preload/index.cjs). */
  preloadPath: string
  /** The app's entry page, or the dev server's in development. */
  url: string
  bounds: InitialWindowBounds
  isPackaged: boolean
  log?: (error: unknown) => void
}

/**
 * The page runs as an ordinary sandboxed web page: no Node, its own JavaScript world, same-origin rules on, no
 * <webview>. Its one door to the rest of the app is what the preload exposes. DevTools exist only in development.
 */
export function secureWebPreferences(preloadPath: string, isPackaged: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // A middle click fires `auxclick`, which could open a link without the primary-click handling; off.
    disableBlinkFeatures: 'Auxclick',
    spellcheck: true,
    devTools: !isPackaged,
  }
}

/** Creates the main window, hidden until its first paint so the user never sees an empty frame. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { maximized, ...bounds } = options.bounds
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'HECSOs Studio',
    webPreferences: secureWebPreferences(options.preloadPath, options.isPackaged),
  })
  window.once('ready-to-show', () => {
    if (maximized) window.maximize()
    window.show()
  })
  window.loadURL(options.url).catch((error: unknown) => {
    options.log?.(error)
    // 'ready-to-show' may never come now; a visible window the user can close beats an invisible running app.
    if (!window.isDestroyed()) window.show()
  })
  return window
}
