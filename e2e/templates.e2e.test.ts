import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { useApps } from './support/harness'
import { createProject, currentIds, readJson, screenshot } from './support/flows'
import { REPO_ROOT } from './support/paths'

const scratch: string[] = []

/** A folder for template files the tests write, outside the library (as a user's Downloads folder would be). */
async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hecsos-e2e-templates-'))
  scratch.push(dir)
  return dir
}

const { start } = useApps()

afterAll(async () => {
  for (const dir of scratch.splice(0)) await rm(dir, { recursive: true, force: true })
})

interface FieldFile {
  required?: boolean
  minItems?: number
  minRows?: number
}

interface TemplateFile {
  title: Record<string, string>
  sections: Array<{
    title: Record<string, string>
    fields: FieldFile[]
    sections?: Array<{ fields: FieldFile[] }>
  }>
}

function shippedTemplate(id: string): Promise<TemplateFile> {
  return readJson(join(REPO_ROOT, 'templates', 'catalogue', `${id}.json`)) as Promise<TemplateFile>
}

/** Fields a new document must still fill: required ones, and lists or tables with a minimum of entries. */
function mustFillCount(template: TemplateFile): number {
  return template.sections
    .flatMap((section) => [section, ...(section.sections ?? [])])
    .flatMap((section) => section.fields)
    .filter((field) => field.required === true || (field.minItems ?? 0) > 0 || (field.minRows ?? 0) > 0)
    .length
}

/**
 * A small user template, valid against the shipped vocabularies (as in core/api/template-handlers.test.ts).
 * Version 2 renames `name` to `practiceName`, drops `obsolete` and adds `notes`.
 */
function miniTemplate(version: 1 | 2 = 1): string {
  const text = (id: string, label: string, required = false) => ({
    id,
    type: 'text',
    label: { en: label },
    guidance: { en: `Guidance for ${label.toLowerCase()}.` },
    ...(required ? { required } : {}),
  })
  const country = {
    id: 'country',
    type: 'choice',
    vocabulary: 'countries',
    label: { en: 'Country' },
    guidance: { en: 'Where.' },
  }
  const fields =
    version === 1
      ? [text('name', 'Name', true), country, text('obsolete', 'Old notes')]
      : [text('practiceName', 'Name', true), country, text('notes', 'Notes')]
  return JSON.stringify({
    formatVersion: 1,
    id: 'mini-practice',
    version,
    kind: 'custom',
    objective: 'SO1',
    title: { en: 'Mini practice', de: 'Mini-Praxis' },
    description: { en: 'A one-section template for quick notes on a practice.' },
    ...(version === 2 ? { migrations: [{ from: 1, to: 2, renamedFields: { name: 'practiceName' } }] } : {}),
    sections: [{ id: 'main', title: { en: 'Main' }, fields }],
  })
}

async function openNewDocumentDialog(page: Page) {
  await page
    .getByRole('button', { name: 'Create the first document' })
    .or(page.getByRole('button', { name: 'New document' }))
    .click()
  const dialog = page.getByRole('dialog', { name: 'New document' })
  await dialog.waitFor()
  return dialog
}

function documentList(page: Page) {
  return page.getByRole('list', { name: 'Documents' })
}

