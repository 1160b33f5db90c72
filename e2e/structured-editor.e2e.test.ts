import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FileChooser, Locator, Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { useApps } from './support/harness'
import {
  chooseRowAction,
  currentIds,
  documentFile,
  readJson,
  screenshot,
  waitForSaved,
} from './support/flows'

const { start } = useApps()
const scratch: string[] = []

afterAll(async () => {
  for (const dir of scratch.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** The wrapper of a field's editor, by its path (`organisations/<itemId>/name`), as the workspace finds it. */
function field(page: Page, path: string): Locator {
  return page.locator(`#field-${path.replaceAll('/', '--')}`)
}

/**
 * A WebP picture drawn by the browser itself, written where a user's downloads would be: the app must turn it
 * into a PNG, because PDF and DOCX embed only PNG and JPEG.
 */
async function webpPicture(page: Page): Promise<string> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 64
    canvas.height = 48
    const context = canvas.getContext('2d')!
    context.fillStyle = '#1d6a73'
    context.fillRect(0, 0, 64, 48)
    context.fillStyle = '#f6f5f1'
    context.fillRect(16, 12, 32, 24)
    return canvas.toDataURL('image/webp')
  })
  if (!dataUrl.startsWith('data:image/webp;base64,')) throw new Error('Chromium did not encode WebP.')
  const dir = await mkdtemp(join(tmpdir(), 'hecsos-e2e-images-'))
  scratch.push(dir)
  const file = join(dir, 'schoolyard.webp')
  await writeFile(file, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'))
  return file
}

async function openExampleAndCreateCaseStudy(
  page: Page,
  title: string,
): Promise<{ projectId: string; documentId: string }> {
  await page.getByRole('button', { name: 'Open the example project' }).click()
  await page.getByRole('heading', { level: 1, name: /example project/ }).waitFor()
  await page.getByRole('button', { name: 'New document' }).click()
  const dialog = page.getByRole('dialog', { name: 'New document' })
  await dialog.getByRole('radio', { name: 'Practice case study' }).click()
  await dialog.getByLabel('Document title').fill(title)
  await dialog.getByRole('button', { name: 'Create document' }).click()
  await page.getByRole('heading', { level: 2, name: 'The practice at a glance' }).waitFor()
  const { projectId, documentId } = currentIds(page)
  if (!projectId || !documentId) throw new Error('Creating the case study did not open it.')
  return { projectId, documentId }
}

/** Picks an entry of a searchable picker that is open: types to narrow the list, Enter takes the first match. */
async function pick(page: Page, search: string): Promise<void> {
  const input = page.getByPlaceholder('Search…')
  await input.fill(search)
  await page.getByRole('listbox').getByRole('option').first().waitFor()
  await input.press('Enter')
}

interface CaseStudyOnDisk {
  fields: {
    practiceTitle: string
    summary: { root: unknown }
    startDate: string | null
    status: string | null
    themes: string[]
    keywords: string[]
    country: string | null
    region: string
    scale: string | null
    organisations: Array<{ id: string; values: { name: string; type: string | null } }>
    budget: number | null
    mainImage: { assetId: string; caption: string; alt: string; credit: string } | null
    resultsTable: { rows: Array<{ id: string; cells: Record<string, unknown> }> }
    lessonsLearned: string[]
    sources: Array<{ author: string; title: string; year: number | null; url: string }>
  }
}

function textOf(value: unknown): string {
  return JSON.stringify(value)
}

/** What the filled-in case study must hold on disk, whichever way it was written. */
async function expectCaseStudyOnDisk(libraryDir: string, projectId: string, documentId: string) {
  const { fields } = (await readJson(documentFile(libraryDir, projectId, documentId))) as CaseStudyOnDisk
  expect(fields.practiceTitle).toBe('Open schoolyards in Valencia')
  expect(textOf(fields.summary)).toContain('Schoolyards open to the neighbourhood after school hours.')
  expect(fields.startDate).toBe('2021-03-15')
  expect(fields.status).toBe('ongoing')
  expect(fields.themes).toEqual(['4', '11'])
  expect(fields.keywords).toEqual(['schoolyards', 'neighbourhood', 'children'])
  expect(fields.country).toBe('ES')
  expect(fields.region).toBe('Valencian Community')
  expect(fields.scale).toBe('municipality')
  // Reordered by keyboard: the second organisation added now comes first.
  expect(fields.organisations.map((item) => item.values.name)).toEqual(['Barri Viu', 'Escola Oberta'])
  expect(fields.organisations.find((item) => item.values.name === 'Barri Viu')?.values.type).toBe('cso')
  expect(fields.budget).toBe(12500.5)
  expect(fields.mainImage).toMatchObject({
    caption: 'The schoolyard on a Saturday',
    alt: 'Children playing football in a schoolyard',
    credit: 'Escola Oberta',
  })
  expect(fields.resultsTable.rows.map((row) => row.cells)).toEqual([
    { indicator: 'Schoolyards open at weekends', value: '14', source: 'City council records' },
  ])
  expect(fields.lessonsLearned).toEqual(['Start small', 'Share the keys', 'Count the visitors'])
  expect(fields.sources).toEqual([
    expect.objectContaining({
      author: 'Ajuntament de València',
      title: 'Patis oberts',
      year: 2022,
      url: 'https://example.org/patis-oberts',
    }),
  ])
  // The image is a project asset, converted to PNG, and the document holds only its id, never its bytes.
  const asset = fields.mainImage!.assetId
  expect(asset).toMatch(/^[0-9a-f]{64}$/)
  const assets = await readdir(join(libraryDir, 'projects', projectId, 'assets'))
  expect(assets).toContain(`${asset}.png`)
  const png = await readFile(join(libraryDir, 'projects', projectId, 'assets', `${asset}.png`))
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
  const raw = await readFile(documentFile(libraryDir, projectId, documentId), 'utf8')
  expect(raw).not.toContain('base64')
  return fields
}

/** Links the new case study from the example's engagement model, and checks that reference on disk. */
async function referenceFromModel(page: Page, libraryDir: string, projectId: string, caseStudyId: string) {
  await page
    .getByRole('navigation', { name: 'You are here' })
    .getByRole('link', { name: /example project/ })
    .click()
  await page.getByRole('link', { name: /^The HECSOs co-creation cycle/ }).click()
  await page.getByRole('heading', { level: 2, name: 'Evidence base' }).waitFor()
  const { documentId: modelId } = currentIds(page)
  const cases = field(page, 'evidenceCases')
  await cases.getByRole('button', { name: /^Case studies/ }).click()
  await pick(page, 'Valencia')
  await page.keyboard.press('Escape')
  await cases.getByText('Open schoolyards in Valencia').waitFor()
  await waitForSaved(page)
  const model = (await readJson(documentFile(libraryDir, projectId, modelId!))) as {
    fields: { evidenceCases: Array<{ documentId: string }> }
  }
  expect(model.fields.evidenceCases.map((target) => target.documentId)).toContain(caseStudyId)
}

/** Presses Tab until `target` has the focus, as a keyboard user moves through the page. */
async function tabTo(page: Page, target: Locator, limit = 120): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return
    await page.keyboard.press('Tab')
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))
  throw new Error(`Tab never reached ${target.toString()}; the focus is on ${focused}`)
}

