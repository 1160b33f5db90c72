import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { euEmblemPng } from '../export/eu-emblem'
import { SHIPPED_TEMPLATES_DIR } from '../templates/shipped-folder'
import type { Handlers, ProjectView } from './contract'
import { createAppDeps, type AppDeps } from './deps'
import { createHandlers } from './handlers'
import { ok } from './test-support'

/** poppler reads the PDFs back; in CI it is required, elsewhere its checks are left out without it. */
const hasPoppler = process.env.CI ? true : spawnSync('sh', ['-c', 'command -v pdfimages']).status === 0

let dataDir: string
let deps: AppDeps
let handlers: Handlers
let example: ProjectView

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hecsos-export-api-'))
  deps = await createAppDeps({ dataDir, appVersion: '1.2.3', templatesDir: SHIPPED_TEMPLATES_DIR })
  handlers = createHandlers(deps)
  example = await ok(handlers['projects:create-example']({}))
})

afterAll(async () => {
  await deps.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('projects:export', () => {
  it('exports the project’s deliverable as one publication, with a partner’s logo from the project’s assets', async () => {
    const logo = await ok(handlers['assets:add']({ projectId: example.project.id, bytes: euEmblemPng(50) }))
    const [first, ...others] = example.project.partners
    await ok(
      handlers['projects:update']({
        projectId: example.project.id,
        baseRevision: example.revision,
        patch: { partners: [{ ...first!, logo: logo.assetId }, ...others] },
      }),
    )
    const exported = await ok(handlers['projects:export']({ projectId: example.project.id, format: 'pdf' }))
    expect(exported.fileName).toBe(
      'D3.2 Competency framework and curriculum for community engagement brokers.pdf',
    )
    expect(exported.mime).toBe('application/pdf')
    if (!hasPoppler) return
    const file = join(dataDir, 'deliverable.pdf')
    await writeFile(file, exported.bytes)
    // The logo is the one picture on the cover: the EU emblem is drawn.
    const images = execFileSync('pdfimages', ['-list', '-f', '1', '-l', '1', file], { encoding: 'utf8' })
    expect(images.trim().split('\n').slice(2)).toHaveLength(1)
  }, 60_000)

  it('exports one document alone, as DOCX', async () => {
    const greek = example.documents.find((document) => document.language === 'el')!
    const exported = await ok(
      handlers['projects:export']({ projectId: example.project.id, documentId: greek.id, format: 'docx' }),
    )
    // The colon of the title is one of the characters some systems refuse in a file name.
    expect(exported.fileName).toBe(`${greek.title.replace(':', '')}.docx`)
    expect(Buffer.from(exported.bytes.subarray(0, 2)).toString()).toBe('PK')
  }, 60_000)

  it('refuses a style or document it does not know, with a clear message', async () => {
    const style = await handlers['projects:export']({
      projectId: example.project.id,
      format: 'pdf',
      style: 'fancy',
    })
    expect(style).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const missing = await handlers['projects:export']({
      projectId: example.project.id,
      documentId: 'doc-that-is-not-there',
      format: 'pdf',
    })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })
})