describe('the example project', () => {
  it('opens from the empty library with its nine documents, their templates and completeness, and the project check', async () => {
    const { page } = await start()
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor()
    await page.getByRole('button', { name: 'Open the example project' }).click()
    await page.getByRole('heading', { level: 1, name: /example project/ }).waitFor()
    expect(currentIds(page).projectId).toBeTruthy()

    const rows = documentList(page).locator(':scope > li')
    await expect.poll(() => rows.count()).toBe(9)
    for (const title of [
      'Practice case study',
      'Community engagement model',
      'Toolkit',
      'Professional role profile',
      'Competency framework',
      'Training curriculum',
      'Policy workshop report',
      'Policy recommendations',
      'Deliverable',
    ])
      await expect.poll(() => rows.filter({ hasText: title }).count(), { message: title }).toBeGreaterThan(0)

    // Each document shows how complete it is, as a meter named after the document.
    const meters = documentList(page).getByRole('meter')
    await expect.poll(() => meters.count()).toBe(9)
    const curriculum = documentList(page).getByRole('meter', {
      name: /^Completeness of “Community Engagement/,
    })
    await expect(curriculum.getAttribute('aria-valuenow')).resolves.toBe('100')
    for (const value of await meters.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('aria-valuenow')),
    ))
      expect(Number(value)).toBeGreaterThanOrEqual(90)

    // The project check shows the two findings the example is written to demonstrate.
    const check = page.getByRole('region', { name: 'Project check' })
    await check.getByRole('heading', { name: '2 findings across documents' }).waitFor()
    await check
      .getByText('No module develops the competence “Securing resources for continuity”', { exact: false })
      .waitFor()
    await check.getByText('210 hours of workload for 6 ECTS credits', { exact: false }).waitFor()
    await expect(check.getByText('Warning', { exact: true }).count()).resolves.toBe(2)
    await screenshot(page, 'example-project')
  })

  it('shows the Greek case study as an outline in Greek, with its values, guidance and completeness', async () => {
    const { page } = await start()
    const template = await shippedTemplate('case-study')
    await page.getByRole('button', { name: 'Open the example project' }).click()
    await page.getByRole('link', { name: /^Ανοιχτές Αυλές/ }).click()
    await page.getByRole('navigation', { name: 'Sections' }).waitFor()

    const headings = await page.getByRole('heading', { level: 2 }).allTextContents()
    expect(headings).toEqual(template.sections.map((section) => section.title.el))
    await expect(page.locator('h2 [lang="el"]').first().textContent()).resolves.toBe(
      template.sections[0]!.title.el,
    )
    // Field labels are Greek too; the interface around them stays English.
    await page.getByRole('heading', { level: 3, name: 'Όνομα της πρακτικής' }).waitFor()
    await page.getByRole('textbox', { name: 'Document title' }).waitFor()
    await expect(page.getByRole('textbox', { name: 'Document text' }).count()).resolves.toBe(0)

    const documentMeter = page.getByRole('meter', { name: 'Completeness of this document' })
    await expect(documentMeter.getAttribute('aria-valuenow')).resolves.toMatch(/^\d+$/)
    await expect(page.getByRole('meter', { name: 'Completeness of “Πού και γιατί”' }).count()).resolves.toBe(
      1,
    )

    // A choice shows the vocabulary's Greek label, a reference the target's title, guidance is folded away.
    await page.getByText('Κύπρος').or(page.getByText('Ελλάδα')).first().waitFor()
    const guidance = page.locator('details.guidance').first()
    await expect(guidance.getAttribute('open')).resolves.toBeNull()
    await guidance.locator('summary').click()
    await expect(guidance.getAttribute('open')).resolves.toBe('')

    await screenshot(page, 'structured-document')
  })
})

describe('a document from a template', () => {
  it('is created from the picker and opens as an outline with every section at 0% and its required fields flagged', async () => {
    const { page, libraryDir } = await start()
    const template = await shippedTemplate('case-study')
    const projectId = await createProject(page, 'Community engagement in higher education', 'HECSOs')
    const dialog = await openNewDocumentDialog(page)

    // The picker groups the templates by objective and describes the one chosen, in the interface language.
    await dialog.getByRole('group', { name: 'SO1 · Practices, models and tools' }).waitFor()
    await expect(dialog.getByRole('radio', { name: 'Free text' }).getAttribute('aria-checked')).resolves.toBe(
      'true',
    )
    await expect(dialog.getByRole('radio').count()).resolves.toBe(10)
    await dialog.getByRole('radio', { name: 'Practice case study' }).click()
    await dialog.getByRole('heading', { name: 'Practice case study' }).waitFor()
    await dialog.getByText('Interreg Europe', { exact: false }).first().waitFor()
    await dialog.getByRole('listitem').filter({ hasText: 'Where and why' }).waitFor()
    await dialog.getByLabel('Document title').fill('Open schoolyards in Valencia')
    await screenshot(page, 'template-picker')
    await dialog.getByRole('button', { name: 'Create document' }).click()

    await page.getByRole('navigation', { name: 'Sections' }).waitFor()
    const { documentId } = currentIds(page)
    const stored = (await readJson(
      join(libraryDir, 'projects', projectId, 'documents', `${documentId}.json`),
    )) as { templateId: string; templateVersion: number }
    expect(stored).toMatchObject({ templateId: 'case-study', templateVersion: 1 })

    await expect(
      page.getByRole('meter', { name: 'Completeness of this document' }).getAttribute('aria-valuenow'),
    ).resolves.toBe('0')
    const sectionMeters = page.getByRole('meter', { name: /^Completeness of “/ })
    await expect.poll(() => sectionMeters.count()).toBe(template.sections.length)
    for (const value of await sectionMeters.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('aria-valuenow')),
    ))
      expect(value).toBe('0')
    await expect(page.getByText('Required · empty').count()).resolves.toBe(mustFillCount(template))
    await page.getByText(`${mustFillCount(template)} required fields still empty`).waitFor()

    // Title and status stay editable on a structured document, and the fields survive the save.
    await page.getByRole('radio', { name: 'In review' }).click()
    await page.locator('.save-status[data-save-state="saved"]').waitFor()
    const saved = (await readJson(
      join(libraryDir, 'projects', projectId, 'documents', `${documentId}.json`),
    )) as { status: string; fields: Record<string, unknown> }
    expect(saved.status).toBe('review')
    expect(Object.keys(saved.fields)).toContain('practiceTitle')

    // Back in the project, the document names its template and shows 0%.
    await page
      .getByRole('navigation', { name: 'You are here' })
      .getByRole('link', { name: 'Community engagement in higher education' })
      .click()
    const row = documentList(page).locator(':scope > li').filter({ hasText: 'Open schoolyards in Valencia' })
    await row.getByText('Practice case study').waitFor()
    await expect(row.getByRole('meter').getAttribute('aria-valuenow')).resolves.toBe('0')
    await page
      .getByRole('region', { name: 'Project check' })
      .getByText('Documents with required fields still empty')
      .waitFor()
  })
})