/**
 * Has Playwright catch the page's file pickers from now on. It asks Chromium to hand them over only once something
 * listens, and asks asynchronously: listening just before the key (waitForEvent alone) can be too late, and then
 * Chromium opens a picker of its own that nobody answers, after which no other opens (twice under CI load, even
 * with a second Space). Listening from the start of the test, the hand-over is on long before the key.
 */
function catchFilePickers(page: Page): void {
  page.on('filechooser', () => undefined)
}

/**
 * Opens the file picker of the focused file input with a key (after catchFilePickers). Should a Space that
 * reached the focused input open nothing, a person would press again, and so does this, once, before failing with
 * what has the focus.
 */
async function chooseFileByKey(page: Page, key: string): Promise<FileChooser> {
  for (let attempt = 1; ; attempt += 1) {
    const chooser = page.waitForEvent('filechooser', { timeout: attempt === 1 ? 10_000 : 20_000 })
    await page.keyboard.press(key)
    try {
      return await chooser
    } catch (error) {
      if (attempt === 2) {
        const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))
        throw new Error(`${key} did not open the file picker twice; the focus is on ${focused}`, {
          cause: error,
        })
      }
    }
  }
}

/** Presses a key until `target` has the focus (arrow keys inside a radio group or a menu). */
async function pressUntil(page: Page, key: string, target: Locator, limit = 20): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return
    await page.keyboard.press(key)
  }
  throw new Error(`${key} never reached ${target.toString()}`)
}

