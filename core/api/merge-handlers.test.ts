import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { documentContentOf, plainTextOf, richTextFromParagraphs, type RichText } from '../model'
import { snapshot } from '../store/test-support'
import { SHIPPED_TEMPLATES_DIR } from '../templates/shipped-folder'
import type { Handlers } from './contract'
import { createAppDeps, type AppDeps } from './deps'
import { createHandlers } from './handlers'
import { ok, refused } from './test-support'

// Three libraries, as on three partners' computers: the coordinator's and two partners'.
interface Library {
  dir: string
  deps: AppDeps
  handlers: Handlers
}
let coordinator: Library
let athens: Library
let bucharest: Library

async function openLibrary(label: string, author: string): Promise<Library> {
  const dir = await mkdtemp(join(tmpdir(), `hecsos-merge-${label}-`))
  const deps = await createAppDeps({ dataDir: dir, appVersion: '1.2.3', templatesDir: SHIPPED_TEMPLATES_DIR })
  const handlers = createHandlers(deps)
  await ok(handlers['profile:save']({ formatVersion: 1, name: author, organisation: label, email: '' }))
  return { dir, deps, handlers }
}

beforeEach(async () => {
  coordinator = await openLibrary('coordinator', 'Maria')
  athens = await openLibrary('athens', 'Eleni')
  bucharest = await openLibrary('bucharest', 'Ioana')
})

afterEach(async () => {
  for (const library of [coordinator, athens, bucharest]) {
    await library.deps.close()
    await rm(library.dir, { recursive: true, force: true })
  }
})

/** The coordinator's project with a case study and a framework, each of three paragraphs, sent to both partners. */
async function sharedProject() {
  const { handlers } = coordinator
  const view = await ok(handlers['projects:create']({ title: 'Community engagement', acronym: 'HECSOs' }))
  const projectId = view.project.id
  const create = async (title: string, paragraphs: string[]) =>
    (
      await ok(
        handlers['documents:create']({
          projectId,
          document: { title, fields: { body: richTextFromParagraphs(paragraphs) as never } },
        }),
      )
    ).document.id
  const caseStudy = await create('Case study', ['Context in Crete.', 'What was done.', 'What we learned.'])
  const framework = await create('Framework', ['Areas.', 'Competences.', 'Levels.'])
  const { bytes } = await ok(handlers['projects:pack']({ projectId }))
  for (const partner of [athens, bucharest]) await ok(partner.handlers['projects:open-package']({ bytes }))
  return { projectId, caseStudy, framework }
}

async function editParagraph(
  library: Library,
  projectId: string,
  documentId: string,
  index: number,
  text: string,
) {
  const { document, revision } = await ok(library.handlers['documents:get']({ projectId, documentId }))
  const paragraphs = plainTextOf(document.fields.body as unknown as RichText).split('\n\n')
  paragraphs[index] = text
  await ok(
    library.handlers['documents:save']({
      projectId,
      documentId,
      baseRevision: revision,
      content: documentContentOf(document, {
        fields: { ...document.fields, body: richTextFromParagraphs(paragraphs) as never },
      }),
    }),
  )
}

async function bodyOf(library: Library, projectId: string, documentId: string): Promise<string[]> {
  const { document } = await ok(library.handlers['documents:get']({ projectId, documentId }))
  return plainTextOf(document.fields.body as unknown as RichText).split('\n\n')
}

async function pack(library: Library, projectId: string): Promise<Uint8Array> {
  return (await ok(library.handlers['projects:pack']({ projectId }))).bytes
}

