import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { documentContentOf, plainTextOf, richTextFromParagraphs, type RichText } from '../model'
import { openTestLibrary, storeError, type TestLibrary } from '../store/test-support'
import { HistoryService } from './history-service'

let library: TestLibrary
let time: number
let history: HistoryService

beforeEach(async () => {
  library = await openTestLibrary()
  time = Date.parse('2026-05-12T09:00:00.000Z')
  history = new HistoryService({
    store: library.store,
    clock: () => new Date(time),
    snapshotIntervalMs: 60_000,
  })
})

afterEach(async () => {
  await history.idle()
  await library.dispose()
})

async function projectWithTwoDocuments() {
  const { store } = library
  const view = await store.createProject({ title: 'Community engagement', acronym: 'HECSOs' })
  const projectId = view.project.id
  const one = await store.createDocument(projectId, {
    title: 'Case study',
    fields: { body: richTextFromParagraphs(['First paragraph.', 'Second paragraph.']) as never },
  })
  const two = await store.createDocument(projectId, { title: 'Framework' })
  return { projectId, one: one.document.id, two: two.document.id }
}

async function edit(projectId: string, documentId: string, paragraphs: string[]) {
  const { document, revision } = await library.store.getDocument(projectId, documentId)
  const content = documentContentOf(document, {
    fields: { body: richTextFromParagraphs(paragraphs) as never },
  })
  await library.store.saveDocument(projectId, documentId, content, revision)
}

function bodyText(fields: Record<string, unknown>): string {
  return plainTextOf(fields.body as RichText)
}

describe('history', () => {
  it('stores an unchanged document once, however many snapshots are taken', async () => {
    const { projectId, one } = await projectWithTwoDocuments()
    await history.snapshot(projectId)
    for (let i = 0; i < 5; i += 1) {
      await edit(projectId, one, ['First paragraph.', `Second paragraph, edit ${i}.`])
      time += 1000
      await history.snapshot(projectId)
    }
    const objects = await readdir(join(library.root, 'projects', projectId, 'history', 'objects'))
    // One manifest, the framework once, the case study in its first state and five edits.
    expect(objects).toHaveLength(1 + 1 + 6)
    const listed = await history.list(projectId)
    expect(listed.versions).toHaveLength(6)
    expect(listed.versions[0]!.head).toBe(true)
    expect(listed.versions[0]!.changedDocuments).toEqual([one])
  })

  it('takes no new version when nothing changed, but always one with a name', async () => {
    const { projectId } = await projectWithTwoDocuments()
    const first = await history.snapshot(projectId)
    expect(await history.snapshot(projectId)).toEqual(first)
    const named = await history.snapshot(projectId, 'Sent to partners, 12 May')
    expect(named.name).toBe('Sent to partners, 12 May')
    expect(named.parents).toEqual([first.id])
  })

  it('snapshots after saves at most once per interval, and the rest on flush', async () => {
    const { projectId, one } = await projectWithTwoDocuments()
    history.noteSave(projectId)
    await history.idle()
    for (let i = 0; i < 10; i += 1) {
      await edit(projectId, one, [`Edit ${i}.`])
      time += 1000
      history.noteSave(projectId)
    }
    await history.idle()
    expect((await history.list(projectId)).versions).toHaveLength(1)
    await history.flush()
    const { versions } = await history.list(projectId)
    expect(versions).toHaveLength(2)
    const latest = await history.documentAt(projectId, versions[0]!.id, one)
    expect(bodyText(latest.fields)).toBe('Edit 9.')
  })

  it('lists per document only the versions in which it changed', async () => {
    const { projectId, one, two } = await projectWithTwoDocuments()
    await history.snapshot(projectId)
    await edit(projectId, one, ['Changed.'])
    time += 1000
    await history.snapshot(projectId)
    expect((await history.list(projectId, one)).versions).toHaveLength(2)
    expect((await history.list(projectId, two)).versions).toHaveLength(1)
  })

  it('restores a document as a new version, keeping the state it replaced', async () => {
    const { projectId, one } = await projectWithTwoDocuments()
    const original = await history.snapshot(projectId)
    await edit(projectId, one, ['Rewritten by mistake.'])
    time += 1000
    const restored = await history.restore(projectId, original.id, one)
    const { document } = await library.store.getDocument(projectId, one)
    expect(bodyText(document.fields)).toBe('First paragraph.\n\nSecond paragraph.')
    const { versions } = await history.list(projectId)
    expect(versions.map((version) => version.id)).toContain(restored.id)
    expect(versions).toHaveLength(3)
    const mistaken = await history.documentAt(projectId, versions[1]!.id, one)
    expect(bodyText(mistaken.fields)).toBe('Rewritten by mistake.')
  })

  it('restores the whole project: documents added since go to the trash, deleted ones come back', async () => {
    const { store } = library
    const { projectId, one, two } = await projectWithTwoDocuments()
    const original = await history.snapshot(projectId)
    await store.trashDocument(projectId, two)
    const added = await store.createDocument(projectId, { title: 'Added later' })
    const view = await store.getProject(projectId)
    await store.updateProject(projectId, { title: 'Renamed' }, view.revision)
    time += 1000
    await history.restore(projectId, original.id)
    const after = await store.getProject(projectId)
    expect(after.project.title).toBe('Community engagement')
    expect(after.documents.map((document) => document.id).sort()).toEqual([one, two].sort())
    expect((await store.listDocumentTrash(projectId)).map((entry) => entry.documentId)).toContain(
      added.document.id,
    )
  })

  it('compares two versions paragraph by paragraph and word by word', async () => {
    const { projectId, one } = await projectWithTwoDocuments()
    const before = await history.snapshot(projectId)
    await edit(projectId, one, ['First paragraph.', 'Second paragraph, much improved.', 'A new third one.'])
    time += 1000
    const after = await history.snapshot(projectId)
    const comparison = await history.compare(projectId, one, before.id, after.id)
    expect(comparison.status).toBe('changed')
    const body = comparison.changes.find((change) => change.path === 'body')!
    expect(body.paragraphs!.map((paragraph) => paragraph.change)).toEqual(['same', 'changed', 'added'])
    const words = body.paragraphs![1]!.words!
    expect(words.filter((word) => word.change === 'added').map((word) => word.text)).toEqual([
      ', much improved',
    ])
    expect(
      words
        .filter((word) => word.change === 'same')
        .map((word) => word.text)
        .join(''),
    ).toBe('Second paragraph.')
  })

  it('refuses an unknown version and a history file changed behind its back', async () => {
    const { projectId, one } = await projectWithTwoDocuments()
    const version = await history.snapshot(projectId)
    expect((await storeError(history.documentAt(projectId, 'f'.repeat(64), one))).code).toBe('not-found')
    const { writeFile } = await import('node:fs/promises')
    const file = join(
      library.root,
      'projects',
      projectId,
      'history',
      'objects',
      `${version.documents[one]}.json`,
    )
    await writeFile(file, '{"tampered":true}')
    expect((await storeError(history.documentAt(projectId, version.id, one))).code).toBe('damaged')
  })
})
