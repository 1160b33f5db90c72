import { execFile } from 'node:child_process'
import { access, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Locator, Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import type { ExportProgress } from '../core/api/contract'
import { createDocument, editor, screenshot, waitForSaved } from './support/flows'
import { useApps } from './support/harness'

const run = promisify(execFile)
const { start } = useApps()
const scratch: string[] = []

afterAll(async () => {
  for (const dir of scratch.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** A folder standing in for the one the user picks in the Save dialog. */
async function saveFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hecsos-e2e-export-'))
  scratch.push(dir)
  return dir
}

async function openExample(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open the example project' }).click()
  await page.getByRole('heading', { level: 1, name: /example project/ }).waitFor()
}

function exportDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Export' })
}

/**
 * Starts recording, in the page, what a user's machine would feel: tasks that held the main thread for 50 ms or
 * more (the browser reports only those), and the export's progress events as the page received them.
 */
async function watchPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state = globalThis as unknown as {
      __longTasks: number[]
      __progress: unknown[]
      hecsos: { on(event: string, listener: (payload: unknown) => void): () => void }
    }
    state.__longTasks = []
    state.__progress = []
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.__longTasks.push(entry.duration)
    }).observe({ type: 'longtask' })
    state.hecsos.on('export:progress', (progress) => state.__progress.push(progress))
  })
}

async function watched(page: Page): Promise<{ longTasks: number[]; progress: ExportProgress[] }> {
  return page.evaluate(() => {
    const state = globalThis as unknown as { __longTasks: number[]; __progress: ExportProgress[] }
    return { longTasks: state.__longTasks, progress: state.__progress }
  })
}

function describeLongTasks(durations: number[]): string {
  return `${durations.length} long tasks, longest ${Math.round(Math.max(0, ...durations))} ms`
}

/** Whether a canvas has anything on it but white: pdf.js has painted the page. */
async function isPainted(canvas: Locator): Promise<boolean> {
  return canvas.evaluate((element) => {
    const target = element as unknown as {
      width: number
      height: number
      getContext(kind: '2d'): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray }
      }
    }
    const { data } = target.getContext('2d').getImageData(0, 0, target.width, target.height)
    for (let index = 0; index < data.length; index += 4) {
      if ((data[index] ?? 255) < 200 || (data[index + 1] ?? 255) < 200 || (data[index + 2] ?? 255) < 200)
        return true
    }
    return false
  })
}

