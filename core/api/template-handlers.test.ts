import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SHIPPED_TEMPLATES_DIR } from '../templates/shipped-folder'
import type { Handlers } from './contract'
import { createAppDeps, type AppDeps } from './deps'
import { createHandlers } from './handlers'
import { ok } from './test-support'

let dataDir: string
let deps: AppDeps
let handlers: Handlers
let templateFile: string | undefined

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hecsos-templates-api-'))
  deps = await createAppDeps({ dataDir, appVersion: '1.0.0', templatesDir: SHIPPED_TEMPLATES_DIR })
  templateFile = undefined
  handlers = createHandlers({
    ...deps,
    shell: {
      openExternal: vi.fn(async () => false),
      readyToClose: vi.fn(),
      chooseTemplateFile: async () => templateFile,
    },
  })
})

afterEach(async () => {
  await deps.close()
  await rm(dataDir, { recursive: true, force: true })
})

/** A small user template; version 2 renames `name` to `practiceName` and adds `notes`. */
function miniTemplate(version: 1 | 2): string {
  const nameField =
    version === 1
      ? { id: 'name', type: 'text', label: { en: 'Name' }, guidance: { en: 'The name.' }, required: true }
      : {
          id: 'practiceName',
          type: 'text',
          label: { en: 'Name' },
          guidance: { en: 'The name.' },
          required: true,
        }
  const fields: unknown[] = [
    nameField,
    {
      id: 'country',
      type: 'choice',
      vocabulary: 'countries',
      label: { en: 'Country' },
      guidance: { en: 'Where.' },
    },
    { id: 'obsolete', type: 'text', label: { en: 'Old' }, guidance: { en: 'Old.' } },
  ]
  if (version === 2) {
    fields.splice(2, 1)
    fields.push({ id: 'notes', type: 'richText', label: { en: 'Notes' }, guidance: { en: 'Anything else.' } })
  }
  return JSON.stringify({
    formatVersion: 1,
    id: 'mini-practice',
    version,
    kind: 'custom',
    objective: 'SO1',
    title: { en: 'Mini practice' },
    description: { en: 'A test template.' },
    ...(version === 2 ? { migrations: [{ from: 1, to: 2, renamedFields: { name: 'practiceName' } }] } : {}),
    sections: [{ id: 'main', title: { en: 'Main' }, fields }],
  })
}

async function importMini(version: 1 | 2) {
  templateFile = join(dataDir, `mini-v${version}.json`)
  await writeFile(templateFile, miniTemplate(version))
  return ok(handlers['templates:import']({}))
}

