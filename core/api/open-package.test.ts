import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rawZip } from '../package/test-support'
import { snapshot } from '../store/test-support'
import { SHIPPED_TEMPLATES_DIR } from '../templates/shipped-folder'
import type { Handlers, Result } from './contract'
import { createAppDeps, type AppDeps } from './deps'
import { createHandlers } from './handlers'
import { ok, refused } from './test-support'

// Two libraries, as on two partners' computers: the Example project is packed in one and opened in the other.
interface Library {
  dir: string
  deps: AppDeps
  handlers: Handlers
}
let mine: Library
let partner: Library

async function openLibrary(label: string): Promise<Library> {
  const dir = await mkdtemp(join(tmpdir(), `hecsos-open-${label}-`))
  const deps = await createAppDeps({ dataDir: dir, appVersion: '1.2.3', templatesDir: SHIPPED_TEMPLATES_DIR })
  return { dir, deps, handlers: createHandlers(deps) }
}

beforeEach(async () => {
  mine = await openLibrary('mine')
  partner = await openLibrary('partner')
})

afterEach(async () => {
  for (const library of [mine, partner]) {
    await library.deps.close()
    await rm(library.dir, { recursive: true, force: true })
  }
})

async function packedExample(): Promise<{ projectId: string; bytes: Uint8Array }> {
  const view = await ok(mine.handlers['projects:create-example']({}))
  const packed = await ok(mine.handlers['projects:pack']({ projectId: view.project.id }))
  return { projectId: view.project.id, bytes: packed.bytes }
}

async function documentsOf(library: Library, projectId: string) {
  const view = await ok(library.handlers['projects:get']({ projectId }))
  return Promise.all(
    view.documents.map(
      async ({ id }) => (await ok(library.handlers['documents:get']({ projectId, documentId: id }))).document,
    ),
  )
}

describe('opening a package', () => {
  it('shows what is inside first, then opens it into another library with every id and content kept', async () => {
    const { projectId, bytes } = await packedExample()
    const summary = await ok(partner.handlers['projects:inspect-package']({ bytes }))
    expect(summary).toMatchObject({ projectId, appVersion: '1.2.3', existing: 'none' })
    expect(summary.documents).toHaveLength(9)
    expect(summary.title.length).toBeGreaterThan(0)

    const opened = await ok(partner.handlers['projects:open-package']({ bytes }))
    expect(opened.project.id).toBe(projectId)
    expect(await documentsOf(partner, projectId)).toEqual(await documentsOf(mine, projectId))
    expect((await ok(partner.handlers['projects:inspect-package']({ bytes }))).existing).toBe('library')
  })

  it('refuses to open the same project twice (merging comes later) and leaves the library as it was', async () => {
    const { bytes } = await packedExample()
    await ok(partner.handlers['projects:open-package']({ bytes }))
    const before = await snapshot(partner.dir)
    const error = await refused(partner.handlers['projects:open-package']({ bytes }))
    expect(error.code).toBe('conflict')
    expect(error.message).toMatch(/as a copy/)
    expect(await snapshot(partner.dir)).toEqual(before)
  })

  it('says when the project is in the trash', async () => {
    const { projectId, bytes } = await packedExample()
    await ok(mine.handlers['projects:delete']({ projectId }))
    expect((await ok(mine.handlers['projects:inspect-package']({ bytes }))).existing).toBe('trash')
    const error = await refused(mine.handlers['projects:open-package']({ bytes }))
    expect(error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/in the trash/) })
  })

  it('opens a copy next to the original, with new ids and references that still resolve', async () => {
    const { projectId, bytes } = await packedExample()
    const copy = await ok(mine.handlers['projects:open-package']({ bytes, asCopy: true }))
    expect(copy.project.id).not.toBe(projectId)
    expect(copy.project.title).toMatch(/\(copy\)$/)
    const originalIds = new Set((await documentsOf(mine, projectId)).map((document) => document.id))
    const copied = await documentsOf(mine, copy.project.id)
    expect(copied).toHaveLength(9)
    for (const document of copied) expect(originalIds.has(document.id)).toBe(false)
    // No reference points back into the original project.
    for (const id of originalIds) expect(JSON.stringify(copied)).not.toContain(id)

    const check = await ok(mine.handlers['projects:check']({ projectId: copy.project.id }))
    expect(check.issues.map((issue) => issue.code).sort()).toEqual([
      'competence-not-developed',
      'module-hours-mismatch',
    ])
    expect((await ok(mine.handlers['projects:list']({}))).map((summary) => summary.id)).toHaveLength(2)
  })

  it('refuses hostile or broken packages with a typed error and writes nothing', async () => {
    const { bytes } = await packedExample()
    await ok(partner.handlers['projects:open-package']({ bytes }))
    const before = await snapshot(partner.dir)
    const hostile: unknown[] = [
      { bytes: new TextEncoder().encode('this is not a zip') },
      { bytes: new Uint8Array() },
      { bytes: rawZip([{ name: '../x', data: new TextEncoder().encode('escaped') }]) },
      { bytes: rawZip([{ name: 'manifest.json', data: new TextEncoder().encode('{"__proto__":{}}') }]) },
      { bytes: bytes.subarray(0, bytes.byteLength - 100) },
      { bytes: 'not bytes' },
      { bytes: Array.from(bytes.subarray(0, 10)) },
      { bytes, asCopy: 'yes' },
      { bytes, extra: true },
    ]
    for (const input of hostile) {
      for (const channel of ['projects:open-package', 'projects:inspect-package'] as const) {
        const handler = partner.handlers[channel] as (input: unknown) => Promise<Result<unknown>>
        const error = await refused(handler(input))
        expect(error.code).toBe('invalid-input')
        expect(error.message.length).toBeGreaterThan(0)
      }
    }
    expect(await snapshot(partner.dir)).toEqual(before)
  })
})
