import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAppDeps } from '../api/deps'
import { createHandlers } from '../api/handlers'
import { SHIPPED_TEMPLATES_DIR } from '../templates/shipped-folder'
import { runCliOn } from './test-support'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hecsos-cli-merge-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The CLI on one of two libraries: mine and a partner's. */
const cli = (library: string, ...argv: string[]) => runCliOn(join(dir, library), argv)

/** What the app's editor would do: rename a document in a library (the CLI has no command for it). */
async function renameInApp(library: string, projectId: string, documentId: string, title: string) {
  const deps = await createAppDeps({
    dataDir: join(dir, library),
    appVersion: '0.0.0',
    templatesDir: SHIPPED_TEMPLATES_DIR,
  })
  try {
    const result = await createHandlers(deps)['documents:rename']({ projectId, documentId, title })
    expect(result.ok).toBe(true)
  } finally {
    await deps.close()
  }
}

describe('hecsos merge', () => {
  it('merges a partner’s package, lists the conflicts it leaves open (exit code 1), and adds nothing the second time', async () => {
    const id = (
      await cli('mine', 'create', '--title', 'Community engagement', '--acronym', 'HECSOs')
    ).stdout.trim()
    const documentId = JSON.parse(
      (await cli('mine', 'add', id, '--template', 'case-study', '--title', 'Case study', '--json')).stdout,
    ).document.id as string
    const shared = join(dir, 'shared.hecsos')
    expect((await cli('mine', 'pack', id, '--out', shared)).code).toBe(0)
    expect((await cli('partner', 'open', shared)).stdout.trim()).toBe(id)

    await renameInApp('mine', id, documentId, 'Case study: Crete')
    await renameInApp('partner', id, documentId, 'Case study: Heraklion')
    await cli('partner', 'add', id, '--template', 'competency-framework', '--title', 'Framework')
    const theirs = join(dir, 'theirs.hecsos')
    expect((await cli('partner', 'pack', id, '--out', theirs)).code).toBe(0)

    const merged = await cli('mine', 'merge', 'HECSOs', theirs)
    expect(merged.code).toBe(1)
    expect(merged.stdout).toMatch(/1 document added/)
    expect(merged.stdout).toMatch(
      /Case study: Crete.*@title: "Case study: Crete" .*vs "Case study: Heraklion"/,
    )
    expect(merged.stderr).toMatch(/1 conflict left to settle/)

    const again = await cli('mine', 'merge', 'HECSOs', theirs, '--json')
    expect(again.code).toBe(1)
    expect(JSON.parse(again.stdout)).toMatchObject({
      outcome: 'up-to-date',
      conflicts: [],
      open: [{ path: '@title' }],
    })
    expect(again.stderr).toBe('')

    const missing = await cli('mine', 'merge', 'HECSOs', join(dir, 'nowhere.hecsos'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/does not exist/)
    expect((await cli('mine', 'merge', 'HECSOs')).code).toBe(2)
  })
})
