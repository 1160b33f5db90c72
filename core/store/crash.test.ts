import { randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { plainTextOf, RichTextSchema } from '../model'
import { createLibraryStore } from './create-library-store'
import {
  bundleStoreChild,
  makeTempDir,
  sequenceOfAcronym,
  sequenceOfDocument,
  spawnStoreChild,
  steppingClock,
} from './test-support'

/**
 * The "done when": a child process autosaves through the real store (a document whose text grows,
 * saved back to back, plus the project manifest now and then) and is killed with SIGKILL at random moments.
 * After each kill the library is reopened: every project opens, every document parses and validates, and no
 * file is older than the last save the child acknowledged before it died. The store has no debounce of its
 * own (the editor debounces before calling it), so "acknowledged" means exactly "on disk".
 *
 * STORE_CRASH_KILLS sets the number of kills (default 200); STORE_CRASH_SEED replays a run.
 */
const KILLS = Number(process.env.STORE_CRASH_KILLS ?? 200)
const SEED = Number(process.env.STORE_CRASH_SEED ?? Date.now() % 2 ** 31)
// Each kill costs a process start: one lane per core keeps the test short.
const LANES = Math.max(1, Math.min(4, availableParallelism()))

let bundleDir: string
let childScript: string

beforeAll(async () => {
  bundleDir = await makeTempDir('child')
  childScript = await bundleStoreChild(bundleDir)
})

afterAll(async () => {
  await rm(bundleDir, { recursive: true, force: true })
})

/** mulberry32: a small seeded generator, so that a failing run can be replayed with its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

interface LaneReport {
  kills: number
  killsWhileSaving: number
  acknowledged: number
  /**
   * The longest time between the child's last acknowledged save and its death: the typing that was not yet
   * durable. The editor's own debounce before it asks for a save comes on top.
   */
  longestLossWindowMs: number
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function prepareLibrary(): Promise<{ root: string; projectId: string; documentIds: string[] }> {
  const root = await makeTempDir('crash')
  const store = await createLibraryStore({ root, now: steppingClock(), newId: () => randomUUID() })
  const { project } = await store.createProject({ title: 'Crash test', acronym: 'seq-0' })
  const documentIds: string[] = []
  for (const title of ['Growing text A', 'Growing text B'])
    documentIds.push((await store.createDocument(project.id, { title })).document.id)
  await store.close()
  return { root, projectId: project.id, documentIds }
}

/** Reopens the library as the app would after the crash and checks everything in it. */
async function verify(
  root: string,
  projectId: string,
  documentIds: string[],
  acknowledged: Map<string, number>,
  lastSeq: number,
): Promise<void> {
  const store = await createLibraryStore({
    root,
    now: steppingClock('2030-01-01T00:00:00.000Z'),
    newId: () => randomUUID(),
  })
  try {
    const summaries = await store.listProjects()
    expect(summaries).toHaveLength(1)
    expect(summaries[0]!.damage).toBeUndefined()
    const view = await store.getProject(projectId)
    expect(view.readOnly).toBe(false)
    expect(view.documents.map((d) => d.damage)).toEqual([undefined, undefined])
    const manifestSeq = sequenceOfAcronym(view.project.acronym)
    expect(manifestSeq).toBeGreaterThanOrEqual(acknowledged.get('project.json') ?? 0)
    expect(manifestSeq).toBeLessThanOrEqual(lastSeq + 1)
    for (const id of documentIds) {
      const { document } = await store.getDocument(projectId, id)
      const seq = sequenceOfDocument(document)
      expect(seq, `documents/${id}.json`).toBeGreaterThanOrEqual(
        acknowledged.get(`documents/${id}.json`) ?? 0,
      )
      expect(seq).toBeLessThanOrEqual(lastSeq + 1)
      // The whole file is one save: its text belongs to the same save as its sequence number.
      if (seq > 0)
        expect(plainTextOf(RichTextSchema.parse(document.fields.body)).startsWith(`Save ${seq}\n`)).toBe(true)
      expect((await store.listBackups(projectId, `documents/${id}.json`)).length).toBeLessThanOrEqual(10)
    }
    // Opening with the lock cleaned what the killed process left half-written.
    const projectDir = join(root, 'projects', projectId)
    for (const dir of [projectDir, join(projectDir, 'documents')]) {
      expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
    }
  } finally {
    await store.close()
  }
}

async function runLane(claimKill: () => number | undefined, random: () => number): Promise<LaneReport> {
  const { root, projectId, documentIds } = await prepareLibrary()
  const report: LaneReport = { kills: 0, killsWhileSaving: 0, acknowledged: 0, longestLossWindowMs: 0 }
  const acknowledged = new Map<string, number>()
  let lastSeq = 0
  try {
    for (let kill = claimKill(); kill !== undefined; kill = claimKill()) {
      const child = spawnStoreChild(['autosave', root, projectId, ...documentIds], childScript)
      let lastAckAt: number | undefined
      child.child.stdout!.on('data', (chunk: string) => {
        if (chunk.includes('"ack"')) lastAckAt = performance.now()
      })
      // 70% among saves; 15% around the first one (backup shelves being listed); 15% at any moment, including
      // while the child starts, takes over the stale lock and cleans up after its predecessor.
      const moment = (kill % 20) / 20
      if (moment < 0.7) {
        await child.waitFor((m) => m.event === 'ack')
        await sleep(random() * 30)
      } else if (moment < 0.85) {
        await child.waitFor((m) => m.event === 'ready')
        await sleep(random() * 8)
      } else {
        await sleep(random() * 250)
      }
      const killedAt = performance.now()
      child.child.kill('SIGKILL')
      if (lastAckAt !== undefined)
        report.longestLossWindowMs = Math.max(report.longestLossWindowMs, killedAt - lastAckAt)
      const exit = await child.closed
      expect(exit.signal, child.stderr()).toBe('SIGKILL')
      let acksThisRun = 0
      for (const message of child.messages) {
        // A child starts numbering after the highest number on disk, which may be an unacknowledged save.
        if (message.event === 'ready') lastSeq = Math.max(lastSeq, message.seq as number)
        if (message.event !== 'ack') continue
        acknowledged.set(message.file as string, message.seq as number)
        lastSeq = Math.max(lastSeq, message.seq as number)
        acksThisRun += 1
      }
      report.kills += 1
      report.acknowledged += acksThisRun
      if (acksThisRun > 0) report.killsWhileSaving += 1
      await verify(root, projectId, documentIds, acknowledged, lastSeq)
    }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
  return report
}

it(
  `survives ${KILLS} SIGKILLs of an autosaving process with no damaged file and no acknowledged save lost`,
  { timeout: 15 * 60_000 },
  async () => {
    const random = seededRandom(SEED)
    let next = 0
    const claimKill = (): number | undefined => (next < KILLS ? next++ : undefined)
    const started = performance.now()
    const reports = await Promise.all(Array.from({ length: LANES }, () => runLane(claimKill, random)))
    const total = reports.reduce((sum, r) => ({
      kills: sum.kills + r.kills,
      killsWhileSaving: sum.killsWhileSaving + r.killsWhileSaving,
      acknowledged: sum.acknowledged + r.acknowledged,
      longestLossWindowMs: Math.max(sum.longestLossWindowMs, r.longestLossWindowMs),
    }))
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.info(
      `crash test: ${total.kills} kills (${total.killsWhileSaving} while saving), ${total.acknowledged} saves acknowledged, ` +
        `0 damaged files, 0 acknowledged saves lost, longest loss window ${total.longestLossWindowMs.toFixed(1)} ms ` +
        `(last acknowledged save → kill), ${LANES} lanes, ${seconds} s, seed ${SEED}`,
    )
    expect(total.kills).toBe(KILLS)
    // Most kills must land among saves, or the test would prove little.
    expect(total.killsWhileSaving).toBeGreaterThanOrEqual(Math.floor(KILLS * 0.7))
  },
)
