import { mkdir, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { SCREENSHOTS_DIR } from './paths'

/** The ids in the address of the screen on show (the app keeps its place in the URL hash). */
export function currentIds(page: Page): { projectId?: string; documentId?: string } {
  const match = /#\/projects\/([a-z0-9-]+)(?:\/documents\/([a-z0-9-]+))?/.exec(new URL(page.url()).hash)
  return { projectId: match?.[1], documentId: match?.[2] }
}

export async function createProject(page: Page, title: string, acronym = ''): Promise<string> {
  // Whichever the library offers once it has loaded: the empty state's button or the toolbar's.
  await page
    .getByRole('button', { name: 'Create your first project' })
    .or(page.getByRole('button', { name: 'New project' }))
    .click()
  const dialog = page.getByRole('dialog', { name: 'New project' })
  await dialog.getByLabel('Project title').fill(title)
  if (acronym) await dialog.getByLabel('Acronym').fill(acronym)
  await dialog.getByRole('button', { name: 'Create project' }).click()
  await page.getByRole('heading', { level: 1, name: title }).waitFor()
  const { projectId } = currentIds(page)
  if (!projectId) throw new Error('Creating a project did not open it.')
  return projectId
}

export async function createDocument(page: Page, title: string, language?: string): Promise<string> {
  await page
    .getByRole('button', { name: 'Create the first document' })
    .or(page.getByRole('button', { name: 'New document' }))
    .click()
  const dialog = page.getByRole('dialog', { name: 'New document' })
  await dialog.getByLabel('Document title').fill(title)
  if (language) await dialog.getByLabel('Language of the document').selectOption(language)
  await dialog.getByRole('button', { name: 'Create document' }).click()
  await page.getByRole('textbox', { name: 'Document text' }).waitFor()
  const { documentId } = currentIds(page)
  if (!documentId) throw new Error('Creating a document did not open it.')
  return documentId
}

export function editor(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Document text' })
}

export function saveStatus(page: Page): Locator {
  return page.locator('.save-status')
}

/** Waits for the autosave to settle on "Saved" (typing leaves it pending first, so this cannot pass early). */
export async function waitForSaved(page: Page): Promise<void> {
  await page.locator('.save-status[data-save-state="saved"]').getByText('Saved', { exact: true }).waitFor()
}

export async function goToLibrary(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'You are here' }).getByRole('link', { name: 'Projects' }).click()
  await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor()
}

/** The project titles in the order the library lists them. */
export async function listedProjects(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: 'Projects' }).locator(':scope > li .card-title').allTextContents()
}

export function projectCard(page: Page, title: string): Locator {
  return page
    .getByRole('list', { name: 'Projects' })
    .locator(':scope > li')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
}

export async function chooseRowAction(page: Page, rowTitle: string, action: string): Promise<void> {
  await page.getByRole('button', { name: `Actions for “${rowTitle}”` }).click()
  await page.getByRole('menuitem', { name: action }).click()
}

export function documentFile(libraryDir: string, projectId: string, documentId: string): string {
  return join(libraryDir, 'projects', projectId, 'documents', `${documentId}.json`)
}

export function projectFile(libraryDir: string, projectId: string): string {
  return join(libraryDir, 'projects', projectId, 'project.json')
}

export async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8')) as unknown
}

export async function projectIdsOnDisk(libraryDir: string): Promise<string[]> {
  return (await readdir(join(libraryDir, 'projects'))).sort()
}

/** A toast as the user sees it: an item of the notifications region (Radix announces a hidden copy separately). */
export function toast(page: Page, text: string): Locator {
  return page
    .getByRole('region', { name: /^Notifications/ })
    .getByRole('listitem')
    .filter({ hasText: text })
}

/**
 * A screenshot for docs/screenshots, taken with transitions finished and the pointer out of the way. Only
 * `npm run screenshots` writes them: an ordinary test run must not rewrite committed files.
 */
export async function screenshot(
  page: Page,
  name: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<void> {
  if (!process.env.HECSOS_SCREENSHOTS) return
  await mkdir(SCREENSHOTS_DIR, { recursive: true })
  await page.emulateMedia({ colorScheme })
  await page.mouse.move(0, 0)
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), animations: 'disabled' })
  await page.emulateMedia({ colorScheme: 'light' })
}