describe('the template catalogue through the API', () => {
  it('lists the nine shipped templates, translated, with no problems', async () => {
    const list = await ok(handlers['templates:list']({}))
    expect(list.problems).toEqual([])
    expect(list.templates.map((template) => template.id).sort()).toEqual([
      'case-study',
      'competency-framework',
      'curriculum',
      'deliverable',
      'engagement-model',
      'policy-recommendations',
      'role-profile',
      'toolkit',
      'workshop-report',
    ])
    for (const template of list.templates)
      expect(template.languages).toEqual(expect.arrayContaining(['en', 'de', 'el', 'it', 'ro', 'es']))
  })

  it('gives a template with the vocabularies its choices use', async () => {
    const { template, vocabularies } = await ok(handlers['templates:get']({ templateId: 'case-study' }))
    expect(template.kind).toBe('case-study')
    expect(vocabularies.map((vocabulary) => vocabulary.id)).toEqual(
      expect.arrayContaining(['countries', 'iap2']),
    )
    expect(await handlers['templates:get']({ templateId: 'no-such-template' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })
})

describe('documents written against a template', () => {
  it('start with the template’s empty fields and its current version', async () => {
    const { project } = await ok(handlers['projects:create']({ title: 'Frameworks' }))
    const { document } = await ok(
      handlers['documents:create']({
        projectId: project.id,
        document: { title: 'Framework', templateId: 'competency-framework' },
      }),
    )
    expect(document).toMatchObject({ templateId: 'competency-framework', templateVersion: 1 })
    expect(document.fields.areas).toEqual([])
    // The default scale: 8 levels in 4 bands, each with a stable item id.
    const levels = document.fields.levels as Array<{ id: string; values: { name: string } }>
    expect(levels).toHaveLength(8)
    expect(new Set(levels.map((level) => level.id)).size).toBe(8)
  })

  it('refuse an unknown template and a value that does not fit, writing nothing', async () => {
    const { project } = await ok(handlers['projects:create']({ title: 'Cases' }))
    expect(
      await handlers['documents:create']({
        projectId: project.id,
        document: { title: 'x', templateId: 'no-such' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'not-found' } })

    const created = await ok(
      handlers['documents:create']({
        projectId: project.id,
        document: { title: 'Case', templateId: 'case-study' },
      }),
    )
    const file = join(dataDir, 'projects', project.id, 'documents', `${created.document.id}.json`)
    const before = await readFile(file, 'utf8')
    const bad = await handlers['documents:save']({
      projectId: project.id,
      documentId: created.document.id,
      baseRevision: created.revision,
      content: { ...created.document, fields: { ...created.document.fields, country: 'Atlantis' } },
    })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    if (!bad.ok) expect(bad.error.message).toMatch(/country/)
    expect(await readFile(file, 'utf8')).toBe(before)

    const good = await handlers['documents:save']({
      projectId: project.id,
      documentId: created.document.id,
      baseRevision: created.revision,
      content: { ...created.document, fields: { ...created.document.fields, country: 'GR' } },
    })
    expect(good.ok).toBe(true)
  })

  it('follow their template to a new version: renamed fields move, new ones appear, removed ones are kept', async () => {
    expect(await importMini(1)).toMatchObject({ ok: true, replaced: false })
    const { project } = await ok(handlers['projects:create']({ title: 'Evolution' }))
    const created = await ok(
      handlers['documents:create']({
        projectId: project.id,
        document: { title: 'Kitchen tables', templateId: 'mini-practice' },
      }),
    )
    const saved = await ok(
      handlers['documents:save']({
        projectId: project.id,
        documentId: created.document.id,
        baseRevision: created.revision,
        content: {
          ...created.document,
          fields: { name: 'Kitchen tables', country: 'CY', obsolete: 'keep me' },
        },
      }),
    )
    expect(saved.document.templateVersion).toBe(1)

    expect(await importMini(2)).toMatchObject({ ok: true, replaced: true })
    const opened = await ok(
      handlers['documents:get']({ projectId: project.id, documentId: created.document.id }),
    )
    expect(opened.document.templateVersion).toBe(2)
    expect(opened.document.fields).toMatchObject({
      practiceName: 'Kitchen tables',
      country: 'CY',
      obsolete: 'keep me',
    })
    expect(opened.document.fields).not.toHaveProperty('name')
    expect(opened.document.fields).toHaveProperty('notes')

    // The migration is written by the next save, which records the new version.
    const migrated = await ok(
      handlers['documents:save']({
        projectId: project.id,
        documentId: created.document.id,
        baseRevision: opened.revision,
        content: { ...opened.document, templateVersion: 2 },
      }),
    )
    expect(migrated.document.templateVersion).toBe(2)
    expect(migrated.document.fields.obsolete).toBe('keep me')
  })

  it('cannot claim a template version that is not installed', async () => {
    await importMini(1)
    const { project } = await ok(handlers['projects:create']({ title: 'Versions' }))
    const created = await ok(
      handlers['documents:create']({
        projectId: project.id,
        document: { title: 'x', templateId: 'mini-practice' },
      }),
    )
    const result = await handlers['documents:save']({
      projectId: project.id,
      documentId: created.document.id,
      baseRevision: created.revision,
      content: { ...created.document, templateVersion: 7 },
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })
})

describe('importing templates', () => {
  it('does nothing when the user cancels the dialog', async () => {
    expect(await ok(handlers['templates:import']({}))).toBeNull()
  })

  it('refuses a broken file with its path and reason, and leaves the catalogue as it was', async () => {
    templateFile = join(dataDir, 'broken.json')
    await writeFile(templateFile, miniTemplate(1).replace('"label":{"en":"Name"}', '"label":{}'))
    const result = await ok(handlers['templates:import']({}))
    expect(result).toMatchObject({ ok: false })
    if (result && !result.ok)
      expect(result.problems[0]).toMatchObject({ path: expect.stringContaining('label') })
    expect((await ok(handlers['templates:list']({}))).templates).toHaveLength(9)
  })
})

describe('checking a project', () => {
  it('reports required fields left empty and broken references', async () => {
    const { project } = await ok(handlers['projects:create']({ title: 'Checks' }))
    const model = await ok(
      handlers['documents:create']({
        projectId: project.id,
        document: { title: 'Model', templateId: 'engagement-model' },
      }),
    )
    await ok(handlers['documents:create']({ projectId: project.id, document: { title: 'Notes' } }))
    const check = await ok(handlers['projects:check']({ projectId: project.id }))
    expect(check.missingRequired).toBe(true)
    const modelCheck = check.documents.find((document) => document.documentId === model.document.id)
    expect(modelCheck?.completeness?.document.complete).toBe(false)
    expect(modelCheck?.completeness?.document.issues.some((issue) => issue.severity === 'error')).toBe(true)
    const notes = check.documents.find((document) => document.templateId === 'plain')
    expect(notes).toMatchObject({ title: 'Notes' })
    expect(notes?.completeness).toBeUndefined()
  })
})
