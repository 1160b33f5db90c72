import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Handlers } from '../../core/api/contract'
import { createAppDeps } from '../../core/api/deps'
import { createHandlers } from '../../core/api/handlers'
import { readPackage } from '../../core/package'
import { SHIPPED_TEMPLATES_DIR } from '../../core/templates/shipped-folder'
import { ok } from '../../core/api/test-support'

/**
 * Interim figures on the Example project (nine documents, ~60 pages), until the reference deliverable of
 * QUALITY.md (~200 pages) exists: PDF export of each document, packing the project and reading the package back.
 */
export interface ExampleBenchResult {
  documents: number
  pages: number
  pdfExportAllMs: number
  pdfExportLargestMs: number
  packMs: number
  packageBytes: number
  readPackageMs: number
}

function pagesOf(pdf: Uint8Array): number {
  // Each page object carries "/Type /Page" once; "/Type /Pages" (the tree) is excluded by the lookahead.
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0
  )
}

export async function benchExample(): Promise<ExampleBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hecsos-example-bench-'))
  const deps = await createAppDeps({ dataDir, templatesDir: SHIPPED_TEMPLATES_DIR, appVersion: 'bench' })
  const handlers: Handlers = createHandlers(deps)
  try {
    const view = await ok(handlers['projects:create-example']({}))
    const projectId = view.project.id
    // The first export loads the fonts; it is not what a user waits for on the next one.
    await ok(handlers['documents:export']({ projectId, documentId: view.documents[0]!.id, format: 'pdf' }))
    let pages = 0
    let largestMs = 0
    const allStarted = performance.now()
    for (const document of view.documents) {
      const started = performance.now()
      const exported = await ok(
        handlers['documents:export']({ projectId, documentId: document.id, format: 'pdf' }),
      )
      largestMs = Math.max(largestMs, performance.now() - started)
      pages += pagesOf(exported.bytes)
    }
    const pdfExportAllMs = performance.now() - allStarted
    const packStarted = performance.now()
    const packed = await ok(handlers['projects:pack']({ projectId }))
    const packMs = performance.now() - packStarted
    const readStarted = performance.now()
    await readPackage(packed.bytes)
    const readPackageMs = performance.now() - readStarted
    return {
      documents: view.documents.length,
      pages,
      pdfExportAllMs,
      pdfExportLargestMs: largestMs,
      packMs,
      packageBytes: packed.bytes.byteLength,
      readPackageMs,
    }
  } finally {
    await deps.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}
