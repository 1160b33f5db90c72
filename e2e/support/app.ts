import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { EventName, EventPayloads } from '../../core/api/contract'
import { createAppDeps } from '../../core/api/deps'
import { SHIPPED_TEMPLATES_DIR } from '../../core/templates/shipped-folder'
import { createHandlers } from '../../core/api/handlers'
import type { PackageFileShell } from '../../core/api/file-handlers'
import { inProcessRunner } from '../../core/api/export-jobs'
import { HandlerBridge } from './bridge'
import { CHROMIUM_PATH, RENDERER_OUT } from './paths'
import { startStaticServer, type StaticServer } from './static-server'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]

export interface TestBrowser {
  browser: Browser
  server: StaticServer
  close(): Promise<void>
}

/** One Chromium and one static server per test file; each test gets its own context (fresh profile). */
export async function launchTestBrowser(): Promise<TestBrowser> {
  const server = await startStaticServer(RENDERER_OUT)
  // launch() gives the browser a fresh temporary profile (--user-data-dir) of its own and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  })
  return {
    browser,
    server,
    close: async () => {
      await browser.close()
      await server.close()
    },
  }
}

export interface AppHarness {
  page: Page
  libraryDir: string
  bridge: HandlerBridge
  /** What the export's "Show in folder" and "Open the file" asked the system to do, in order. */
  exportShellCalls: Array<{ action: 'show' | 'open'; path: string }>
  /** Console errors and warnings, uncaught exceptions, CSP violations and handler crashes, in order. */
  problems: string[]
  /** Plays an event of the main process (a menu command, the window closing). */
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): Promise<void>
  /** Reloads the page and waits for the app to be up again. */
  reload(): Promise<void>
  /** Closes the page and the handlers; the library folder is removed unless `keepLibrary`. */
  close(options?: { keepLibrary?: boolean }): Promise<void>
}

export interface StartOptions {
  /** An existing library folder (e.g. one a test prepared, or kept from an earlier start). */
  libraryDir?: string
  locale?: string
  /** What the file dialog of Import template answers (undefined: the user cancels). */
  templateFileToImport?: string
  /** What the Save dialog of an export answers (undefined: the user cancels); it may wait for the test. */
  chooseExportPath?: (suggestedName: string, format: 'pdf' | 'docx') => Promise<string | undefined>
  /** The desktop's package files (save and open dialogs, double-clicked files); none when left out. */
  packageFiles?: PackageFileShell
}

export async function startApp(testBrowser: TestBrowser, options: StartOptions = {}): Promise<AppHarness> {
  const libraryDir = options.libraryDir ?? (await mkdtemp(join(tmpdir(), 'hecsos-e2e-library-')))
  const deps = await createAppDeps({
    dataDir: libraryDir,
    templatesDir: SHIPPED_TEMPLATES_DIR,
    appVersion: '0.0.0-e2e',
  })
  const problems: string[] = []
  const exportShellCalls: AppHarness['exportShellCalls'] = []
  // The page exists only after the handlers: events are routed to it once it does.
  const toPage: { emit?: AppHarness['emit'] } = {}
  const handlers = createHandlers({
    ...deps,
    shell: {
      openExternal: async () => false,
      readyToClose: () => undefined,
      chooseTemplateFile: async () => options.templateFileToImport,
    },
    files: options.packageFiles,
    // Exports run in this process (the app runs them in a worker thread; main/export-worker.test.ts tests that).
    exports: {
      runner: inProcessRunner,
      shell: {
        chooseExportPath: async (name, format) => options.chooseExportPath?.(name, format),
        showInFolder: (path) => exportShellCalls.push({ action: 'show', path }),
        openPath: async (path) => {
          exportShellCalls.push({ action: 'open', path })
          return ''
        },
      },
      emit: (progress) => {
        void toPage.emit?.('export:progress', progress)
      },
    },
    log: (error) => problems.push(`handler crashed: ${error instanceof Error ? error.stack : String(error)}`),
  })
  const bridge = new HandlerBridge(handlers)
  const context = await testBrowser.browser.newContext({
    locale: options.locale ?? 'en-GB',
    viewport: { width: 1280, height: 860 },
  })
  await bridge.install(context, testBrowser.server, (problem) => problems.push(problem))
  const page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console ${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`))

  const waitUntilUp = () => page.locator('.app-header').waitFor()
  await page.goto(testBrowser.server.url)
  await waitUntilUp()

  let closed = false
  const emit: AppHarness['emit'] = async (event, payload) => {
    await page.evaluate(
      ([name, data]) =>
        (globalThis as unknown as { __hecsosEmit: (e: string, p: unknown) => void }).__hecsosEmit(name, data),
      [event, payload] as const,
    )
  }
  // As the main process does, events for a page that has gone are dropped.
  toPage.emit = (event, payload) =>
    emit(event, payload).catch((error: unknown) => {
      if (!closed) problems.push(`event ${event} not delivered: ${String(error)}`)
    })
  return {
    page,
    libraryDir,
    bridge,
    exportShellCalls,
    problems,
    emit,
    reload: async () => {
      await page.reload()
      await waitUntilUp()
    },
    // Idempotent, so a test may close an app early (e.g. to restart on the same library) and the harness
    // still closes whatever is left after the test.
    close: async ({ keepLibrary = false } = {}) => {
      if (closed) return
      closed = true
      await context.close()
      await deps.close()
      if (!keepLibrary) await rm(libraryDir, { recursive: true, force: true })
    },
  }
}
