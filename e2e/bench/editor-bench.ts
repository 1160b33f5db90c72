import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { countWords, plainTextOf, richTextFromParagraphs, type RichText } from '../../core/model'
import type { Handlers, Result } from '../../core/api/contract'
import { createAppDeps } from '../../core/api/deps'
import { createHandlers } from '../../core/api/handlers'
import { SHIPPED_TEMPLATES_DIR } from '../../core/templates/shipped-folder'
import { launchTestBrowser, startApp, type TestBrowser } from '../support/app'
import { setup as buildRendererIfStale } from '../support/global-setup'
import { median } from './report'

/**
 * The authoring workspace on the reference project, in Chromium on the built renderer (the same harness as the
 * e2e tests: the preload API bridged to the real handlers). The project is generated here: the Example project's
 * nine structured documents, 190 short free-text documents and one of 50,000 words, ~70k words in all.
 *
 * - open: from the library to the 50k-word document, editable (its text on screen, caret-ready);
 * - switch: from that document to another one of the project through the sidebar, and back;
 * - keystroke: Event Timing `keydown` entries while typing into the 50k-word document. Chromium reports only
 *   events of 16 ms or more, so the p95 counts every unreported keystroke as 16 ms: an upper bound. Headless
 *   Chromium reports more than 16 ms for many keys of a bare contenteditable too, so the same typing is measured
 *   there (the floor), and each key's own time is measured in the page: its events' handlers with the updates they
 *   queued, and the time until the frame that shows it is rendered;
 * - heap: V8's used JS heap after the typing, before and after a garbage collection.
 */

export interface EditorBenchResult {
  /** From the library to a short document of the project, editable. */
  openSmallMs: number
  keystrokeP95SmallMs: number
  documents: number
  totalWords: number
  largestWords: number
  openMs: number
  /** The first time the large document is shown in the session, right after typing in a short one. */
  firstSwitchToLargeMs: number
  /** Right after typing, median of the rounds (the first switch to the large document not among them). */
  switchToSmallMs: number
  switchToLargeMs: number
  /** The same switches with nothing left to save. */
  switchToSmallSavedMs: number
  switchToLargeSavedMs: number
  keystrokes: number
  keystrokesOver16: number
  keystrokeP95Ms: number
  keystrokeMaxMs: number
  /** A key's events dispatched, with the updates they queued, p95: the app's own share of a keystroke. */
  keystrokeHandlerP95SmallMs: number
  keystrokeHandlerP95Ms: number
  /** Until the frame after a key is rendered, p95. */
  keystrokeFrameP95SmallMs: number
  keystrokeFrameP95Ms: number
  /** The Event Timing p95 of the same typing in a bare contenteditable holding the same text. */
  floorKeystrokeP95SmallMs: number
  floorKeystrokeP95Ms: number
  floorKeystrokeFrameP95SmallMs: number
  floorKeystrokeFrameP95Ms: number
  heapMB: number
  heapAfterGcMB: number
  /** Exporting the large document to PDF from the Export dialog: the pages of the preview and of the file. */
  exportPages: number
  /** The longest task of 50 ms or more on the page's main thread (0 when there is none). */
  previewLongestTaskMs: number
  exportLongestTaskMs: number
  exportMs: number
}

const WORDS = [
  'community',
  'engagement',
  'university',
  'partnership',
  'κοινότητα',
  'συμμετοχή',
  'comunitate',
  'implicare',
  'Gemeinschaft',
  'comunità',
  'participación',
  'workshop',
  'students',
  'policy',
  'learning',
  'neighbourhood',
]

function paragraphs(words: number, seed: number): string[] {
  const out: string[] = []
  let written = 0
  let n = seed
  while (written < words) {
    const length = Math.min(90, words - written)
    const sentence: string[] = []
    for (let i = 0; i < length; i += 1) {
      n = (n * 1103515245 + 12345) % 2147483648
      sentence.push(WORDS[n % WORDS.length]!)
    }
    out.push(`${sentence.join(' ')}.`)
    written += length
  }
  return out
}

const ID_KEYS = new Set(['id', 'assetId', 'documentId', 'itemId'])

