import { join } from 'node:path'
import { BrowserWindow, app, dialog, screen, session } from 'electron'
import { createAppDeps } from '../core/api/deps'
import { createHandlers } from '../core/api/handlers'
import { APP_ENTRY_URL, isAppUrl } from './app-origin'
import { registerAppScheme, serveAppProtocol } from './app-protocol'
import { confirmCloseWithoutSave, guardWindowClose, type CloseGuard } from './close-guard'
import { contentSecurityPolicy } from './csp'
import { chooseTemplateFile, choosePackageFile, savePackageFile } from './dialogs'
import { readPackageFile, watchOpenedPackages } from './open-file'
import { confirmAndOpenExternal } from './external-links'
import { createExportShell, createWorkerRunner } from './export-worker'
import { inProcessRunner } from '../core/api/export-jobs'
import { registerHandlers, send } from './ipc'
import { installMenu } from './menu'
import { hardenSession, hardenWebContents } from './security'
import { configureSpellcheck, installBundledDictionaries, setSpellcheckLanguages } from './spellcheck'
import { createMainWindow } from './window'
import { loadWindowState, rememberWindowState } from './window-state'

export interface StartOptions {
  /** The folder of the built main bundle (out/main); the preload and the renderer are built beside it. */
  outDir: string
  env: Record<string, string | undefined>
  /** The export worker's own bundle (see main/index.ts); without it, exports run in the main process. */
  exportWorkerPath?: string
  /** The part-layout worker's bundle, which the export worker starts to lay out a PDF's parts in parallel. */
  partWorkerPath?: string
}

/**
 * How long after the window's page has loaded the export worker starts warming up: past the opening of the
 * project (≤ 1 s), so the ≈ 3.5 s of layout it runs on another core (measured in the export bench) never competes
 * with it.
 */
export const EXPORT_WARM_UP_DELAY_MS = 3000

/** The store must be released (locks, pending writes) before exit, but a stuck disk must not keep the app alive. */
export const STORE_CLOSE_TIMEOUT_MS = 5000

/**
 * Runs the app: one instance, one window, the handler map on IPC. The first part runs synchronously because
 * the scheme and the sandbox must be set up before Electron is ready.
 */
