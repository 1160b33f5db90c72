import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { documentToPrint } from '../export/document-to-print'
import { loadCatalogue } from '../templates/load-from-disk'
import { SHIPPED_TEMPLATES_DIR } from '../templates/shipped-folder'
import type { Handlers } from './contract'
import { createAppDeps, type AppDeps } from './deps'
import { createHandlers } from './handlers'
import { ok } from './test-support'

let dataDir: string
let deps: AppDeps
let handlers: Handlers

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hecsos-comments-'))
  deps = await createAppDeps({ dataDir, appVersion: '1.0.0', templatesDir: SHIPPED_TEMPLATES_DIR })
  handlers = createHandlers(deps)
})

afterEach(async () => {
  await deps.close()
  await rm(dataDir, { recursive: true, force: true })
})

async function exampleCaseStudy() {
  const project = await ok(handlers['projects:create-example']({}))
  const summary = project.documents.find((document) => document.templateId === 'case-study')
  if (!summary) throw new Error('the Example project has no case study')
  return { projectId: project.project.id, documentId: summary.id }
}

describe('comments', () => {
  it('are stored with the document, signed with the author profile, and can be resolved and reopened', async () => {
    await ok(handlers['profile:save']({ formatVersion: 1, name: 'Eleni', organisation: 'UoC', email: '' }))
    const ref = await exampleCaseStudy()
    const added = await ok(
      handlers['comments:add']({ ...ref, fieldPath: 'summary', text: '  Add a figure.  ' }),
    )
    expect(added.comments).toEqual([
      expect.objectContaining({
        fieldPath: 'summary',
        text: 'Add a figure.',
        author: { name: 'Eleni', organisation: 'UoC' },
        resolved: false,
      }),
    ])
    const commentId = added.comments[0]!.id

    const resolved = await ok(handlers['comments:resolve']({ ...ref, commentId, resolved: true }))
    expect(resolved.comments[0]).toMatchObject({ resolved: true, resolvedAt: expect.any(String) })
    const reopened = await ok(handlers['comments:resolve']({ ...ref, commentId, resolved: false }))
    expect(reopened.comments[0]?.resolved).toBe(false)
    expect(reopened.comments[0]).not.toHaveProperty('resolvedAt')

    const stored = await ok(handlers['documents:get'](ref))
    expect(stored.document.comments).toEqual(reopened.comments)
    expect(stored.revision).toBe(reopened.revision)
  })

  it('survive the editor’s saves, which leave them out', async () => {
    const ref = await exampleCaseStudy()
    const { revision } = await ok(
      handlers['comments:add']({ ...ref, fieldPath: 'summary', text: 'Shorter?' }),
    )
    const { document } = await ok(handlers['documents:get'](ref))
    const {
      comments: _comments,
      formatVersion: _f,
      id: _i,
      templateId: _t,
      createdAt: _c,
      updatedAt: _u,
      ...content
    } = document
    await ok(
      handlers['documents:save']({
        ...ref,
        content: { ...content, title: 'Renamed' },
        baseRevision: revision,
      }),
    )
    const after = await ok(handlers['documents:get'](ref))
    expect(after.document.title).toBe('Renamed')
    expect(after.document.comments?.map((comment) => comment.text)).toEqual(['Shorter?'])
  })

  it('refuse empty text, a field path that is not one, and an unknown comment, changing nothing', async () => {
    const ref = await exampleCaseStudy()
    const before = await ok(handlers['documents:get'](ref))
    const empty = await handlers['comments:add']({ ...ref, fieldPath: 'summary', text: '   ' })
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const path = await handlers['comments:add']({ ...ref, fieldPath: '../summary', text: 'x' })
    expect(path).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const unknown = await handlers['comments:resolve']({ ...ref, commentId: 'abcdefgh-0000', resolved: true })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect((await ok(handlers['documents:get'](ref))).revision).toBe(before.revision)
  })

  it('are never exported: the print model is the same with and without them', async () => {
    const ref = await exampleCaseStudy()
    await ok(handlers['comments:add']({ ...ref, fieldPath: 'summary', text: 'PRIVATE-REVIEW-NOTE' }))
    const { document } = await ok(handlers['documents:get'](ref))
    expect(document.comments).toHaveLength(1)
    const catalogue = await loadCatalogue({ builtInDir: SHIPPED_TEMPLATES_DIR })
    const template = catalogue.templates.get(document.templateId)!
    const print = (doc: typeof document) =>
      documentToPrint({ document: doc, template, vocabularies: catalogue.vocabularies })
    const { comments: _comments, ...withoutComments } = document
    expect(print(document)).toEqual(print(withoutComments))
    expect(JSON.stringify(print(document))).not.toContain('PRIVATE-REVIEW-NOTE')
  })
})