describe('importing templates', () => {
  it('imports a valid template file, says what was imported, and offers it in the picker', async () => {
    const dir = await scratchDir()
    const file = join(dir, 'mini-practice.json')
    await writeFile(file, miniTemplate())
    const { page } = await start({ templateFileToImport: file })

    await page.getByRole('button', { name: 'Import template…' }).click()
    const result = page.getByRole('dialog', { name: 'Template imported' })
    await result.getByText('Mini practice').waitFor()
    await result.getByText('Version 1').waitFor()
    await expect(result.getByText('replaced an older version', { exact: false }).count()).resolves.toBe(0)
    await result.getByRole('button', { name: 'Close' }).click()
    await result.waitFor({ state: 'hidden' })

    await createProject(page, 'Notes')
    const dialog = await openNewDocumentDialog(page)
    const option = dialog.getByRole('radio', { name: /^Mini practice/ })
    await option.waitFor()
    await expect(option.getByText('Imported').count()).resolves.toBe(1)
    await option.click()
    await dialog.getByText('A one-section template for quick notes on a practice.').first().waitFor()
  })

  it('says that importing the same template again replaced the older version', async () => {
    const dir = await scratchDir()
    const file = join(dir, 'mini-practice.json')
    await writeFile(file, miniTemplate())
    const { page } = await start({ templateFileToImport: file })
    await page.getByRole('button', { name: 'Import template…' }).click()
    await page
      .getByRole('dialog', { name: 'Template imported' })
      .getByRole('button', { name: 'Close' })
      .click()
    await writeFile(file, miniTemplate(2))
    await page.getByRole('button', { name: 'Import template…' }).click()
    const again = page.getByRole('dialog', { name: 'Template imported' })
    await again.getByText('Version 2').waitFor()
    await again.getByText('It replaced an older version of the same template.', { exact: false }).waitFor()
  })

  it('lists the problems of a broken template file with where they are and why, and imports nothing', async () => {
    const dir = await scratchDir()
    const file = join(dir, 'broken-practice.json')
    await writeFile(
      file,
      miniTemplate()
        .replace('"type":"text"', '"type":"textt"')
        .replace('"objective":"SO1"', '"objective":"SO9"'),
    )
    const { page, bridge } = await start({ templateFileToImport: file })

    await page.getByRole('button', { name: 'Import template…' }).click()
    const result = page.getByRole('dialog', { name: 'The template could not be imported' })
    await result.waitFor()
    const problems = result.getByRole('region', { name: 'broken-practice.json' })
    await problems.getByText(file).waitFor()
    await problems.getByText('sections[0].fields[0].type', { exact: true }).waitFor()
    await problems.getByText('"textt" is not a known type', { exact: false }).waitFor()
    await problems.getByText('objective', { exact: true }).waitFor()
    await screenshot(page, 'template-import-problems')
    await result.getByRole('button', { name: 'Close' }).click()

    const list = bridge.callsOf('templates:list').at(-1)?.result
    expect(list).toMatchObject({ ok: true })
    expect(JSON.stringify(list)).not.toContain('mini-practice')
  })

  it('shows a broken template file in the library as a notice with its file and reason, and still works', async () => {
    const libraryDir = await mkdtemp(join(tmpdir(), 'hecsos-e2e-library-'))
    await mkdir(join(libraryDir, 'templates'), { recursive: true })
    await writeFile(join(libraryDir, 'templates', 'half-written.json'), '{ "formatVersion": 1, "id": ')
    const { page } = await start({ libraryDir })

    const notice = page.getByRole('status').filter({ hasText: 'A template file could not be loaded' })
    await notice.waitFor()
    await notice.getByText('Show what is wrong (1)').click()
    await notice.getByText('half-written.json').first().waitFor()
    await expect(notice.locator('.problem-reason').textContent()).resolves.toMatch(/\S/)

    // Non-blocking: the library is usable with the notice on screen, and the notice can be put away.
    await createProject(page, 'Still working')
    const dialog = await openNewDocumentDialog(page)
    await expect(dialog.getByRole('radio').count()).resolves.toBe(10)
  })
})