describe('exporting from the app', () => {
  it('previews the PDF of an Example document, exports it with progress, and offers to open or show it', async () => {
    const folder = await saveFolder()
    const app = await start({ chooseExportPath: async (name) => join(folder, name) })
    const { page } = app
    await openExample(page)
    // From here on, the preview (pdf.js painting pages) and the export both count.
    await watchPage(page)
    await page.getByRole('button', { name: 'Export…' }).click()
    const dialog = exportDialog(page)
    await dialog.waitFor()

    await expect
      .poll(() => dialog.getByRole('radio', { name: 'PDF' }).getAttribute('aria-checked'))
      .toBe('true')
    await dialog.getByLabel('Style').selectOption({ label: 'Classic Erasmus+ report' })
    await dialog.getByRole('radio', { name: 'A4' }).click()
    // The preview: pages listed, the first painted by pdf.js, and the count shown.
    const firstPage = dialog.getByRole('img', { name: /^Page 1 of \d+$/ })
    await firstPage.waitFor()
    await dialog.locator('.export-page[data-painted]').first().waitFor()
    expect(await isPainted(firstPage)).toBe(true)
    const pageCount = dialog.getByText(/^\d+ pages?$/)
    const classicPages = Number.parseInt((await pageCount.textContent()) ?? '', 10)
    expect(classicPages).toBeGreaterThan(0)
    await screenshot(page, 'export-preview')
    // The page behind the dialog takes no click: the overlay is on top of it wherever the dialog is not (the app's
    // root keeps its pointer events while a dialog is open, which spares restyling the page: app.css).
    const behind = await page.evaluate(() => {
      const button = document.querySelector('#root button')!.getBoundingClientRect()
      const hit = document.elementFromPoint(button.left + button.width / 2, button.top + button.height / 2)
      return { inPage: document.getElementById('root')!.contains(hit), overlay: hit?.className }
    })
    expect(behind).toEqual({ inPage: false, overlay: 'dialog-overlay' })

    // Another style lays the same publication out again: the preview follows with its own pages.
    await dialog.getByLabel('Style').selectOption({ label: 'Compact' })
    const compactCount = dialog.getByText(new RegExp(`^(?!${classicPages} pages$)\\d+ pages?$`))
    await compactCount.waitFor()
    await dialog.locator('.export-page[data-painted]').first().waitFor()
    const previewPages = Number.parseInt((await compactCount.textContent()) ?? '', 10)
    expect(previewPages).toBeLessThan(classicPages)
    const preview = await watched(page)
    // The export alone, from here.
    await page.evaluate(() => {
      const state = globalThis as unknown as { __longTasks: number[]; __progress: unknown[] }
      state.__longTasks = []
      state.__progress = []
    })

    await dialog.getByRole('button', { name: 'Export…' }).click()
    const saved = dialog.getByRole('status').filter({ hasText: /^Saved as / })
    await saved.waitFor()
    const fileName = (await saved.textContent())?.replace(/^Saved as /, '') ?? ''
    expect(fileName).toMatch(/\.pdf$/)
    await screenshot(page, 'export-dialog')

    const { longTasks, progress } = await watched(page)
    const last = progress.at(-1)
    expect(last).toMatchObject({ phase: 'done' })
    expect(last?.done).toBe(last?.total)
    process.stdout.write(
      `export e2e: preview ${describeLongTasks(preview.longTasks)}; export ${describeLongTasks(longTasks)}\n`,
    )

    // An independent reader opens what was written, with as many pages as the preview showed, on A4.
    const path = join(folder, fileName)
    const { stdout } = await run('pdfinfo', [path])
    expect(stdout).toMatch(new RegExp(`^Pages:\\s+${previewPages}$`, 'm'))
    expect(stdout).toMatch(/^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/m)
    expect(stdout).toMatch(/^Title:\s+\S/m)
    expect(stdout).toMatch(/^Creator:\s+HECSOs Studio$/m)

    await dialog.getByRole('button', { name: 'Show in folder' }).click()
    await dialog.getByRole('button', { name: 'Open the file' }).click()
    await expect
      .poll(() => app.exportShellCalls)
      .toEqual([
        { action: 'show', path },
        { action: 'open', path },
      ])
  })

  it('keeps the window usable during an export, and Cancel leaves no file', async () => {
    const folder = await saveFolder()
    // The Save dialog answers only once the test has cancelled: the file would be written right after.
    let answer: (path: string) => void = () => undefined
    const app = await start({
      chooseExportPath: (name) =>
        new Promise((resolve) => {
          answer = (path) => resolve(join(path, name))
        }),
    })
    const { page } = app
    await openExample(page)
    await createDocument(page, 'Notes for the coordinators')
    await editor(page).fill('First line.')
    await waitForSaved(page)

    await page.getByRole('button', { name: 'Export…' }).click()
    const dialog = exportDialog(page)
    await dialog.getByRole('radio', { name: 'Word (DOCX)' }).click()
    await watchPage(page)
    await dialog.getByRole('button', { name: 'Export…' }).click()
    await dialog.getByRole('progressbar', { name: 'Export progress' }).waitFor()
    const cancel = dialog.getByRole('button', { name: 'Cancel export' })
    await expect.poll(() => cancel.isEnabled()).toBe(true)

    // The export goes on when the dialog closes; meanwhile the user keeps writing.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    await editor(page).click()
    await page.keyboard.press('End')
    await page.keyboard.type(' Still typing while it exports.')
    await expect.poll(() => editor(page).textContent()).toContain('Still typing while it exports.')

    await page.getByRole('button', { name: 'Export…' }).click()
    await cancel.click()
    await dialog.getByText('Export cancelled. No file was written.').waitFor()
    answer(folder)
    await expect
      .poll(() => app.bridge.callsOf('export:save').map((call) => call.result))
      .toEqual([{ ok: true, data: { state: 'cancelled' } }])
    expect(await readdir(folder)).toEqual([])
    await expect(access(join(folder, 'Notes for the coordinators.docx'))).rejects.toThrow()
    const { longTasks } = await watched(page)
    process.stdout.write(`export e2e (cancel, typing): ${describeLongTasks(longTasks)}\n`)
    await page.keyboard.press('Escape')
    await waitForSaved(page)
  })
})
