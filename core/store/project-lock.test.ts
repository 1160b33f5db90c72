import { storeError } from './test-support'
import { documentContentOf } from '../model'
import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LibraryStore, StoredDocument } from './library-store'
import { openTestLibrary, spawnStoreChild } from './test-support'
import type { ChildHandle, TestLibrary } from './test-support'

/** One writer per project, checked with real second processes (store-child.fixture.ts). */

let library: TestLibrary
let store: LibraryStore
let projectId: string
let stored: StoredDocument
const children: ChildHandle[] = []

beforeEach(async () => {
  library = await openTestLibrary()
  store = library.store
  projectId = (await store.createProject({ title: 'Shared project' })).project.id
  stored = await store.createDocument(projectId, { title: 'Shared document' })
})

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.child.kill('SIGKILL')
    await child.closed
  }
  await library.dispose()
})

function child(args: string[]): ChildHandle {
  const handle = spawnStoreChild(args)
  children.push(handle)
  return handle
}

const lockPath = (): string => join(library.root, 'projects', projectId, '.lock')
const documentPath = (): string =>
  join(library.root, 'projects', projectId, 'documents', `${stored.document.id}.json`)

async function holdingChild(): Promise<ChildHandle> {
  const holder = child(['hold', library.root, projectId])
  await holder.waitFor((m) => m.event === 'started')
  holder.child.stdin!.write('open\n')
  expect(await holder.waitFor((m) => m.event === 'opened')).toMatchObject({ readOnly: false })
  return holder
}

/** The pid of a process that has just exited: a lock naming it is stale. */
async function deadPid(): Promise<number> {
  const short = spawn(process.execPath, ['-e', ''])
  await new Promise((resolve) => short.on('close', resolve))
  return short.pid!
}

describe('a project held by another process', () => {
  it('opens read-only here, names the holder, refuses every write, and is writable once released', async () => {
    await store.close()
    const holder = await holdingChild()
    const here = await library.reopen()
    const view = await here.getProject(projectId)
    expect(view).toMatchObject({ readOnly: true, lockedBy: { pid: holder.child.pid, hostname: hostname() } })
    expect((await here.listProjects())[0]!.lockedBy?.pid).toBe(holder.child.pid)

    const before = await readFile(documentPath(), 'utf8')
    const refused = await storeError(
      here.saveDocument(
        projectId,
        stored.document.id,
        documentContentOf(stored.document, { title: 'Mine' }),
        stored.revision,
      ),
    )
    expect(refused.code).toBe('locked')
    expect(refused.message).toContain(`process ${holder.child.pid}`)
    expect(refused.message).toMatch(/Close the project there/)
    expect(refused.message).toContain(lockPath())
    expect(refused.details?.lockedBy?.pid).toBe(holder.child.pid)
    for (const attempt of [
      () => here.updateProject(projectId, { acronym: 'X' }, view.revision),
      () => here.createDocument(projectId, { title: 'New' }),
      () => here.trashDocument(projectId, stored.document.id),
      () => here.trashProject(projectId),
    ]) {
      expect((await storeError(attempt())).code).toBe('locked')
    }
    expect(await readFile(documentPath(), 'utf8')).toBe(before)

    holder.child.stdin!.end('release\n')
    await holder.waitFor((m) => m.event === 'released')
    await holder.closed
    const saved = await here.saveDocument(
      projectId,
      stored.document.id,
      documentContentOf(stored.document, { title: 'Mine' }),
      stored.revision,
    )
    expect(saved.document.title).toBe('Mine')
    expect(JSON.parse(await readFile(lockPath(), 'utf8'))).toMatchObject({ pid: process.pid })
  })

  it('lets a second process read a project this one holds, but not write it', async () => {
    const other = child(['try-write', library.root, projectId, stored.document.id])
    const opened = await other.waitFor((m) => m.event === 'opened')
    expect(opened).toMatchObject({ readOnly: true, lockedBy: { pid: process.pid } })
    expect(await other.waitFor((m) => m.event === 'save')).toMatchObject({ ok: false, code: 'locked' })
    expect(await other.waitFor((m) => m.event === 'update')).toMatchObject({ ok: false, code: 'locked' })
    expect(await other.closed).toEqual({ code: 0, signal: null })
    expect(JSON.parse(await readFile(documentPath(), 'utf8'))).toEqual(stored.document)
    expect(JSON.parse(await readFile(lockPath(), 'utf8'))).toMatchObject({ pid: process.pid })
  })
})