/** Words an author wrote in a document's values: rich text as text, other strings as they are, ids skipped. */
function wordsIn(value: unknown): number {
  if (typeof value === 'string') return countWords(value)
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + wordsIn(item), 0)
  if (typeof value !== 'object' || value === null) return 0
  if ((value as { format?: unknown }).format === 'lexical') return countWords(plainTextOf(value as RichText))
  return Object.entries(value).reduce<number>(
    (sum, [key, item]) => sum + (ID_KEYS.has(key) ? 0 : wordsIn(item)),
    0,
  )
}

async function ok<T>(result: Promise<Result<T>>): Promise<T> {
  const settled = await result
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`)
  return settled.data
}

async function addPlainDocument(
  handlers: Handlers,
  projectId: string,
  title: string,
  body: RichText,
): Promise<string> {
  const created = await ok(handlers['documents:create']({ projectId, document: { title } }))
  const {
    formatVersion: _f,
    id: _i,
    templateId: _t,
    createdAt: _c,
    updatedAt: _u,
    ...content
  } = created.document
  await ok(
    handlers['documents:save']({
      projectId,
      documentId: created.document.id,
      content: { ...content, fields: { body } },
      baseRevision: created.revision,
    }),
  )
  return created.document.id
}

async function generateProject(libraryDir: string) {
  const deps = await createAppDeps({
    dataDir: libraryDir,
    templatesDir: SHIPPED_TEMPLATES_DIR,
    appVersion: 'bench',
  })
  try {
    const handlers = createHandlers(deps)
    const project = await ok(handlers['projects:create-example']({}))
    const projectId = project.project.id
    let smallId = ''
    for (let index = 0; index < 190; index += 1) {
      const id = await addPlainDocument(
        handlers,
        projectId,
        `Field note ${index + 1}`,
        richTextFromParagraphs(paragraphs(60, index)),
      )
      if (index === 0) smallId = id
    }
    const largeId = await addPlainDocument(
      handlers,
      projectId,
      'Fifty thousand words',
      richTextFromParagraphs(paragraphs(50_000, 7)),
    )
    let totalWords = 0
    const view = await ok(handlers['projects:get']({ projectId }))
    for (const summary of view.documents) {
      const { document } = await ok(handlers['documents:get']({ projectId, documentId: summary.id }))
      totalWords += wordsIn(document.fields)
    }
    const large = await ok(handlers['documents:get']({ projectId, documentId: largeId }))
    const largestWords = countWords(plainTextOf(large.document.fields.body as unknown as RichText))
    return { projectId, largeId, smallId, documents: view.documents.length, totalWords, largestWords }
  } finally {
    await deps.close()
  }
}

/** Milliseconds from changing the route (or clicking) to the first frame where `ready` holds, timed in the page. */
async function timeUntil(page: Page, action: string, readyScript: string): Promise<number> {
  return page.evaluate(
    async ([act, ready]) => {
      const started = performance.now()
      new Function(act)()
      const isReady = new Function(`return (${ready})`) as () => boolean
      await new Promise<void>((resolve) => {
        const check = () => (isReady() ? resolve() : requestAnimationFrame(check))
        check()
      })
      return performance.now() - started
    },
    [action, readyScript] as const,
  )
}

/**
 * Milliseconds from a click on a sidebar link to the first frame where `ready` holds, timed in the page. A real
 * click: the editor loses the caret when the mouse is pressed, as it does for an author; the time starts with the
 * click itself (the mouse released), when the app can first act on it.
 */
async function timeClick(page: Page, href: string, readyScript: string): Promise<number> {
  await page.evaluate((ready) => {
    const bench = window as unknown as { __clickedAt?: number; __readyAt?: number }
    delete bench.__clickedAt
    delete bench.__readyAt
    window.addEventListener('click', (event) => (bench.__clickedAt = event.timeStamp), {
      capture: true,
      once: true,
    })
    const isReady = new Function(`return (${ready})`) as () => boolean
    const check = () => {
      if (bench.__clickedAt !== undefined && isReady()) bench.__readyAt = performance.now()
      else requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
  }, readyScript)
  await page.locator(`a.ws-doc-link[href="${href}"]`).click()
  return page.evaluate(async () => {
    const bench = window as unknown as { __clickedAt: number; __readyAt?: number }
    while (bench.__readyAt === undefined) await new Promise((resolve) => requestAnimationFrame(resolve))
    return bench.__readyAt - bench.__clickedAt
  })
}

const setHash = (hash: string) => `location.hash = ${JSON.stringify(hash)}`
const EDITOR = '.screen-document [contenteditable="true"]'
/**
 * An author looks at the document they switched to before doing anything else there; meanwhile the save the
 * switch left behind lands, as it would for them, instead of being timed as part of the next measure.
 */
const AUTHOR_PAUSE_MS = 1500
const SWITCH_ROUNDS = 3

/** A sentence typed at the end of the open document, so that leaving it has something to save. */
async function typeSentence(page: Page): Promise<void> {
  await page.locator(EDITOR).click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(' Another sentence before switching.', { delay: 20 })
}
const EDITABLE_WITH_TEXT = `(() => { const e = document.querySelector('.screen-document [contenteditable="true"]'); return !!e && e.childElementCount > 1 })()`
const titleIs = (title: string) =>
  `(() => { const t = document.getElementById('document-title'); return !!t && t.value === ${JSON.stringify(title)} && !!document.querySelector('[contenteditable="true"]') })()`

interface Typing {
  keydowns: number
  over16: number
  p95: number
  max: number
  /** The time the key's events took to dispatch, with the updates they queued: the app's handlers. */
  handlerP95: number
  /** From the key's timestamp until the frame after it is rendered: handlers, style, layout and paint. */
  frameP95: number
}

const percentile95 = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0
}

/**
 * Types two lines at the end of the editable text under `selector` and reads the Event Timing entries of the
 * keys, plus the two times of each key that Event Timing cannot give below its 16 ms floor.
 */
async function measureTyping(page: Page, selector: string): Promise<Typing> {
  await page.locator(selector).click()
  await page.keyboard.press('Control+End')
  await page.evaluate(() => {
    const bench = window as unknown as { __bench?: { stop: () => void } }
    // The page may have been measured before (the app switches documents in place): that measurement stops, or
    // its listeners would add their own work to every key of this one.
    bench.__bench?.stop()
    const state = {
      keydowns: 0,
      slow: [] as number[],
      keys: [] as Array<{ start: number; handled: number; framed: number }>,
      open: false,
      stop: () => {},
    }
    bench.__bench = state
    // A message posted now is delivered once the running task is over.
    const afterTask = (done: () => void) => {
      const channel = new MessageChannel()
      channel.port1.onmessage = done
      channel.port2.postMessage(null)
    }
    let dispatched = 0
    const onEvent = (event: Event) => {
      if (event.type === 'keydown') {
        state.keydowns += 1
        state.keys.push({ start: event.timeStamp, handled: 0, framed: 0 })
        state.open = true
      }
      const key = state.keys.at(-1)
      // Characters outside the keyboard layout arrive as text without a key (Playwright's insertText); a key's
      // release comes after the typing delay and does nothing in the editor, so it only ends the key.
      if (!key || !state.open) return
      if (event.type === 'keyup') {
        state.open = false
        return
      }
      // From here, the first listener of the event, to the window's bubbling listener, the last: the event's
      // handlers with the updates they queued (Lexical and React run theirs as microtasks between listeners).
      dispatched = performance.now()
      // Rendering runs after the frame's animation callbacks; a task posted from one runs after that rendering.
      requestAnimationFrame(() =>
        afterTask(() => (key.framed = Math.max(key.framed, performance.now() - key.start))),
      )
    }
    const onEventHandled = (event: Event) => {
      const key = state.keys.at(-1)
      if (key && state.open && event.type !== 'keyup') key.handled += performance.now() - dispatched
    }
    const types = ['keydown', 'keypress', 'beforeinput', 'input', 'keyup']
    for (const type of types) {
      window.addEventListener(type, onEvent, { capture: true })
      window.addEventListener(type, onEventHandled)
    }
    // The keys pressed before (the click's caret, Ctrl+End) are reported once their frame is painted, which can be
    // after this point: only the keys typed from here count.
    const typingStarted = performance.now()
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (entry.name === 'keydown' && entry.startTime >= typingStarted) state.slow.push(entry.duration)
    })
    observer.observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit)
    state.stop = () => {
      for (const type of types) {
        window.removeEventListener(type, onEvent, { capture: true })
        window.removeEventListener(type, onEventHandled)
      }
      observer.disconnect()
    }
  })
  await page.keyboard.type(
    ' The partners wrote this paragraph while the benchmark watched every keystroke.',
    {
      delay: 40,
    },
  )
  await page.keyboard.press('Enter')
  await page.keyboard.type('Ανοιχτές αυλές, comunitate și participare: εβδομάδα δράσης.', { delay: 40 })
  // Entries are delivered after the paint that ends them; one more frame pair delivers the last ones.
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100))),
      ),
  )
  const typing = await page.evaluate(() => {
    const state = (
      window as unknown as {
        __bench: { keydowns: number; slow: number[]; keys: Array<{ handled: number; framed: number }> }
      }
    ).__bench
    return { keydowns: state.keydowns, slow: [...state.slow], keys: [...state.keys] }
  })
  const durations = [
    ...typing.slow,
    ...Array.from({ length: Math.max(0, typing.keydowns - typing.slow.length) }, () => 16),
  ]
  return {
    keydowns: typing.keydowns,
    over16: typing.slow.filter((duration) => duration > 16).length,
    p95: percentile95(durations),
    max: Math.max(16, ...typing.slow),
    handlerP95: percentile95(typing.keys.map((key) => key.handled)),
    frameP95: percentile95(typing.keys.map((key) => key.framed)),
  }
}

/**
 * The floor: the same typing in a bare contenteditable holding the same text, with no script behind it. What
 * headless Chromium reports there is not ours to remove.
 */
async function measureBareTyping(browser: TestBrowser, text: readonly string[]): Promise<Typing> {
  const context = await browser.browser.newContext({ viewport: { width: 1280, height: 860 } })
  try {
    const page = await context.newPage()
    await page.setContent(
      '<div contenteditable="true" spellcheck="true" lang="en" style="max-width: 46rem; margin: 2rem auto; ' +
        'font: 17px/1.6 serif"></div>',
    )
    await page.evaluate((paragraphs) => {
      const editable = document.querySelector('[contenteditable]')!
      for (const words of paragraphs) editable.appendChild(document.createElement('p')).textContent = words
    }, text)
    return await measureTyping(page, '[contenteditable]')
  } finally {
    await context.close()
  }
}

/**
 * Exports the open document to PDF from the Export dialog, as an author does: the dialog opens on a preview of it
 * (laid out by the export handler, painted by pdf.js), then Export… writes the file. The page's long tasks (50 ms or
 * more: the browser's own measure of a blocked page) are recorded through both, apart. The buttons are found and
 * pressed in the page and the waits are plain selector checks: Playwright's role queries run in the page too, and
 * over a long document and sidebar one takes longer than 50 ms itself.
 */
async function measureExport(page: Page): Promise<{
  pages: number
  previewLongestTaskMs: number
  exportLongestTaskMs: number
  exportMs: number
}> {
  const longest = () =>
    page.evaluate(() => {
      const bench = window as unknown as { __longTasks: number[] }
      const found = Math.max(0, ...bench.__longTasks)
      bench.__longTasks = []
      return found
    })
  await page.evaluate(() => {
    const bench = window as unknown as { __longTasks: number[] }
    bench.__longTasks = []
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.__longTasks.push(entry.duration)
    }).observe({ type: 'longtask' })
    const open = Array.from(document.querySelectorAll<HTMLButtonElement>('.screen-document button')).find(
      (button) => button.textContent === 'Export…',
    )
    if (!open) throw new Error('The document screen has no Export… button.')
    open.click()
  })
  const ready = { polling: 'raf', timeout: 120_000 } as const
  await page.waitForFunction(() => document.querySelector('.export-page[data-painted]') !== null, null, ready)
  const pages = await page.evaluate(() =>
    Number.parseInt(document.querySelector('.export-page-count')?.textContent ?? '', 10),
  )
  const previewLongestTaskMs = await longest()
  const started = Date.now()
  await page.evaluate(() =>
    document.querySelector<HTMLButtonElement>('.export-footer button[type="submit"]')!.click(),
  )
  await page.waitForFunction(
    () => document.querySelector('.export-result')?.textContent?.startsWith('Saved as ') === true,
    null,
    ready,
  )
  const exportMs = Date.now() - started
  const exportLongestTaskMs = await longest()
  await page.keyboard.press('Escape')
  return { pages, previewLongestTaskMs, exportLongestTaskMs, exportMs }
}

async function launchBenchBrowser(): Promise<TestBrowser> {
  const browser = await launchTestBrowser()
  // `npm run bench` runs under tsx, whose esbuild keeps function names by wrapping functions in `__name(…)`; the
  // harness and this file hand functions to the page, where that helper does not exist. Defined first, it is.
  const newContext = browser.browser.newContext.bind(browser.browser)
  browser.browser.newContext = async (contextOptions) => {
    const context = await newContext(contextOptions)
    await context.addInitScript({ content: 'globalThis.__name = (target) => target' })
    return context
  }
  return browser
}

export async function benchEditor(): Promise<EditorBenchResult> {
  await buildRendererIfStale()
  const libraryDir = await mkdtemp(join(tmpdir(), 'hecsos-bench-editor-'))
  const browser = await launchBenchBrowser()
  try {
    const generated = await generateProject(libraryDir)
    const app = await startApp(browser, {
      libraryDir,
      chooseExportPath: async (name) => join(libraryDir, name),
    })
    const { page } = app
    const largeRoute = `#/projects/${generated.projectId}/documents/${generated.largeId}`

    const smallRoute = `#/projects/${generated.projectId}/documents/${generated.smallId}`

    const toLarge = () =>
      timeClick(page, largeRoute, `${titleIs('Fifty thousand words')} && ${EDITABLE_WITH_TEXT}`)
    const toSmall = () => timeClick(page, smallRoute, titleIs('Field note 1'))
    const pause = () => page.waitForTimeout(AUTHOR_PAUSE_MS)

    const openSmallMs = await timeUntil(page, setHash(smallRoute), titleIs('Field note 1'))
    const small = await measureTyping(page, EDITOR)
    // The first time the large document is shown in a session also pays for what the page meets there first
    // (code made fast by the engine, tables of character widths): timed on its own.
    const firstSwitchToLargeMs = await toLarge()
    await pause()
    const large = await measureTyping(page, EDITOR)
    const switchesToSmall = [await toSmall()]
    const switchesToLarge: number[] = []
    await pause()
    // Switching right after typing leaves what was typed to be saved: it is read out of the editor and posted to
    // the handler (as JSON text; Electron's IPC would clone it instead) once the next document is drawn, without
    // waiting for the disk. The same switches with nothing left to save follow, for what the switch itself costs.
    for (let round = 0; round < SWITCH_ROUNDS; round += 1) {
      await typeSentence(page)
      switchesToLarge.push(await toLarge())
      await pause()
      await typeSentence(page)
      switchesToSmall.push(await toSmall())
      await pause()
    }
    const switchToLargeSavedMs = await toLarge()
    const switchToSmallSavedMs = await toSmall()
    await page.evaluate(() => (location.hash = '#/'))
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor()
    const openMs = await timeUntil(page, setHash(largeRoute), EDITABLE_WITH_TEXT)

    const cdp = await page.context().newCDPSession(page)
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
    await cdp.send('HeapProfiler.collectGarbage')
    const heapAfterGc = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
    const exported = await measureExport(page)
    await app.close()
    const bareSmall = await measureBareTyping(browser, paragraphs(60, 0))
    const bareLarge = await measureBareTyping(browser, paragraphs(50_000, 7))

    return {
      openSmallMs,
      keystrokeP95SmallMs: small.p95,
      documents: generated.documents,
      totalWords: generated.totalWords,
      largestWords: generated.largestWords,
      openMs,
      firstSwitchToLargeMs,
      switchToSmallMs: median(switchesToSmall),
      switchToLargeMs: median(switchesToLarge),
      switchToSmallSavedMs,
      switchToLargeSavedMs,
      keystrokes: large.keydowns,
      keystrokesOver16: large.over16,
      keystrokeP95Ms: large.p95,
      keystrokeMaxMs: large.max,
      keystrokeHandlerP95SmallMs: small.handlerP95,
      keystrokeHandlerP95Ms: large.handlerP95,
      keystrokeFrameP95SmallMs: small.frameP95,
      keystrokeFrameP95Ms: large.frameP95,
      floorKeystrokeP95SmallMs: bareSmall.p95,
      floorKeystrokeP95Ms: bareLarge.p95,
      floorKeystrokeFrameP95SmallMs: bareSmall.frameP95,
      floorKeystrokeFrameP95Ms: bareLarge.frameP95,
      heapMB: heap.usedSize / 2 ** 20,
      heapAfterGcMB: heapAfterGc.usedSize / 2 ** 20,
      exportPages: exported.pages,
      previewLongestTaskMs: exported.previewLongestTaskMs,
      exportLongestTaskMs: exported.exportLongestTaskMs,
      exportMs: exported.exportMs,
    }
  } finally {
    await browser.close()
    await rm(libraryDir, { recursive: true, force: true })
  }
}
