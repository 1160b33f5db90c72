import { readFile, writeFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
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
  toast,
  waitForSaved,
} from './support/flows'

const GREEK = 'Κοινοτική συμμετοχή'
const ROMANIAN = 'Învățământ superior și societate civilă'

const { start } = useApps()

/**
 * A project with two documents; `text` is typed into the second, which is left open: the starting point for
 * leaving a document while what was typed is not yet saved.
 */
async function typeBesideAnother(
  page: Page,
  project: string,
  other: string,
  typed: string,
  text: string,
): Promise<{ projectId: string; documentId: string }> {
  const projectId = await createProject(page, project)
  await createDocument(page, other)
  await page.getByRole('link', { name: project }).click()
  const documentId = await createDocument(page, typed)
  await editor(page).click()
  await page.keyboard.type(text)
  return { projectId, documentId }
}

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

  it('leaves a document at once while its save is still running, and reopens it only with everything typed', async () => {
    const app = await start()
    const { page } = app
    const { projectId, documentId } = await typeBesideAnother(
      page,
      'Engagement models',
      'Model B: service learning',
      'Model A: community-based research',
      'Partners co-design the questions.',
    )

    // The disk is slow: the save started by leaving is held until the test lets it go.
    const releaseSave = app.bridge.holdNext('documents:save')
    await page.getByRole('link', { name: /^Model B: service learning/ }).click()
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Document title' }).inputValue())
      .toBe('Model B: service learning')
    expect(await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')).not.toContain(
      'co-design',
    )

    // Back to it while the save still runs: it opens once the save has ended, with the text, and no conflict.
    await page.getByRole('link', { name: /^Model A: community-based research/ }).click()
    releaseSave()
    await expect.poll(() => editor(page).innerText()).toBe('Partners co-design the questions.')
    expect(await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')).toContain(
      'Partners co-design the questions.',
    )
    await editor(page).click()
    await page.keyboard.press('End')
    await page.keyboard.type(' Then they publish together.')
    await waitForSaved(page)
    expect(await page.getByRole('alert').count()).toBe(0)
    expect(await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')).toContain(
      'Partners co-design the questions. Then they publish together.',
    )
  })

  it('says when a document left behind could not be saved, and saves it when the user opens it again', async () => {
    const app = await start()
    const { page } = app
    const { projectId, documentId } = await typeBesideAnother(
      page,
      'Role profiles',
      'Community liaison officer',
      'Knowledge broker',
      'Brokers translate between ερευνητές și comunitate.',
    )
    // Leaving saves on the way out (the editor loses focus) and once more after the next document is drawn.
    const freeSpace = app.bridge.failUntilFixed('documents:save', {
      code: 'disk-full',
      message: 'ENOSPC: no space left on device',
    })
    await page.getByRole('link', { name: /^Community liaison officer/ }).click()

    const failure = toast(page, '“Knowledge broker” could not be saved')
    await failure.getByText('The disk is full', { exact: false }).waitFor()
    await failure.getByText('Your changes are kept in this window', { exact: false }).waitFor()
    expect(await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')).not.toContain(
      'Brokers',
    )

    freeSpace()
    await failure.getByRole('button', { name: 'Open it' }).click()
    await expect
      .poll(() => editor(page).innerText())
      .toBe('Brokers translate between ερευνητές și comunitate.')
    await waitForSaved(page)
    expect(await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')).toContain(
      'Brokers translate between ερευνητές și comunitate.',
    )
  })

  it('tries a failed save of a document left behind once more before closing, and closes when it lands', async () => {
    const app = await start()
    const { page } = app
    const { projectId, documentId } = await typeBesideAnother(
      page,
      'Curricula',
      'Module 2',
      'Module 1',
      'Learning outcomes for module one.',
    )
    const diskBack = app.bridge.failUntilFixed('documents:save', {
      code: 'io',
      message: 'EIO: i/o error, write',
    })
    await page.getByRole('link', { name: /^Module 2/ }).click()
    await toast(page, '“Module 1” could not be saved').waitFor()

    // The window may not close with edits only in memory; the disk is back, so the last try saves them.
    diskBack()
    await app.emit('app:before-close', {})
    await expect.poll(() => app.bridge.callsOf('window:ready-to-close').length).toBe(1)
    expect(await readFile(documentFile(app.libraryDir, projectId, documentId), 'utf8')).toContain(
      'Learning outcomes for module one.',
    )
  })

  it('keeps the window open while a document left behind cannot be saved, and says which', async () => {
    const app = await start()
    const { page } = app
    await typeBesideAnother(page, 'Toolkits', 'Card 2', 'Card 1', 'Warm-up games.')
    app.bridge.failUntilFixed('documents:save', { code: 'disk-full', message: 'ENOSPC' })
    await page.getByRole('link', { name: /^Card 2/ }).click()
    await toast(page, '“Card 1” could not be saved').waitFor()
    const triesBeforeClosing = app.bridge.callsOf('documents:save').length

    await app.emit('app:before-close', {})
    await expect.poll(() => app.bridge.callsOf('documents:save').length).toBe(triesBeforeClosing + 1)
    await expect.poll(() => toast(page, '“Card 1” could not be saved').count()).toBe(2)
    // The main process then asks whether to close anyway (main/close-guard.ts); the page never said it may.
    expect(app.bridge.callsOf('window:ready-to-close')).toHaveLength(0)
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