describe('a template that gains a version', () => {
  it('brings its documents along: renamed fields follow, removed ones are shown as no longer in the template', async () => {
    const dir = await scratchDir()
    const file = join(dir, 'mini-practice.json')
    await writeFile(file, miniTemplate(1))
    const app = await start({ templateFileToImport: file })
    const { page, bridge } = app
    await page.getByRole('button', { name: 'Import template…' }).click()
    await page
      .getByRole('dialog', { name: 'Template imported' })
      .getByRole('button', { name: 'Close' })
      .click()

    // A Greek document from an English-only template: the picker warns, the outline tags the English words.
    const projectId = await createProject(page, 'Practices')
    const dialog = await openNewDocumentDialog(page)
    await dialog.getByLabel('Document title').fill('Ανοιχτές αυλές')
    await dialog.getByLabel('Language of the document').selectOption('el')
    await dialog.getByRole('radio', { name: /^Mini practice/ }).click()
    await dialog.getByText('not translated into Greek yet', { exact: false }).waitFor()
    await dialog.getByRole('button', { name: 'Create document' }).click()
    const main = page.getByRole('heading', { level: 2, name: /^Main/ })
    await main.waitFor()
    await expect(main.locator('.tag-fallback').textContent()).resolves.toBe('English')
    const { documentId } = currentIds(page)

    // What an author wrote with version 1 (the structured editor does not exist yet, so through the API).
    const stored = await bridge.handle('documents:get', { projectId, documentId })
    if (!stored.ok) throw new Error('documents:get failed')
    const { document, revision } = stored.data as {
      document: { title: string; language: string; status: string; authors: unknown[]; fields: object }
      revision: string
    }
    const saved = await bridge.handle('documents:save', {
      projectId,
      documentId,
      baseRevision: revision,
      content: {
        title: document.title,
        language: document.language,
        status: document.status,
        authors: document.authors,
        fields: { ...document.fields, name: 'Ανοιχτές Αυλές', obsolete: 'Σημειώσεις που δεν έχουν θέση πια' },
      },
    })
    expect(saved.ok).toBe(true)

    await page
      .getByRole('navigation', { name: 'You are here' })
      .getByRole('link', { name: 'Projects' })
      .click()
    await writeFile(file, miniTemplate(2))
    await page.getByRole('button', { name: 'Import template…' }).click()
    const imported = page.getByRole('dialog', { name: 'Template imported' })
    await imported.getByText('It replaced an older version of the same template.', { exact: false }).waitFor()
    await imported.getByRole('button', { name: 'Close' }).click()

    await page.getByRole('link', { name: 'Practices' }).click()
    await page.getByRole('list', { name: 'Documents' }).getByRole('link', { name: 'Ανοιχτές αυλές' }).click()
    // The renamed field kept its value; the new one is there, empty; the removed one is kept and shown apart.
    await expect.poll(() => page.getByLabel(/^Name/).inputValue()).toBe('Ανοιχτές Αυλές')
    expect(await page.getByLabel(/^Notes/).inputValue()).toBe('')
    const retired = page.getByRole('region', { name: 'No longer in this template' })
    await retired.getByText('obsolete', { exact: true }).waitFor()
    await retired.getByText('Σημειώσεις που δεν έχουν θέση πια').waitFor()

    // Changing the status saves the document at the template's new version, and the kept value stays.
    await page.getByRole('radio', { name: 'In review' }).click()
    await page.locator('.save-status[data-save-state="saved"]').waitFor()
    const onDisk = (await readJson(
      join(app.libraryDir, 'projects', projectId, 'documents', `${documentId}.json`),
    )) as {
      templateVersion: number
      status: string
      fields: Record<string, unknown>
    }
    expect(onDisk).toMatchObject({ templateVersion: 2, status: 'review' })
    expect(onDisk.fields).toMatchObject({
      practiceName: 'Ανοιχτές Αυλές',
      obsolete: 'Σημειώσεις που δεν έχουν θέση πια',
      notes: '',
    })
  })
})
