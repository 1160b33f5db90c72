import { storeError } from './test-support'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { richTextFromParagraphs } from '../model'
import type { FieldValues, HecsosDocument, Project } from '../model'
import { openTestLibrary, sequentialIds, snapshot } from './test-support'
import type { TestLibrary } from './test-support'

// Two libraries, as on two partners' computers: the project is made in one and imported into the other.
let source: TestLibrary
let target: TestLibrary

beforeEach(async () => {
  source = await openTestLibrary({ newId: sequentialIds('src') })
  target = await openTestLibrary({ newId: sequentialIds('dst') })
})

afterEach(async () => {
  await source.dispose()
  await target.dispose()
})

async function sourceProject(): Promise<{ project: Project; documents: HecsosDocument[] }> {
  const { project } = await source.store.createProject({ title: 'Community labs', acronym: 'HECSOs' })
  const documents: HecsosDocument[] = []
  for (const title of ['Framework', 'Case study']) {
    const created = await source.store.createDocument(project.id, { title })
    const saved = await source.store.saveDocument(
      project.id,
      created.document.id,
      {
        title,
        language: 'en',
        status: 'draft',
        authors: [],
        fields: {
          body: richTextFromParagraphs([`${title} text`]) as unknown as FieldValues[string],
        },
      },
      created.revision,
    )
    documents.push(saved.document)
  }
  return { project: (await source.store.getProject(project.id)).project, documents }
}

describe('importing a project', () => {
  it('keeps the project id and every document id and content, and survives a restart', async () => {
    const { project, documents } = await sourceProject()
    const view = await target.store.importProject(project, documents)
    expect(view.project).toEqual(project)
    expect(view.documents.map((summary) => summary.id)).toEqual(documents.map((document) => document.id))
    for (const document of documents)
      expect((await target.store.getDocument(project.id, document.id)).document).toEqual(document)

    const again = await target.reopen()
    expect((await again.listProjects()).map((summary) => summary.id)).toEqual([project.id])
    expect((await again.getDocument(project.id, documents[1]!.id)).document).toEqual(documents[1])
  })

  it('refuses a project whose id is already in the library, suggests a copy, and changes nothing', async () => {
    const { project, documents } = await sourceProject()
    await target.store.importProject(project, documents)
    const before = await snapshot(target.root)
    const error = await storeError(target.store.importProject({ ...project, title: 'Other' }, []))
    expect(error.code).toBe('conflict')
    expect(error.message).toMatch(/already in your library/)
    expect(error.message).toMatch(/hecsos merge/)
    expect(error.message).toMatch(/as a copy/)
    expect(await snapshot(target.root)).toEqual(before)
  })

  it('refuses a project whose id is in the trash, and says so', async () => {
    const { project, documents } = await sourceProject()
    await target.store.importProject(project, documents)
    await target.store.trashProject(project.id)
    const before = await snapshot(target.root)
    const error = await storeError(target.store.importProject(project, documents))
    expect(error.code).toBe('conflict')
    expect(error.message).toMatch(/in the trash/)
    expect(await snapshot(target.root)).toEqual(before)
  })

  it('validates everything itself and writes nothing when anything is wrong', async () => {
    const { project, documents } = await sourceProject()
    const before = await snapshot(target.root)
    const hostile = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>
    const attempts: Array<[Project, HecsosDocument[]]> = [
      [{ ...project, id: '../escape' }, documents],
      [{ ...project, title: '' }, documents],
      [project, [documents[0]!, documents[0]!]],
      [project, [{ ...documents[0]!, id: 'A/../../x' }]],
      [project, [{ ...documents[0]!, fields: hostile as FieldValues }]],
      [{ ...project, ...hostile } as Project, documents],
    ]
    for (const [badProject, badDocuments] of attempts) {
      const error = await storeError(target.store.importProject(badProject, badDocuments))
      expect(error.code).toBe('invalid-input')
    }
    expect(await snapshot(target.root)).toEqual(before)
    expect(await target.store.listProjects()).toEqual([])
  })

  it('leaves no trace when the disk fails half-way through', async () => {
    const { project, documents } = await sourceProject()
    const before = await snapshot(target.root)
    target.fs.setRule((call) =>
      call.step === 'write' && call.path.includes(documents[1]!.id) ? 'ENOSPC' : undefined,
    )
    const error = await storeError(target.store.importProject(project, documents))
    expect(error.code).toBe('disk-full')
    target.fs.setRule(undefined)
    expect(await snapshot(target.root)).toEqual(before)
    // Once there is room again, the same project opens whole.
    const view = await target.store.importProject(project, documents)
    expect(view.documents).toHaveLength(2)
  })
})
