import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import type { HecsosDocument } from '../model'
import { createLibraryStore } from './create-library-store'
import { StoreError } from './library-store'
import type { LibraryStore, Revision } from './library-store'
import { bodyFor, sequenceOfAcronym, sequenceOfDocument } from './test-support'

/**
 * A second process for the store's tests, run with `node --import tsx store-child.fixture.ts <mode> …`. It
 * talks in JSON lines on stdout and takes commands as lines on stdin. It is the "app" here, so it injects the
 * real clock and real ids, as core/api does.
 *
 *   hold <root> <projectId>          on "open": getProject (taking the lock); on "release": close and exit
 *   try-write <root> <projectId> <documentId>   try to save a document and the project; report the outcome
 *   autosave <root> <projectId> <documentId>…   save continuously, reporting each acknowledged save
 */

const send = (message: Record<string, unknown>): void => {
  // Pipes are written synchronously on POSIX, so an acknowledgement printed here is out before the next save.
  process.stdout.write(`${JSON.stringify(message)}\n`)
}

const codeOf = (error: unknown): string =>
  error instanceof StoreError ? error.code : `unexpected: ${String(error)}`

async function openStore(root: string): Promise<LibraryStore> {
  return createLibraryStore({ root, now: () => new Date().toISOString(), newId: () => randomUUID() })
}

async function hold(root: string, projectId: string): Promise<void> {
  const store = await openStore(root)
  send({ event: 'started', pid: process.pid })
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'open') {
      const view = await store.getProject(projectId)
      send({ event: 'opened', readOnly: view.readOnly, lockedBy: view.lockedBy ?? null })
    } else if (line === 'release') {
      break
    }
  }
  await store.close()
  send({ event: 'released' })
}

async function tryWrite(root: string, projectId: string, documentId: string): Promise<void> {
  const store = await openStore(root)
  const view = await store.getProject(projectId)
  send({ event: 'opened', readOnly: view.readOnly, lockedBy: view.lockedBy ?? null })
  const { document, revision } = await store.getDocument(projectId, documentId)
  const attempts: Record<string, () => Promise<unknown>> = {
    save: () =>
      store.saveDocument(projectId, documentId, { ...document, title: 'Written by the child' }, revision),
    update: () => store.updateProject(projectId, { acronym: 'CHILD' }, view.revision),
  }
  for (const [name, attempt] of Object.entries(attempts)) {
    try {
      await attempt()
      send({ event: name, ok: true })
    } catch (error) {
      send({
        event: name,
        ok: false,
        code: codeOf(error),
        message: error instanceof Error ? error.message : String(error),
      })
    }
  }
  await store.close()
}

async function autosave(root: string, projectId: string, documentIds: string[]): Promise<void> {
  const store = await openStore(root)
  const view = await store.getProject(projectId)
  let projectRevision = view.revision
  let seq = sequenceOfAcronym(view.project.acronym)
  const revisions = new Map<string, Revision>()
  const documents = new Map<string, HecsosDocument>()
  for (const id of documentIds) {
    const stored = await store.getDocument(projectId, id)
    revisions.set(id, stored.revision)
    documents.set(id, stored.document)
    seq = Math.max(seq, sequenceOfDocument(stored.document))
  }
  send({ event: 'ready', pid: process.pid, seq })
  for (let turn = 0; ; turn += 1) {
    seq += 1
    if (turn % 5 === 4) {
      const updated = await store.updateProject(projectId, { acronym: `seq-${seq}` }, projectRevision)
      projectRevision = updated.revision
      send({ event: 'ack', file: 'project.json', seq })
      continue
    }
    const id = documentIds[turn % documentIds.length]!
    const document = documents.get(id)!
    const content = { ...document, fields: { body: bodyFor(seq), seq } }
    const saved = await store.saveDocument(projectId, id, content, revisions.get(id)!)
    revisions.set(id, saved.revision)
    documents.set(id, saved.document)
    send({ event: 'ack', file: `documents/${id}.json`, seq })
  }
}

const [mode, root, projectId, ...rest] = process.argv.slice(2)
const modes: Record<string, () => Promise<void>> = {
  hold: () => hold(root!, projectId!),
  'try-write': () => tryWrite(root!, projectId!, rest[0]!),
  autosave: () => autosave(root!, projectId!, rest),
}
const run = mode ? modes[mode] : undefined
if (!run) {
  process.stderr.write(`unknown mode ${mode}\n`)
  process.exit(2)
}
run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