describe('merging packages', () => {
  it('brings two partners’ edits of different paragraphs and documents together without a conflict', async () => {
    const { projectId, caseStudy, framework } = await sharedProject()
    await editParagraph(athens, projectId, caseStudy, 0, 'Context in Crete, with figures.')
    await editParagraph(bucharest, projectId, framework, 1, 'Competences, revised.')
    await editParagraph(bucharest, projectId, caseStudy, 2, 'What we learned, in Romania too.')

    const first = await ok(
      coordinator.handlers['projects:merge-package']({ projectId, bytes: await pack(athens, projectId) }),
    )
    expect(first).toMatchObject({ outcome: 'fast-forward', conflicts: [] })
    const second = await ok(
      coordinator.handlers['projects:merge-package']({ projectId, bytes: await pack(bucharest, projectId) }),
    )
    expect(second).toMatchObject({ outcome: 'merged', conflicts: [] })
    expect(second.documentsChanged.sort()).toEqual([caseStudy, framework].sort())

    expect(await bodyOf(coordinator, projectId, caseStudy)).toEqual([
      'Context in Crete, with figures.',
      'What was done.',
      'What we learned, in Romania too.',
    ])
    expect(await bodyOf(coordinator, projectId, framework)).toEqual([
      'Areas.',
      'Competences, revised.',
      'Levels.',
    ])
    const { versions } = await ok(coordinator.handlers['history:list']({ projectId }))
    expect(versions[0]!.parents).toHaveLength(2)
  })

  it('changes nothing when the same package is merged twice', async () => {
    const { projectId, caseStudy } = await sharedProject()
    await editParagraph(athens, projectId, caseStudy, 1, 'Done differently.')
    await editParagraph(coordinator, projectId, caseStudy, 0, 'Context, shorter.')
    const bytes = await pack(athens, projectId)
    await ok(coordinator.handlers['projects:merge-package']({ projectId, bytes }))
    const before = await snapshot(join(coordinator.dir, 'projects', projectId))
    const again = await ok(coordinator.handlers['projects:merge-package']({ projectId, bytes }))
    expect(again.outcome).toBe('up-to-date')
    expect(await snapshot(join(coordinator.dir, 'projects', projectId))).toEqual(before)
  })

  it('finds the right ancestor in later rounds: only new changes meet', async () => {
    const { projectId, caseStudy } = await sharedProject()
    await editParagraph(athens, projectId, caseStudy, 0, 'Round one, Athens.')
    await editParagraph(coordinator, projectId, caseStudy, 2, 'Round one, coordinator.')
    await ok(
      coordinator.handlers['projects:merge-package']({ projectId, bytes: await pack(athens, projectId) }),
    )
    // Athens takes the merged project back, then both go on editing different paragraphs.
    const back = await ok(
      athens.handlers['projects:merge-package']({ projectId, bytes: await pack(coordinator, projectId) }),
    )
    expect(back.outcome).toBe('fast-forward')
    await editParagraph(athens, projectId, caseStudy, 1, 'Round two, Athens.')
    await editParagraph(coordinator, projectId, caseStudy, 0, 'Round two, coordinator.')
    const round = await ok(
      coordinator.handlers['projects:merge-package']({ projectId, bytes: await pack(athens, projectId) }),
    )
    expect(round.conflicts).toEqual([])
    expect(await bodyOf(coordinator, projectId, caseStudy)).toEqual([
      'Round two, coordinator.',
      'Round two, Athens.',
      'Round one, coordinator.',
    ])
  })

  it('keeps both sides of a real conflict visible until someone settles it', async () => {
    const { projectId, caseStudy } = await sharedProject()
    await editParagraph(athens, projectId, caseStudy, 1, 'Athens: we ran six workshops.')
    await editParagraph(coordinator, projectId, caseStudy, 1, 'Coordinator: there were five workshops.')
    await ok(
      coordinator.handlers['documents:rename']({ projectId, documentId: caseStudy, title: 'Crete case' }),
    )
    await ok(
      athens.handlers['documents:rename']({ projectId, documentId: caseStudy, title: 'Heraklion case' }),
    )

    const merged = await ok(
      coordinator.handlers['projects:merge-package']({ projectId, bytes: await pack(athens, projectId) }),
    )
    expect(merged.conflicts.map((conflict) => [conflict.path, conflict.kind]).sort()).toEqual([
      ['@title', 'value'],
      ['body', 'paragraphs'],
    ])
    const title = merged.conflicts.find((conflict) => conflict.path === '@title')!
    expect(title).toMatchObject({
      ours: { value: 'Crete case', author: { name: 'Maria' } },
      theirs: { value: 'Heraklion case', author: { name: 'Eleni' } },
    })
    // Usable meanwhile: the field shows both versions of the paragraph, nothing is lost.
    expect(await bodyOf(coordinator, projectId, caseStudy)).toEqual([
      'Context in Crete.',
      'Coordinator: there were five workshops.',
      'Athens: we ran six workshops.',
      'What we learned.',
    ])
    const paragraphs = merged.conflicts.find((conflict) => conflict.kind === 'paragraphs')!
    expect(
      await ok(
        coordinator.handlers['conflicts:resolve']({ projectId, conflictId: paragraphs.id, choice: 'theirs' }),
      ),
    ).toEqual({ remaining: 1 })
    expect(await bodyOf(coordinator, projectId, caseStudy)).toEqual([
      'Context in Crete.',
      'Athens: we ran six workshops.',
      'What we learned.',
    ])
    const last = await ok(
      coordinator.handlers['conflicts:resolve']({
        projectId,
        conflictId: title.id,
        choice: 'edited',
        value: 'Crete (Heraklion) case',
      }),
    )
    expect(last.remaining).toBe(0)
    const { versions, head } = await ok(coordinator.handlers['history:list']({ projectId }))
    expect(head).toBe(last.versionId)
    expect(versions[0]!.id).toBe(last.versionId)
    const { document } = await ok(coordinator.handlers['documents:get']({ projectId, documentId: caseStudy }))
    expect(document.title).toBe('Crete (Heraklion) case')
    expect((await ok(coordinator.handlers['conflicts:list']({ projectId }))).conflicts).toEqual([])
  })

  it('keeps a document one side deleted and the other edited, as a conflict', async () => {
    const { projectId, framework } = await sharedProject()
    await ok(coordinator.handlers['documents:delete']({ projectId, documentId: framework }))
    await editParagraph(athens, projectId, framework, 0, 'Areas, extended.')
    const merged = await ok(
      coordinator.handlers['projects:merge-package']({ projectId, bytes: await pack(athens, projectId) }),
    )
    expect(merged.conflicts).toMatchObject([{ documentId: framework, kind: 'deleted-vs-edited', path: '' }])
    expect(await bodyOf(coordinator, projectId, framework)).toEqual([
      'Areas, extended.',
      'Competences.',
      'Levels.',
    ])
    await ok(
      coordinator.handlers['conflicts:resolve']({
        projectId,
        conflictId: merged.conflicts[0]!.id,
        choice: 'mine',
      }),
    )
    const view = await ok(coordinator.handlers['projects:get']({ projectId }))
    expect(view.documents.map((document) => document.id)).not.toContain(framework)
  })

  it('refuses a package of another project and leaves the project as it was', async () => {
    const { projectId } = await sharedProject()
    const other = await ok(athens.handlers['projects:create']({ title: 'Another project' }))
    const bytes = await pack(athens, other.project.id)
    const before = await snapshot(join(coordinator.dir, 'projects', projectId))
    const error = await refused(coordinator.handlers['projects:merge-package']({ projectId, bytes }))
    expect(error.code).toBe('invalid-input')
    expect(error.message).toMatch(/Another project/)
    expect(await snapshot(join(coordinator.dir, 'projects', projectId))).toEqual(before)
  })
})
