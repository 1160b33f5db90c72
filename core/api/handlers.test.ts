import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { richTextFromParagraphs } from '../model'
import { StoreError } from '../store/library-store'
import { channels, type Channel, type Handlers } from './contract'
import { SHIPPED_TEMPLATES_DIR } from '../templates/shipped-folder'
import { createAppDeps, type AppDeps } from './deps'
import { createHandlers, type ShellDeps } from './handlers'
import { ok } from './test-support'

const FUZZ_RUNS = process.env.CI ? 1000 : 200

let dataDir: string
let deps: AppDeps
let handlers: Handlers

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hecsos-api-'))
  deps = await createAppDeps({ dataDir, appVersion: '1.2.3', templatesDir: SHIPPED_TEMPLATES_DIR })
  handlers = createHandlers(deps)
})

afterEach(async () => {
  await deps.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('the handler map', () => {
  it('answers every channel of the contract and nothing else', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(channels).sort())
  })

  it('reports the app and the library it serves', async () => {
    const info = await ok(handlers['app:info']({}))
    expect(info).toMatchObject({ name: 'HECSOs Studio', version: '1.2.3', libraryPath: dataDir })
    expect(info.interfaceLanguages).toEqual(['en', 'de', 'el', 'it', 'ro', 'es'])
  })

  it('walks a project and a document through their life', async () => {
    const created = await ok(handlers['projects:create']({ title: 'Community labs', acronym: 'HECSOs' }))
    expect(created.project).toMatchObject({
      title: 'Community labs',
      acronym: 'HECSOs',
      programme: 'Erasmus+',
    })
    const renamed = await ok(
      handlers['projects:rename']({
        projectId: created.project.id,
        title: 'Community labs II',
        baseRevision: created.revision,
      }),
    )
    expect(renamed.project.title).toBe('Community labs II')

    const projectId = created.project.id
    const added = await ok(
      handlers['documents:create']({ projectId, document: { title: 'Μελέτη περίπτωσης', language: 'el' } }),
    )
    const body = richTextFromParagraphs(['Κοινοτική συμμετοχή', 'Învățământ superior și societate civilă'])
    const saved = await ok(
      handlers['documents:save']({
        projectId,
        documentId: added.document.id,
        baseRevision: added.revision,
        content: { ...added.document, fields: { body } },
      }),
    )
    const reread = await ok(handlers['documents:get']({ projectId, documentId: added.document.id }))
    expect(reread.document.fields.body).toEqual(body)
    expect(reread.revision).toBe(saved.revision)

    const retitled = await ok(
      handlers['documents:rename']({ projectId, documentId: added.document.id, title: 'Case study' }),
    )
    expect(retitled.document.title).toBe('Case study')
    expect(retitled.document.fields.body).toEqual(body)

    const trashed = await ok(handlers['documents:delete']({ projectId, documentId: added.document.id }))
    expect((await ok(handlers['projects:get']({ projectId }))).documents).toHaveLength(0)
    await ok(handlers['documents:restore']({ projectId, trashId: trashed.trashId }))
    expect((await ok(handlers['projects:get']({ projectId }))).documents.map((d) => d.title)).toEqual([
      'Case study',
    ])
  })

  it('names a duplicate after its original unless told otherwise, and restores deleted projects', async () => {
    const created = await ok(handlers['projects:create']({ title: 'Toolkit' }))
    const copy = await ok(handlers['projects:duplicate']({ projectId: created.project.id }))
    expect(copy.project.title).toBe('Toolkit (copy)')
    expect(copy.project.id).not.toBe(created.project.id)

    const trashed = await ok(handlers['projects:delete']({ projectId: created.project.id }))
    expect((await ok(handlers['projects:list']({}))).map((p) => p.title)).toEqual(['Toolkit (copy)'])
    expect((await ok(handlers['projects:trash']({}))).map((t) => t.trashId)).toContain(trashed.trashId)
    await ok(handlers['projects:restore']({ trashId: trashed.trashId }))
    expect((await ok(handlers['projects:list']({}))).map((p) => p.title).sort()).toEqual([
      'Toolkit',
      'Toolkit (copy)',
    ])
  })

  it('lists first the project whose documents changed last, though a save leaves the manifest alone', async () => {
    const older = await ok(handlers['projects:create']({ title: 'Older project' }))
    const added = await ok(
      handlers['documents:create']({ projectId: older.project.id, document: { title: 'Notes' } }),
    )
    await new Promise((resolve) => setTimeout(resolve, 10))
    await ok(handlers['projects:create']({ title: 'Newer project' }))
    expect((await ok(handlers['projects:list']({}))).map((p) => p.title)).toEqual([
      'Newer project',
      'Older project',
    ])

    await new Promise((resolve) => setTimeout(resolve, 10))
    await ok(
      handlers['documents:save']({
        projectId: older.project.id,
        documentId: added.document.id,
        content: { ...added.document, title: 'Notes, edited' },
        baseRevision: added.revision,
      }),
    )
    expect((await ok(handlers['projects:list']({}))).map((p) => p.title)).toEqual([
      'Older project',
      'Newer project',
    ])
  })

  it('credits new documents to the author profile of this installation', async () => {
    await ok(
      handlers['profile:save']({
        formatVersion: 1,
        name: 'Eleni Papadopoulou',
        organisation: 'University of Patras',
        email: '',
      }),
    )
    const { project } = await ok(handlers['projects:create']({ title: 'Profiles' }))
    const { document } = await ok(
      handlers['documents:create']({ projectId: project.id, document: { title: 'Role profile' } }),
    )
    expect(document.authors).toEqual([
      { name: 'Eleni Papadopoulou', organisation: 'University of Patras', email: '' },
    ])
  })

  it('refuses a save based on a revision that is no longer on disk', async () => {
    const { project } = await ok(handlers['projects:create']({ title: 'Conflicts' }))
    const added = await ok(
      handlers['documents:create']({ projectId: project.id, document: { title: 'Draft' } }),
    )
    const content = { ...added.document, title: 'First' }
    await ok(
      handlers['documents:save']({
        projectId: project.id,
        documentId: added.document.id,
        content,
        baseRevision: added.revision,
      }),
    )
    const stale = await handlers['documents:save']({
      projectId: project.id,
      documentId: added.document.id,
      content: { ...added.document, title: 'Second' },
      baseRevision: added.revision,
    })
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(
      (await ok(handlers['documents:get']({ projectId: project.id, documentId: added.document.id }))).document
        .title,
    ).toBe('First')
  })
})