/**
 * Types a date into a date input from the keyboard. The order of its day, month and year boxes follows the
 * browser's own locale, so the test tries day-first and, if that was not it, goes back and types month-first.
 */
async function typeDate(
  page: Page,
  input: Locator,
  date: { year: string; month: string; day: string },
): Promise<void> {
  const wanted = `${date.year}-${date.month}-${date.day}`
  await page.keyboard.type(`${date.day}${date.month}${date.year}`)
  if ((await input.inputValue()) === wanted) return
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.type(`${date.month}${date.day}${date.year}`)
  await expect(input.inputValue()).resolves.toBe(wanted)
}

describe('the structured editor', () => {
  it('fills every field type of a new case study from the example project, and reads it all back from disk after a reload', async () => {
    const app = await start()
    const { page, libraryDir } = app
    const picture = await webpPicture(page)
    const { projectId, documentId } = await openExampleAndCreateCaseStudy(
      page,
      'Open schoolyards in Valencia',
    )

    // Short text, with its limit shown as the author types.
    await page.getByLabel('Name of the practice').fill('Open schoolyards in Valencia')
    await field(page, 'practiceTitle').getByText('4 of 15 words').waitFor()
    // Rich text, with its word count against the template's limits.
    await page.getByRole('textbox', { name: 'Summary' }).click()
    await page.keyboard.type('Schoolyards open to the neighbourhood after school hours.')
    await field(page, 'summary').getByText('8 of 150 words', { exact: false }).waitFor()
    await page.getByLabel('Started on').fill('2021-03-15')
    // A single choice and a multiple one, from searchable pickers.
    await field(page, 'status')
      .getByRole('button', { name: /^Status/ })
      .click()
    await pick(page, 'Ongoing')
    await field(page, 'themes')
      .getByRole('button', { name: /^Sustainable Development Goals/ })
      .click()
    await pick(page, 'Quality education')
    await pick(page, 'Sustainable cities')
    await page.keyboard.press('Escape')
    await field(page, 'themes').getByText('11. Sustainable cities and communities').waitFor()
    // A list of short entries: Enter starts the next one.
    await field(page, 'keywords').getByRole('button', { name: 'Add an entry' }).click()
    await page.keyboard.type('schoolyards')
    await page.keyboard.press('Enter')
    await page.keyboard.type('neighbourhood')
    await page.keyboard.press('Enter')
    await page.keyboard.type('children')

    await field(page, 'country')
      .getByRole('button', { name: /^Country/ })
      .click()
    await pick(page, 'Spain')
    await page.getByLabel('Region', { exact: true }).fill('Valencian Community')
    await field(page, 'scale')
      .getByRole('button', { name: /^Territorial scale/ })
      .click()
    await pick(page, 'Municipality')

    // A repeatable group: two organisations, a third removed and brought back with Undo, then removed for good.
    const organisations = field(page, 'organisations')
    const addOrganisation = organisations.getByRole('button', { name: 'Add to “Organisations involved”' })
    for (const name of ['Escola Oberta', 'Barri Viu', 'To be removed']) {
      await addOrganisation.click()
      await page.keyboard.type(name)
    }
    await organisations.getByRole('button', { name: 'Actions for “To be removed”' }).click()
    await page.getByRole('menuitem', { name: 'Remove' }).click()
    await expect.poll(() => organisations.locator('.group-item').count()).toBe(2)
    await page
      .getByRole('region', { name: /^Notifications/ })
      .getByRole('button', { name: 'Undo' })
      .click()
    await organisations.getByRole('button', { name: /^Move “To be removed”/ }).waitFor()
    await organisations.getByRole('button', { name: 'Actions for “To be removed”' }).click()
    await page.getByRole('menuitem', { name: 'Remove' }).click()
    await expect.poll(() => organisations.locator('.group-item').count()).toBe(2)
    const order = () => organisations.locator('.group-item-title').allTextContents()
    // Dragged by its handle above the first item.
    await organisations
      .getByRole('button', { name: /^Move “Barri Viu”, 2 of 2/ })
      .dragTo(organisations.locator('.group-item').first(), { targetPosition: { x: 40, y: 6 } })
    await expect.poll(order).toEqual(['Barri Viu', 'Escola Oberta'])
    // Reordered by keyboard: Alt+Down and Alt+Up on an item's handle move it, and the handle keeps the focus.
    await organisations.getByRole('button', { name: /^Move “Barri Viu”, 1 of 2/ }).focus()
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(order).toEqual(['Escola Oberta', 'Barri Viu'])
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(order).toEqual(['Barri Viu', 'Escola Oberta'])
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''))
      .toMatch(/^Move “Barri Viu”, 1 of 2/)
    const first = organisations.locator('.group-item').first()
    // An item folds away and opens again; what it holds is kept.
    const toggle = first.getByRole('button', { name: /Barri Viu$/ })
    await toggle.click()
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false')
    await expect(first.locator('.group-item-body').count()).resolves.toBe(0)
    await toggle.click()
    await expect(first.getByLabel(/^Organisation/).inputValue()).resolves.toBe('Barri Viu')
    await first.getByRole('button', { name: /^Type/ }).click()
    await pick(page, 'Civil society')

    await page.getByLabel('Yearly budget').fill('12500.5')
    // An image: chosen with the file picker, stored as a project asset, shown from it.
    const image = field(page, 'mainImage')
    await image.locator('input[type="file"]').setInputFiles(picture)
    await image.getByRole('img', { name: '' }).or(image.locator('img.image-preview')).waitFor()
    await image.getByLabel('Caption').fill('The schoolyard on a Saturday')
    await image.getByLabel(/^Alternative text/).fill('Children playing football in a schoolyard')
    await image.getByLabel('Credit').fill('Escola Oberta')
    await image.getByRole('img', { name: 'Children playing football in a schoolyard' }).waitFor()

    // A table: a row added, its cells written.
    const results = field(page, 'resultsTable')
    await results.getByRole('button', { name: 'Add a row' }).click()
    await results.getByLabel('Result or indicator, row 1').fill('Schoolyards open at weekends')
    await results.getByLabel('Value, row 1').fill('14')
    await results.getByLabel('How it was measured, row 1').fill('City council records')

    const lessons = field(page, 'lessonsLearned')
    await lessons.getByRole('button', { name: 'Add an entry' }).click()
    await page.keyboard.type('Start small')
    await page.keyboard.press('Enter')
    await page.keyboard.type('Share the keys')
    await page.keyboard.press('Enter')
    await page.keyboard.type('Count the visitors')

    // A source of the bibliography; a web address that is not one is said so and not saved.
    const sources = field(page, 'sources')
    await sources.getByRole('button', { name: 'Add a source' }).click()
    await sources.getByLabel('Author').fill('Ajuntament de València')
    await sources.getByLabel('Title').fill('Patis oberts')
    await sources.getByLabel('Year').fill('2022')
    await sources.getByLabel('Web address').fill('example.org')
    await sources.getByText('A web address starts with http:// or https://', { exact: false }).waitFor()
    await sources.getByLabel('Web address').fill('https://example.org/patis-oberts')

    await waitForSaved(page)
    await page
      .getByRole('region', { name: /^Notifications/ })
      .getByRole('button', { name: 'Dismiss' })
      .click()
    await page.getByRole('heading', { level: 2, name: 'Who is involved' }).scrollIntoViewIfNeeded()
    await screenshot(page, 'structured-editor')
    await screenshot(page, 'structured-editor-dark', 'dark')
    await expectCaseStudyOnDisk(libraryDir, projectId, documentId)

    // After a reload everything is shown again, read back from disk.
    await app.reload()
    await expect(page.getByLabel('Name of the practice').inputValue()).resolves.toBe(
      'Open schoolyards in Valencia',
    )
    await page
      .getByRole('textbox', { name: 'Summary' })
      .getByText('Schoolyards open to the neighbourhood')
      .waitFor()
    await field(page, 'status').getByRole('button', { name: 'Status Ongoing' }).waitFor()
    await field(page, 'themes').getByText('4. Quality education').waitFor()
    await expect(
      field(page, 'organisations').locator('.group-item-title').allTextContents(),
    ).resolves.toEqual(['Barri Viu', 'Escola Oberta'])
    await field(page, 'mainImage')
      .getByRole('img', { name: 'Children playing football in a schoolyard' })
      .waitFor()
    await expect(field(page, 'resultsTable').getByLabel('Value, row 1').inputValue()).resolves.toBe('14')
    await expect(field(page, 'sources').getByLabel('Web address').inputValue()).resolves.toBe(
      'https://example.org/patis-oberts',
    )

    // A reference to this case study from another document of the project.
    await referenceFromModel(page, libraryDir, projectId, documentId)

    // The level matrix of the example's competency framework: a grid of competences × levels, written in place.
    await page
      .getByRole('navigation', { name: 'You are here' })
      .getByRole('link', { name: /example project/ })
      .click()
    await page.getByRole('link', { name: /^HECSOs Competency Framework/ }).click()
    const matrix = field(page, 'levelMatrix')
    const cell = matrix.getByRole('textbox').first()
    await cell.fill('Maps the people and places of one neighbourhood with a mentor.')
    const cellName = await cell.getAttribute('aria-label')
    expect(cellName).toMatch(/ at “.+”$/)
    await waitForSaved(page)
    const { documentId: frameworkId } = currentIds(page)
    const framework = (await readJson(documentFile(libraryDir, projectId, frameworkId!))) as {
      fields: { levelMatrix: Record<string, Record<string, string>> }
    }
    const descriptors = Object.values(framework.fields.levelMatrix).flatMap((row) => Object.values(row))
    expect(descriptors).toContain('Maps the people and places of one neighbourhood with a mentor.')

    // A reference to items of another document (the competences a role needs) names each item and its document.
    await page
      .getByRole('navigation', { name: 'You are here' })
      .getByRole('link', { name: /example project/ })
      .click()
    await page.getByRole('link', { name: /^Community engagement broker/ }).click()
    const competences = field(page, 'requiredCompetences')
    await competences.locator('.chip').filter({ hasText: 'Building trust with communities' }).waitFor()
    await expect(competences.locator('.chip[data-broken]').count()).resolves.toBe(0)
    await competences.getByRole('button', { name: /^Required competences/ }).click()
    await page
      .getByRole('listbox')
      .getByRole('option', { name: /Building trust with communities/ })
      .waitFor()
    await page.keyboard.press('Escape')

    // A reference whose document has gone is shown as broken, not hidden, and can be removed.
    await page
      .getByRole('navigation', { name: 'You are here' })
      .getByRole('link', { name: /example project/ })
      .click()
    await chooseRowAction(page, 'Open schoolyards in Valencia', 'Delete')
    await page.getByRole('link', { name: /^The HECSOs co-creation cycle/ }).click()
    const broken = field(page, 'evidenceCases').locator('.chip[data-broken]')
    await broken.getByText('A document that is no longer in this project').waitFor()
    await expect(broken.count()).resolves.toBe(1)
  })

  it('works with the keyboard alone: every field type, a group reordered with Alt+arrows, an image, a reference', async () => {
    const app = await start()
    const { page, libraryDir } = app
    catchFilePickers(page)
    const picture = await webpPicture(page)
    const keys = page.keyboard

    await tabTo(page, page.getByRole('button', { name: 'Open the example project' }))
    await keys.press('Enter')
    await page.getByRole('heading', { level: 1, name: /example project/ }).waitFor()
    await tabTo(page, page.getByRole('button', { name: 'New document' }))
    await keys.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'New document' })
    await dialog.getByLabel('Document title').waitFor()
    await keys.type('Open schoolyards in Valencia')
    await tabTo(page, dialog.getByRole('radio', { checked: true }))
    await pressUntil(page, 'ArrowDown', dialog.getByRole('radio', { name: 'Practice case study' }))
    await keys.press('Space')
    await tabTo(page, dialog.getByRole('button', { name: 'Create document' }))
    await keys.press('Enter')
    await page.getByRole('heading', { level: 2, name: 'The practice at a glance' }).waitFor()
    const { projectId, documentId } = currentIds(page)

    await tabTo(page, page.getByLabel('Name of the practice'))
    await keys.type('Open schoolyards in Valencia')
    await tabTo(page, page.getByRole('textbox', { name: 'Summary' }))
    await keys.type('Schoolyards open to the neighbourhood after school hours.')
    await tabTo(page, page.getByLabel('Started on'))
    await typeDate(page, page.getByLabel('Started on'), { year: '2021', month: '03', day: '15' })
    await tabTo(page, field(page, 'status').getByRole('button', { name: /^Status/ }))
    await keys.press('Enter')
    await pick(page, 'Ongoing')
    await tabTo(page, field(page, 'themes').getByRole('button', { name: /^Sustainable Development Goals/ }))
    await keys.press('Enter')
    await pick(page, 'Quality education')
    await pick(page, 'Sustainable cities')
    await keys.press('Escape')
    await tabTo(page, field(page, 'keywords').getByRole('button', { name: 'Add an entry' }))
    await keys.press('Enter')
    await keys.type('schoolyards')
    await keys.press('Enter')
    await keys.type('neighbourhood')
    await keys.press('Enter')
    await keys.type('children')

    await tabTo(page, field(page, 'country').getByRole('button', { name: /^Country/ }))
    await keys.press('Enter')
    await pick(page, 'Spain')
    await tabTo(page, page.getByLabel('Region', { exact: true }))
    await keys.type('Valencian Community')
    await tabTo(page, field(page, 'scale').getByRole('button', { name: /^Territorial scale/ }))
    await keys.press('Enter')
    await pick(page, 'Municipality')

    const organisations = field(page, 'organisations')
    for (const name of ['Escola Oberta', 'Barri Viu']) {
      await tabTo(page, organisations.getByRole('button', { name: 'Add to “Organisations involved”' }))
      await keys.press('Enter')
      await keys.type(name)
    }
    // Alt+Up in the item moves it; then its actions menu, opened and used from the keyboard, moves it back and forth.
    await keys.press('Alt+ArrowUp')
    await organisations.getByRole('button', { name: /^Move “Barri Viu”, 1 of 2/ }).waitFor()
    await tabTo(page, organisations.getByRole('button', { name: 'Actions for “Barri Viu”' }))
    await keys.press('Enter')
    await pressUntil(page, 'ArrowDown', page.getByRole('menuitem', { name: 'Move down' }))
    await keys.press('Enter')
    await organisations.getByRole('button', { name: /^Move “Barri Viu”, 2 of 2/ }).waitFor()
    await keys.press('Alt+ArrowUp')
    await organisations.getByRole('button', { name: /^Move “Barri Viu”, 1 of 2/ }).waitFor()
    await tabTo(page, organisations.locator('.group-item').first().getByRole('button', { name: /^Type/ }))
    await keys.press('Enter')
    await pick(page, 'Civil society')

    await tabTo(page, page.getByLabel('Yearly budget'))
    await keys.type('12500.5')
    const image = field(page, 'mainImage')
    await tabTo(page, image.getByLabel('Choose an image…'))
    await (await chooseFileByKey(page, 'Space')).setFiles(picture)
    await image.locator('img.image-preview').waitFor()
    await tabTo(page, image.getByLabel('Caption'))
    await keys.type('The schoolyard on a Saturday')
    await keys.press('Tab')
    await keys.type('Children playing football in a schoolyard')
    await keys.press('Tab')
    await keys.type('Escola Oberta')

    const results = field(page, 'resultsTable')
    await tabTo(page, results.getByRole('button', { name: 'Add a row' }))
    await keys.press('Enter')
    await keys.type('Schoolyards open at weekends')
    await keys.press('Tab')
    await keys.type('14')
    await keys.press('Tab')
    await keys.type('City council records')

    await tabTo(page, field(page, 'lessonsLearned').getByRole('button', { name: 'Add an entry' }))
    await keys.press('Enter')
    await keys.type('Start small')
    await keys.press('Enter')
    await keys.type('Share the keys')
    await keys.press('Enter')
    await keys.type('Count the visitors')

    const sources = field(page, 'sources')
    await tabTo(page, sources.getByRole('button', { name: 'Add a source' }))
    await keys.press('Enter')
    await keys.type('Ajuntament de València')
    await tabTo(page, sources.getByLabel('Year'))
    await keys.type('2022')
    await tabTo(page, sources.getByLabel('Title'))
    await keys.type('Patis oberts')
    await tabTo(page, sources.getByLabel('Web address'))
    await keys.type('https://example.org/patis-oberts')
    await keys.press('Tab')

    await waitForSaved(page)
    await expectCaseStudyOnDisk(libraryDir, projectId!, documentId!)
    await app.reload()
    await expect(page.getByLabel('Name of the practice').inputValue()).resolves.toBe(
      'Open schoolyards in Valencia',
    )
    await expectCaseStudyOnDisk(libraryDir, projectId!, documentId!)

    // The reference, from the engagement model, by keyboard too.
    await tabTo(
      page,
      page.getByRole('navigation', { name: 'You are here' }).getByRole('link', { name: /example project/ }),
    )
    await keys.press('Enter')
    await tabTo(page, page.getByRole('link', { name: /^The HECSOs co-creation cycle/ }))
    await keys.press('Enter')
    await page.getByRole('heading', { level: 2, name: 'Evidence base' }).waitFor()
    const { documentId: modelId } = currentIds(page)
    await tabTo(page, field(page, 'evidenceCases').getByRole('button', { name: /^Case studies/ }), 400)
    await keys.press('Enter')
    await pick(page, 'Valencia')
    await keys.press('Escape')
    await field(page, 'evidenceCases').getByText('Open schoolyards in Valencia').waitFor()
    await keys.press('Tab')
    await waitForSaved(page)
    const model = (await readJson(documentFile(libraryDir, projectId!, modelId!))) as {
      fields: { evidenceCases: Array<{ documentId: string }> }
    }
    expect(model.fields.evidenceCases.map((target) => target.documentId)).toContain(documentId)
  })
})
