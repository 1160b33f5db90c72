import { readFile, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { useApps } from './support/harness'
import {
  createDocument,
  createProject,
  currentIds,
  documentFile,
  editor,
  readJson,
  saveStatus,
  screenshot,
  waitForSaved,
} from './support/flows'

const GREEK = 'Κοινοτική συμμετοχή'
const ROMANIAN = 'Învățământ superior și societate civilă'

const { start } = useApps()

describe('writing a document', () => {
  it('keeps Greek and Romanian text typed into a new document, on disk and across a reload and a restart', async () => {
    const app = await start()
    const { page } = app
    const projectId = await createProject(page, 'Community engagement in higher education', 'HECSOs')
    const documentId = await createDocument(page, 'Practice case study: Thessaloniki', 'el')

    await editor(page).click()
    await page.keyboard.type(GREEK)
    await page.keyboard.press('Enter')
    await page.keyboard.type(ROMANIAN)
    await waitForSaved(page)

    const onDisk = await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')
    expect(onDisk).toContain(GREEK)
    expect(onDisk).toContain(ROMANIAN)
    const stored = JSON.parse(onDisk) as {
      fields: { body: { format: string; schemaVersion: number; root: { children: unknown[] } } }
    }
    expect(stored.fields.body).toMatchObject({ format: 'lexical', schemaVersion: 1 })
    expect(stored.fields.body.root.children).toHaveLength(2)

    await expect(editor(page).getAttribute('lang')).resolves.toBe('el')
    await expect(editor(page).getAttribute('spellcheck')).resolves.toBe('true')
    await screenshot(page, 'document-editor')
    await screenshot(page, 'document-editor-dark', 'dark')

    await app.reload()
    await expect.poll(() => editor(page).innerText()).toBe(`${GREEK}\n\n${ROMANIAN}`)
    expect(currentIds(page)).toEqual({ projectId, documentId })

    // A new handler map and store over the same folder: what shows now can only have come from disk.
    await app.close({ keepLibrary: true })
    const again = await start({ libraryDir: app.libraryDir })
    await again.page.goto(`${new URL(app.page.url()).origin}/#/projects/${projectId}/documents/${documentId}`)
    await expect.poll(() => editor(again.page).innerText()).toBe(`${GREEK}\n\n${ROMANIAN}`)
  })

  it('saves the title and the status, and shows the status in the project', async () => {
    const app = await start()
    const { page } = app
    const projectId = await createProject(page, 'Toolkit for local workshops')
    const documentId = await createDocument(page, 'Draft title')

    const title = page.getByRole('textbox', { name: 'Document title' })
    await title.fill('Activity cards for policy workshops')
    await title.press('Enter')
    await expect(editor(page).evaluate((node) => node.matches(':focus'))).resolves.toBe(true)
    await page.getByRole('radio', { name: 'In review' }).click()
    await waitForSaved(page)

    const stored = (await readJson(documentFile(app.libraryDir, projectId, documentId))) as {
      document?: unknown
      title: string
      status: string
    }
    expect(stored).toMatchObject({ title: 'Activity cards for policy workshops', status: 'review' })

    await page.getByRole('link', { name: 'Toolkit for local workshops' }).click()
    const row = page.getByRole('listitem').filter({ hasText: 'Activity cards for policy workshops' })
    await row.getByText('In review').waitFor()
  })

  it('never loses what is typed while a save is in flight', async () => {
    const app = await start()
    const { page } = app
    const projectId = await createProject(page, 'Competency framework')
    const documentId = await createDocument(page, 'Knowledge, skills, attitudes')
    await editor(page).click()
    await page.keyboard.type('First sentence.')
    // Leave the editor (which saves at once) and come straight back to type more while that save runs.
    await page.getByRole('textbox', { name: 'Document title' }).focus()
    await editor(page).click()
    await page.keyboard.press('End')
    await page.keyboard.type(' Second sentence.')
    await waitForSaved(page)
    const onDisk = await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')
    expect(onDisk).toContain('First sentence. Second sentence.')
  })

  it('says when a save failed, keeps the text, and saves it on retry', async () => {
    const app = await start()
    const { page } = app
    const projectId = await createProject(page, 'Policy recommendations')
    const documentId = await createDocument(page, 'Recommendations for the regional level')
    app.bridge.failNext('documents:save', {
      code: 'disk-full',
      message: 'ENOSPC: no space left on device, write',
    })

    await editor(page).click()
    await page.keyboard.type('Fund community liaison posts.')
    const status = saveStatus(page)
    await status.getByText('Could not save: The disk is full. Free some space, then retry.').waitFor()
    await status.getByText('(disk-full)').waitFor()
    expect(await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')).not.toContain(
      'community liaison',
    )

    await status.getByRole('button', { name: 'Retry' }).click()
    await waitForSaved(page)
    expect(await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')).toContain(
      'Fund community liaison posts.',
    )
    await expect(editor(page).innerText()).resolves.toBe('Fund community liaison posts.')
  })

  it('stops at a conflict with a change made on disk, and never writes over it', async () => {
    const app = await start()
    const { page } = app
    const projectId = await createProject(page, 'Training curriculum')
    const documentId = await createDocument(page, 'Module 1: Participation')
    await editor(page).click()
    await page.keyboard.type('Learning outcomes.')
    await waitForSaved(page)

    // Another program edits the file behind the app's back.
    const path = documentFile(app.libraryDir, projectId, documentId)
    const outside = (await readJson(path)) as { title: string }
    outside.title = 'Module 1: Participation (edited by a colleague)'
    await writeFile(path, JSON.stringify(outside))
    const before = await readFile(path, 'utf8')

    await page.keyboard.type(' Assessment.')
    const alert = page.getByRole('alert').filter({ hasText: 'This document was changed outside this window' })
    await alert.waitFor()
    await saveStatus(page).getByText('Not saved: changed on disk').waitFor()
    await page.keyboard.type(' More words.')
    await page.getByRole('textbox', { name: 'Document title' }).focus()
    await page.waitForTimeout(1500)
    expect(await readFile(path, 'utf8')).toBe(before)

    // Keeping one's own version makes a copy and leaves the colleague's file as it is.
    await alert.getByRole('button', { name: 'Keep my version as a copy' }).click()
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Document title' }).inputValue())
      .toBe('Module 1: Participation (my version)')
    const copyId = currentIds(page).documentId
    expect(copyId).not.toBe(documentId)
    expect(await readFile(path, 'utf8')).toBe(before)
    const copy = await readFile(documentFile(app.libraryDir, projectId, copyId ?? ''), 'utf8')
    expect(copy).toContain('Learning outcomes. Assessment. More words.')
  })

  it('reloads the version on disk after a conflict when the user asks', async () => {
    const app = await start()
    const { page } = app
    const projectId = await createProject(page, 'Deliverable D2.1')
    const documentId = await createDocument(page, 'Executive summary')
    await editor(page).click()
    await page.keyboard.type('Our draft.')
    await waitForSaved(page)

    const path = documentFile(app.libraryDir, projectId, documentId)
    const text = await readFile(path, 'utf8')
    await writeFile(path, text.replace('Our draft.', 'Their draft.'))

    await page.keyboard.type(' Mine.')
    const alert = page.getByRole('alert').filter({ hasText: 'This document was changed outside this window' })
    await alert.getByRole('button', { name: 'Discard my changes and reload' }).click()
    await expect.poll(() => editor(page).innerText()).toBe('Their draft.')
    await editor(page).click()
    await page.keyboard.press('End')
    await page.keyboard.type(' Agreed.')
    await waitForSaved(page)
    expect(await readFile(path, 'utf8')).toContain('Their draft. Agreed.')
  })

  it('saves what is pending when the window is about to close, then lets it close', async () => {
    const app = await start()
    const { page } = app
    const projectId = await createProject(page, 'Practice cases')
    const documentId = await createDocument(page, 'Case: community kitchens')
    await editor(page).click()
    await page.keyboard.type('Written just before closing.')
    await app.emit('app:before-close', {})
    await expect.poll(() => app.bridge.callsOf('window:ready-to-close').length).toBe(1)
    const saves = app.bridge.callsOf('documents:save')
    expect(saves.at(-1)?.result.ok).toBe(true)
    expect(await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')).toContain(
      'Written just before closing.',
    )
  })

  it('applies lists and web links, and refuses script links', async () => {
    const app = await start()
    const { page } = app
    const projectId = await createProject(page, 'Links and lists')
    const documentId = await createDocument(page, 'Sources')
    await editor(page).click()
    await page.keyboard.type('Sources')
    await page.getByRole('button', { name: 'Bulleted list' }).click()
    await page.keyboard.type('Interreg Europe')
    await page.keyboard.press('Shift+Home')
    await page.getByRole('button', { name: 'Link', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Add a link' })
    await dialog.getByLabel('Web address or e-mail').fill('javascript:alert(1)')
    await dialog.getByRole('button', { name: 'Apply' }).click()
    await dialog.getByText('Enter a web address (https://…) or an e-mail address.').waitFor()
    await dialog.getByLabel('Web address or e-mail').fill('interregeurope.eu')
    await dialog.getByRole('button', { name: 'Apply' }).click()
    await editor(page).getByRole('link', { name: 'Interreg Europe' }).waitFor()
    await editor(page).click()
    await page.keyboard.press('End')
    await page.keyboard.type(' (good practices)')
    await waitForSaved(page)
    const onDisk = await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')
    expect(onDisk).toContain('"url":"https://interregeurope.eu"')
    expect(onDisk).toContain('"listType":"bullet"')
    expect(onDisk).not.toContain('javascript:')
  })
})
