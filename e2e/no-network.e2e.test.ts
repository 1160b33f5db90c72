import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { useApps } from './support/harness'

/**
 * The page asks for nothing off the machine: every request it makes (documents, scripts, styles, fonts, images,
 * workers, fetches) during a whole working session goes to the app's own origin — here the local server that
 * stands in for app://, in the app the app:// protocol. Main's side (the session cancels everything else, pdfmake
 * is locked) is main/network-guard.test.ts.
 */

const scratch: string[] = []
const { start } = useApps()

afterAll(async () => {
  for (const dir of scratch.splice(0)) await rm(dir, { recursive: true, force: true })
})

describe('a working session', () => {
  it('from the library through the example project and its documents to a PDF export stays on the app’s origin', async () => {
    const outbox = await mkdtemp(join(tmpdir(), 'hecsos-e2e-outbox-'))
    scratch.push(outbox)
    const app = await start({ chooseExportPath: async (name) => join(outbox, name) })
    const { page } = app
    const origin = new URL(page.url()).origin
    const requests: string[] = []
    page.context().on('request', (request) => requests.push(request.url()))
    // From the first byte of the page on: the harness had already loaded it before the listener was there.
    await app.reload()

    await page.getByRole('button', { name: 'Open the example project' }).click()
    const documents = page.getByRole('list', { name: 'Documents' }).getByRole('link')
    await documents.first().waitFor()
    const titles = await documents.allTextContents()
    expect(titles.length).toBeGreaterThan(3)
    // A Greek and a Romanian document bring their own scripts' glyphs: fonts must come with the app.
    for (const title of titles.slice(0, 3)) {
      await page
        .getByRole('list', { name: 'Documents' })
        .getByRole('link', { name: title, exact: true })
        .click()
      await page.waitForURL(/\/documents\//)
      await page.getByText(title, { exact: true }).first().waitFor()
      await page.waitForLoadState('networkidle')
      await page.goBack()
      await documents.first().waitFor()
    }

    // The Export dialog previews the PDF in the page (pdf.js and its worker), then saves it.
    await page.getByRole('button', { name: 'Export…' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    await vi.waitFor(
      () => expect(app.bridge.callsOf('export:result').some((call) => call.result.ok)).toBe(true),
      {
        timeout: 60_000,
      },
    )
    await dialog.locator('button[type="submit"]').click()
    await vi.waitFor(
      () => expect(app.bridge.callsOf('export:save').some((call) => call.result.ok)).toBe(true),
      {
        timeout: 60_000,
      },
    )
    const files = await readdir(outbox)
    expect(files).toHaveLength(1)
    expect((await stat(join(outbox, files[0]!))).size).toBeGreaterThan(1000)

    expect(requests.length).toBeGreaterThan(5)
    const offOrigin = requests.filter((url) => {
      const parsed = new URL(url)
      return parsed.origin !== origin && parsed.protocol !== 'data:' && parsed.protocol !== 'blob:'
    })
    expect(offOrigin, 'requests that left the app’s origin').toEqual([])
  })
})
