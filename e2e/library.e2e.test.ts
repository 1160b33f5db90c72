import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAppDeps, type AppDeps } from '../core/api/deps'
import { SHIPPED_TEMPLATES_DIR } from '../core/templates/shipped-folder'
import { richTextFromParagraphs } from '../core/model'
import { useApps } from './support/harness'
import {
  chooseRowAction,
  createDocument,
  createProject,
  editor,
  goToLibrary,
  listedProjects,
  projectCard,
  projectFile,
  projectIdsOnDisk,
  readJson,
  screenshot,
  toast,
} from './support/flows'

const otherInstances: AppDeps[] = []

const { start } = useApps(async () => {
  for (const deps of otherInstances.splice(0)) await deps.close()
})

/** A library prepared by another store over the same folder, as if written by an earlier session. */
async function prepareLibrary(build: (deps: AppDeps) => Promise<void>): Promise<string> {
  const libraryDir = await mkdtemp(join(tmpdir(), 'hecsos-e2e-library-'))
  const deps = await createAppDeps({
    dataDir: libraryDir,
    templatesDir: SHIPPED_TEMPLATES_DIR,
    appVersion: '0.0.0-e2e',
  })
  await build(deps)
  await deps.close()
  return libraryDir
}

describe('the project library', () => {
  it('explains what a project is on a fresh library', async () => {
    const { page } = await start()
    await page.getByRole('heading', { name: 'No projects yet' }).waitFor()
    await page.getByText('A project gathers everything your team writes for one partnership').waitFor()
    await page.getByRole('button', { name: 'Create your first project' }).waitFor()
  })

  it('creates, renames, duplicates, deletes and restores projects, most recently changed first', async () => {
    const app = await start()
    const { page } = app
    await createProject(page, 'Practice cases of community engagement', 'PCCE')
    await goToLibrary(page)
    await createProject(page, 'Competence framework for CSO professionals')
    await goToLibrary(page)
    await expect
      .poll(() => listedProjects(page))
      .toEqual(['Competence framework for CSO professionals', 'Practice cases of community engagement'])
    await projectCard(page, 'Practice cases of community engagement').getByText('PCCE').waitFor()
    await projectCard(page, 'Practice cases of community engagement').getByText('0 documents').waitFor()

    // Renaming is a change, so the renamed project moves to the top.
    await chooseRowAction(page, 'Practice cases of community engagement', 'Rename')
    const rename = page.getByRole('dialog', { name: 'Rename project' })
    await rename.getByLabel('Project title').fill('')
    await rename.getByRole('button', { name: 'Rename' }).click()
    await rename.getByText('A title is needed.').waitFor()
    await rename.getByLabel('Project title').fill('Good practices in community engagement')
    await rename.getByRole('button', { name: 'Rename' }).click()
    await page.getByRole('heading', { name: 'Good practices in community engagement' }).waitFor()
    await expect
      .poll(() => listedProjects(page))
      .toEqual(['Good practices in community engagement', 'Competence framework for CSO professionals'])

    await chooseRowAction(page, 'Competence framework for CSO professionals', 'Duplicate')
    await page.getByRole('heading', { name: 'Competence framework for CSO professionals (copy)' }).waitFor()
    await expect
      .poll(() => listedProjects(page))
      .toEqual([
        'Competence framework for CSO professionals (copy)',
        'Good practices in community engagement',
        'Competence framework for CSO professionals',
      ])
    await expect.poll(() => projectIdsOnDisk(app.libraryDir)).toHaveLength(3)

    await chooseRowAction(page, 'Competence framework for CSO professionals (copy)', 'Delete')
    const deleted = toast(page, '“Competence framework for CSO professionals (copy)” moved to the trash.')
    await deleted.waitFor()
    await expect
      .poll(() => listedProjects(page))
      .toEqual(['Good practices in community engagement', 'Competence framework for CSO professionals'])
    await expect.poll(() => projectIdsOnDisk(app.libraryDir)).toHaveLength(2)

    await deleted.getByRole('button', { name: 'Undo' }).click()
    await page.getByRole('heading', { name: 'Competence framework for CSO professionals (copy)' }).waitFor()
    await expect.poll(() => listedProjects(page)).toHaveLength(3)
    await expect.poll(() => projectIdsOnDisk(app.libraryDir)).toHaveLength(3)
    expect(app.bridge.callsOf('projects:restore')).toHaveLength(1)

    await screenshot(page, 'library')
    await screenshot(page, 'library-dark', 'dark')
  })

  it('lists documents with their status, deletes one with undo, and opens the others', async () => {
    const app = await start()
    const { page } = app
    await createProject(page, 'Policy workshop reports', 'PWR')
    await createDocument(page, 'Workshop in Patras')
    await page.getByRole('radio', { name: 'Final' }).click()
    await page.locator('.save-status[data-save-state="saved"]').waitFor()
    await page.getByRole('link', { name: 'Policy workshop reports' }).click()
    await createDocument(page, 'Workshop in Cluj-Napoca', 'ro')
    await page.getByRole('link', { name: 'Policy workshop reports' }).click()

    const documents = page.getByRole('list', { name: 'Documents' })
    await documents.getByRole('link', { name: 'Workshop in Cluj-Napoca' }).waitFor()
    await expect
      .poll(() => documents.locator(':scope > li .card-title').allTextContents())
      .toEqual(['Workshop in Cluj-Napoca', 'Workshop in Patras'])
    const patras = documents.locator(':scope > li').filter({ hasText: 'Workshop in Patras' })
    await patras.getByText('Final', { exact: true }).waitFor()
    await documents.locator(':scope > li').filter({ hasText: 'Cluj' }).getByText('Romanian').waitFor()

    await chooseRowAction(page, 'Workshop in Patras', 'Delete')
    const deleted = toast(page, '“Workshop in Patras” moved to the trash.')
    await deleted.waitFor()
    await expect(documents.getByRole('link', { name: 'Workshop in Patras' }).count()).resolves.toBe(0)
    await deleted.getByRole('button', { name: 'Undo' }).click()
    await documents.getByRole('link', { name: 'Workshop in Patras' }).waitFor()
    await screenshot(page, 'project')
    await documents.getByRole('link', { name: 'Workshop in Patras' }).click()
    await expect
      .poll(() => page.getByRole('radio', { name: 'Final' }).getAttribute('aria-checked'))
      .toBe('true')
  })

  it('flags a damaged project with the reason, restores its backup, and still opens the others', async () => {
    let damagedId = ''
    const libraryDir = await prepareLibrary(async ({ store }) => {
      const healthy = await store.createProject({ title: 'Training curriculum (EQF 7)' })
      await store.createDocument(healthy.project.id, { title: 'Module overview' })
      const damaged = await store.createProject({ title: 'Toolkit draft' })
      // A rename leaves the previous manifest on the backup shelf, so there is something to restore.
      await store.updateProject(
        damaged.project.id,
        { title: 'Toolkit for participatory workshops' },
        damaged.revision,
      )
      damagedId = damaged.project.id
    })
    await writeFile(projectFile(libraryDir, damagedId), '{"formatVersion": 1, "id": "trunc')

    const app = await start({ libraryDir })
    const { page } = app
    const damaged = page.getByRole('listitem').filter({ hasText: 'Damaged' })
    await damaged.waitFor()
    await damaged.getByRole('heading', { name: 'A project that cannot be opened' }).waitFor()
    await damaged.getByText('This file is damaged and cannot be read.').waitFor()
    await damaged.getByText(`Folder: ${damagedId}`).waitFor()
    await screenshot(page, 'library-damaged')

    await page.getByRole('link', { name: 'Training curriculum (EQF 7)' }).click()
    await page.getByRole('link', { name: 'Module overview' }).click()
    await editor(page).waitFor()
    await goToLibrary(page)

    await damaged.getByRole('button', { name: /Restore the backup from/ }).click()
    await page.getByRole('link', { name: 'Toolkit draft' }).click()
    await page.getByRole('heading', { level: 1, name: 'Toolkit draft' }).waitFor()
    expect(await readJson(projectFile(libraryDir, damagedId))).toMatchObject({ title: 'Toolkit draft' })
  })

  it('opens a project that another instance is editing read-only, and says why', async () => {
    let projectId = ''
    let documentId = ''
    const libraryDir = await prepareLibrary(async ({ store }) => {
      const view = await store.createProject({
        title: 'Deliverable D3.2: policy recommendations',
        acronym: 'HECSOs',
      })
      projectId = view.project.id
      const stored = await store.createDocument(projectId, { title: 'Recommendations at EU level' })
      await store.saveDocument(
        projectId,
        stored.document.id,
        { ...stored.document, fields: { body: richTextFromParagraphs(['Key messages.']) as never } },
        stored.revision,
      )
      documentId = stored.document.id
    })
    // Another running instance holds the project's lock.
    const other = await createAppDeps({
      dataDir: libraryDir,
      templatesDir: SHIPPED_TEMPLATES_DIR,
      appVersion: '0.0.0-other',
    })
    otherInstances.push(other)
    await other.store.getProject(projectId)

    const { page } = await start({ libraryDir })
    const card = projectCard(page, 'Deliverable D3.2: policy recommendations')
    await card.getByText('Read-only').waitFor()
    await card.getByRole('link').click()
    await page.getByRole('note').getByText('Read-only').waitFor()
    await expect(
      page.getByRole('button', { name: /New document|Create the first document/ }).count(),
    ).resolves.toBe(0)
    await page.getByRole('link', { name: 'Recommendations at EU level' }).click()
    await expect.poll(() => editor(page).innerText()).toBe('Key messages.')
    await expect(editor(page).getAttribute('contenteditable')).resolves.toBe('false')
    await expect(
      page.getByRole('textbox', { name: 'Document title' }).getAttribute('readonly'),
    ).resolves.toBe('')
    expect(page.url()).toContain(documentId)
  })
})