describe('input validation', () => {
  it('rejects wrong shapes with a message that names the field', async () => {
    const result = await handlers['projects:create']({ title: '' })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    if (!result.ok) expect(result.error.message).toMatch(/title/i)
  })

  it('rejects ids that could be paths', async () => {
    for (const projectId of ['../../etc', '..', '/tmp/x', 'C:\\x', 'a/b/c/d/e/f']) {
      expect(await handlers['projects:get']({ projectId })).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      })
    }
  })

  it('rejects prototype keys anywhere in a payload', async () => {
    const payload = JSON.parse('{"title":"x","partners":[],"__proto__":{"polluted":true}}')
    expect(await handlers['projects:create'](payload)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('never throws, whatever arrives on any channel', async () => {
    const hostile = fc.oneof(
      fc.anything({ withObjectString: true, withNullPrototype: true, maxDepth: 4 }),
      fc.string({ maxLength: 5000 }),
      fc.constant(JSON.parse('{"__proto__":{"x":1}}')),
      fc.constant(JSON.parse('{"constructor":{"prototype":{"x":1}}}')),
      fc.constant(deeplyNested(5000)),
    )
    const channelNames = Object.keys(channels) as Channel[]
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channelNames), hostile, async (channel, payload) => {
        const result = await handlers[channel](payload)
        expect(typeof result.ok).toBe('boolean')
        if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0)
      }),
      { numRuns: FUZZ_RUNS },
    )
  })
})

describe('errors', () => {
  it('passes store errors on with their code and never leaks unexpected ones', async () => {
    const log = vi.fn()
    const failingStore = {
      ...deps.store,
      root: deps.store.root,
      listProjects: () => Promise.reject(new StoreError('disk-full', 'The disk is full.')),
      listTrash: () => Promise.reject(new TypeError('boom at /secret/path')),
    }
    const failing = createHandlers({ ...deps, store: failingStore, log })
    expect(await failing['projects:list']({})).toEqual({
      ok: false,
      error: { code: 'disk-full', message: 'The disk is full.' },
    })
    const internal = await failing['projects:trash']({})
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } })
    if (!internal.ok) expect(internal.error.message).not.toContain('/secret/path')
    expect(log).toHaveBeenCalledTimes(1)
  })
})

describe('opening links', () => {
  const shell = (): ShellDeps & { openExternal: ReturnType<typeof vi.fn> } => ({
    openExternal: vi.fn(async () => true),
    readyToClose: vi.fn(),
    chooseTemplateFile: vi.fn(async () => undefined),
  })

  it('is not available without a desktop shell', async () => {
    expect(await handlers['shell:open-external']({ url: 'https://hecsos.eu' })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    })
  })

  it('refuses every scheme but http, https and mailto', async () => {
    const fake = shell()
    const withShell = createHandlers({ ...deps, shell: fake })
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>1</script>',
      'hecsos://x',
      'not a url',
      'vbscript:x',
    ]) {
      expect(await withShell['shell:open-external']({ url })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      })
    }
    expect(fake.openExternal).not.toHaveBeenCalled()
    for (const url of [
      'https://erasmus-plus.ec.europa.eu',
      'http://example.org/a?b=c',
      'mailto:info@hecsos.eu',
    ]) {
      expect(await withShell['shell:open-external']({ url })).toEqual({ ok: true, data: true })
    }
    expect(fake.openExternal).toHaveBeenCalledTimes(3)
  })
})

function deeplyNested(depth: number): unknown {
  let value: unknown = 'leaf'
  for (let level = 0; level < depth; level += 1) value = { title: value }
  return value
}