describe('stale locks', () => {
  it('takes over the lock of a process killed with SIGKILL', async () => {
    await store.close()
    const holder = await holdingChild()
    holder.child.kill('SIGKILL')
    await holder.closed
    expect(JSON.parse(await readFile(lockPath(), 'utf8'))).toMatchObject({ pid: holder.child.pid })
    const here = await library.reopen()
    expect((await here.getProject(projectId)).readOnly).toBe(false)
    expect(JSON.parse(await readFile(lockPath(), 'utf8'))).toMatchObject({ pid: process.pid })
  })

  it('gives a stale lock to exactly one of several processes racing for it', async () => {
    await store.close()
    await writeFile(
      lockPath(),
      JSON.stringify({ pid: await deadPid(), hostname: hostname(), since: '2025-01-01T00:00:00.000Z' }),
    )
    const racers = [0, 1, 2, 3].map(() => child(['hold', library.root, projectId]))
    await Promise.all(racers.map((racer) => racer.waitFor((m) => m.event === 'started')))
    for (const racer of racers) racer.child.stdin!.write('open\n')
    const outcomes = await Promise.all(racers.map((racer) => racer.waitFor((m) => m.event === 'opened')))
    const winners = racers.filter((_, index) => outcomes[index]!.readOnly === false)
    expect(winners).toHaveLength(1)
    const winnerPid = winners[0]!.child.pid
    for (const outcome of outcomes)
      if (outcome.readOnly) expect(outcome.lockedBy).toMatchObject({ pid: winnerPid })
    expect(JSON.parse(await readFile(lockPath(), 'utf8'))).toMatchObject({ pid: winnerPid })
  })

  it('takes over a garbage lock, and one left by an earlier process that had this pid', async () => {
    await store.close()
    for (const content of [
      '',
      '{"pid":',
      JSON.stringify({ pid: process.pid, hostname: hostname(), since: 'earlier' }),
    ]) {
      await writeFile(lockPath(), content)
      const here = await library.reopen()
      expect((await here.getProject(projectId)).readOnly).toBe(false)
      await here.close()
    }
  })

  it('respects a lock from another machine, since its process cannot be checked from here', async () => {
    await store.close()
    await writeFile(
      lockPath(),
      JSON.stringify({
        pid: await deadPid(),
        hostname: 'colleague-laptop',
        since: '2025-01-01T00:00:00.000Z',
      }),
    )
    const here = await library.reopen()
    const view = await here.getProject(projectId)
    expect(view).toMatchObject({ readOnly: true, lockedBy: { hostname: 'colleague-laptop' } })
    const refused = await storeError(
      here.saveDocument(projectId, stored.document.id, documentContentOf(stored.document), stored.revision),
    )
    expect(refused.message).toMatch(/If that instance is no longer running, delete the file/)
  })

  it('counts two stores in one process as two writers', async () => {
    const second = await library.reopen()
    expect((await second.getProject(projectId)).readOnly).toBe(true)
    expect(
      (
        await storeError(
          second.saveDocument(
            projectId,
            stored.document.id,
            documentContentOf(stored.document),
            stored.revision,
          ),
        )
      ).code,
    ).toBe('locked')
    await store.close()
    expect((await second.getProject(projectId)).readOnly).toBe(false)
  })
})