export function startApp({ outDir, env, exportWorkerPath, partWorkerPath }: StartOptions): void {
  registerAppScheme()
  app.enableSandbox()
  // A second launch hands over to the first (see 'second-instance') instead of opening the same library twice.
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }

  // Only a development build may be pointed at a dev server; a packaged app always shows its own files.
  const devServerUrl = app.isPackaged ? undefined : env.ELECTRON_RENDERER_URL
  const isOwnUrl = (url: string) => isAppUrl(url, devServerUrl)
  const log = (error: unknown) => console.error(error)
  let current: { window: BrowserWindow; closeGuard: CloseGuard } | undefined
  let openWindow: (() => void) | undefined
  let quitRequested = false

  const showWindow = () => {
    if (current === undefined) {
      openWindow?.()
      return
    }
    if (current.window.isMinimized()) current.window.restore()
    current.window.focus()
  }

  app.on('second-instance', showWindow)
  const openedPackages = watchOpenedPackages({
    argv: process.argv,
    cwd: process.cwd(),
    onWaiting: () => {
      showWindow()
      // A window still loading misses this; its page takes what is waiting once it starts.
      if (current) send(current.window, 'files:package-waiting', {})
    },
  })
  app.on('activate', showWindow)
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, {
      isAppUrl: isOwnUrl,
      openExternal: (url) => {
        confirmAndOpenExternal(url, current?.window).catch(log)
      },
    })
  })
  app.on('before-quit', () => {
    quitRequested = true
  })
  // On macOS the app outlives its last window, unless that window closed because the user quit.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' || quitRequested) app.quit()
  })

  app
    .whenReady()
    .then(async () => {
      const csp = contentSecurityPolicy({ devServerUrl })
      hardenSession(session.defaultSession, { contentSecurityPolicy: csp, devServerUrl })
      // Beside app.asar in an installed app (resources/dictionaries), under build/ when run from source.
      const dictionariesDir = app.isPackaged
        ? join(app.getAppPath(), '..', 'dictionaries')
        : join(app.getAppPath(), 'build', 'dictionaries')
      configureSpellcheck(session.defaultSession, { platform: process.platform, dictionariesDir })
      // Before any window asks for a language: Chromium looks for the files once, when it first needs them.
      // Should copying fail, the text goes unchecked and the app works on.
      if (process.platform !== 'darwin') {
        const profileDictionaries = join(app.getPath('userData'), 'Dictionaries')
        await installBundledDictionaries(dictionariesDir, profileDictionaries).catch(log)
      }
      serveAppProtocol({ root: join(outDir, '..', 'renderer'), contentSecurityPolicy: csp })

      const dataDir = env.HECSOS_DATA || join(app.getPath('userData'), 'library')
      // The templates ship inside the app (app.asar when packaged; the repository when run from source).
      const templatesDir = join(app.getAppPath(), 'templates')
      const deps = await createAppDeps({ dataDir, templatesDir, appVersion: app.getVersion() })
      const exportRunner = exportWorkerPath
        ? createWorkerRunner({
            entry: exportWorkerPath,
            ...(partWorkerPath ? { partWorker: { entry: partWorkerPath } } : {}),
          })
        : undefined
      closeBeforeQuit(async () => {
        await Promise.all([deps.close(), exportRunner?.close()])
      }, log)

      const handlers = createHandlers({
        ...deps,
        app: { name: app.getName(), version: app.getVersion() },
        shell: {
          openExternal: (url) => confirmAndOpenExternal(url, current?.window),
          readyToClose: () => current?.closeGuard.readyToClose(),
          chooseTemplateFile: () => chooseTemplateFile(current?.window),
          setSpellcheckLanguages: (languages) =>
            setSpellcheckLanguages(session.defaultSession, process.platform, languages),
        },
        files: {
          savePackage: (name, bytes, reveal) => savePackageFile(current?.window, name, bytes, reveal),
          choosePackage: async () => {
            const path = await choosePackageFile(current?.window)
            return path === undefined ? undefined : readPackageFile(path)
          },
          takeOpenedPackages: () => openedPackages.take(),
        },
        exports: {
          runner: exportRunner ?? inProcessRunner,
          shell: createExportShell({
            window: () => current?.window,
            defaultFolder: () => app.getPath('documents'),
          }),
          emit: (progress) => {
            if (current) send(current.window, 'export:progress', progress)
          },
        },
        log,
      })
      registerHandlers(handlers, {
        policy: {
          isAppWebContents: (contents) => current?.window.webContents === contents,
          isAppUrl: isOwnUrl,
        },
        log,
      })
      installMenu({
        appName: app.getName(),
        platform: process.platform,
        isPackaged: app.isPackaged,
        sendCommand: (payload) => {
          const target = BrowserWindow.getFocusedWindow() ?? current?.window
          if (target) send(target, 'menu:command', payload)
        },
      })

      const stateFile = join(app.getPath('userData'), 'window-state.json')
      openWindow = () => {
        const window = createMainWindow({
          preloadPath: join(outDir, '..', 'preload', 'index.cjs'),
          url: devServerUrl ?? APP_ENTRY_URL,
          bounds: loadWindowState(
            stateFile,
            screen.getAllDisplays().map((display) => display.workArea),
          ),
          isPackaged: app.isPackaged,
          log,
        })
        rememberWindowState(window, stateFile, log)
        // Once the window has its project on screen, the export worker starts and warms up in the background,
        // so the first export (the Export dialog's preview) finds the layout code compiled.
        window.webContents.once('did-finish-load', () => {
          setTimeout(() => exportRunner?.prepare(), EXPORT_WARM_UP_DELAY_MS)
        })
        current = { window, closeGuard: guardWindowClose(window, confirmCloseWithoutSave) }
        window.on('closed', () => {
          if (current?.window === window) current = undefined
        })
      }
      openWindow()
    })
    .catch((error: unknown) => {
      log(error)
      const detail = error instanceof Error ? error.message : String(error)
      dialog.showErrorBox('HECSOs Studio could not start', detail)
      app.exit(1)
    })
}

/** Holds the quit until `close` has finished (or timed out), then lets it go through. */
function closeBeforeQuit(close: () => Promise<void>, log: (error: unknown) => void): void {
  let state: 'open' | 'closing' | 'closed' = 'open'
  app.on('will-quit', (event) => {
    if (state === 'closed') return
    event.preventDefault()
    if (state === 'closing') return
    state = 'closing'
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STORE_CLOSE_TIMEOUT_MS)
    })
    Promise.race([close(), timeout])
      .catch(log)
      .finally(() => {
        clearTimeout(timer)
        state = 'closed'
        app.quit()
      })
  })
}
