import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { richTextFromParagraphs } from '../model'
import type { FieldValues, HecsosDocument } from '../model'
import { createLibraryStore } from './create-library-store'
import { nodeFileSystem } from './file-system'
import { faultyFileSystem } from './faulty-file-system'
import type { FaultyFileSystem } from './faulty-file-system'
import type { StoreOptions } from './create-library-store'
import { StoreError, type LibraryStore } from './library-store'

/** Helpers shared by the store's tests (never imported by the app). */

/** A clock that starts at `start` and moves one millisecond per reading: every timestamp differs. */
export function steppingClock(start = '2025-03-01T09:00:00.000Z'): () => string {
  let time = Date.parse(start)
  return () => new Date(time++).toISOString()
}

/** Ids of the valid shape, distinct within a test and readable in failure messages. */
export function sequentialIds(prefix = 'id'): () => string {
  let next = 0
  return () => `${prefix}-${String((next += 1)).padStart(8, '0')}`
}

export interface TestLibrary {
  root: string
  store: LibraryStore
  fs: FaultyFileSystem
  /** Another store on the same folder (as a restarted app would open it). */
  reopen(overrides?: Partial<StoreOptions>): Promise<LibraryStore>
  dispose(): Promise<void>
}

export async function makeTempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `hecsos-store-${label}-`))
}

/** A store on a fresh temp folder, through a file system that fails on demand (and lets all through at first). */
export async function openTestLibrary(overrides: Partial<StoreOptions> = {}): Promise<TestLibrary> {
  const root = await makeTempDir('lib')
  const fs = faultyFileSystem(nodeFileSystem)
  const options: StoreOptions = {
    root,
    now: steppingClock(),
    newId: sequentialIds(),
    fileSystem: fs,
    ...overrides,
  }
  const store = await createLibraryStore(options)
  const opened: LibraryStore[] = [store]
  return {
    root,
    store,
    fs,
    reopen: async (more = {}) => {
      const again = await createLibraryStore({
        ...options,
        newId: sequentialIds('re'),
        fileSystem: nodeFileSystem,
        ...more,
      })
      opened.push(again)
      return again
    },
    dispose: async () => {
      for (const each of opened) await each.close()
      await rm(root, { recursive: true, force: true })
    },
  }
}

/** Every file under `root` (relative path → sha256 of its bytes), to prove that nothing changed. */
export async function snapshot(
  root: string,
  skip: (path: string) => boolean = () => false,
): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  const walk = async (dir: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      const path = join(dir, name)
      const rel = relative(root, path)
      if (skip(rel)) continue
      const stat = await lstat(path)
      if (stat.isDirectory()) await walk(path)
      else
        files.set(
          rel,
          stat.isFile()
            ? createHash('sha256')
                .update(await readFile(path))
                .digest('hex')
            : 'link',
        )
    }
  }
  await walk(root)
  return files
}

/** All file names under `dir`, recursively, relative to it. */
export async function listTree(dir: string): Promise<string[]> {
  return [...(await snapshot(dir)).keys()].sort()
}

export function isLockFile(path: string): boolean {
  return path.endsWith('.lock')
}

const here = dirname(fileURLToPath(import.meta.url))
export const CHILD_SCRIPT = join(here, 'store-child.fixture.ts')

/**
 * Bundles the child script into one plain ES module. Starting it then costs ~0.1 s instead of ~0.4 s through
 * tsx, which is what makes hundreds of kills affordable. Vite is already here (vitest runs on it).
 */
export async function bundleStoreChild(outDir: string): Promise<string> {
  const { build } = await import('vite')
  await build({
    configFile: false,
    logLevel: 'silent',
    root: join(here, '..', '..'),
    build: {
      ssr: CHILD_SCRIPT,
      outDir,
      emptyOutDir: true,
      minify: false,
      rolldownOptions: { output: { entryFileNames: 'store-child.mjs' } },
    },
    ssr: { noExternal: true, target: 'node' },
  })
  return join(outDir, 'store-child.mjs')
}

export interface ChildHandle {
  child: ChildProcess
  /** Every line the child printed so far, parsed as JSON. */
  messages: Array<Record<string, unknown>>
  /** Resolves with the first message satisfying `test`. */
  waitFor(
    test: (message: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>
  /** Resolves when the child has exited and its output is fully read. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stderr(): string
}

/**
 * Runs store-child.fixture.ts in a real second process and reads its JSON lines: through tsx, or as the
 * bundle made by bundleStoreChild (a `.mjs` file) where many processes are started.
 */
export function spawnStoreChild(args: string[], script = CHILD_SCRIPT): ChildHandle {
  const loader = script.endsWith('.mjs') ? [] : ['--import', 'tsx']
  const child = spawn(process.execPath, [...loader, script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
  const messages: Array<Record<string, unknown>> = []
  const waiters: Array<{
    test: (message: Record<string, unknown>) => boolean
    resolve: (m: Record<string, unknown>) => void
  }> = []
  let buffered = ''
  let errors = ''
  child.stdout!.setEncoding('utf8')
  child.stdout!.on('data', (chunk: string) => {
    buffered += chunk
    let newline = buffered.indexOf('\n')
    while (newline >= 0) {
      const line = buffered.slice(0, newline)
      buffered = buffered.slice(newline + 1)
      newline = buffered.indexOf('\n')
      if (line.trim() === '') continue
      const message = JSON.parse(line) as Record<string, unknown>
      messages.push(message)
      for (const waiter of [...waiters]) {
        if (waiter.test(message)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve(message)
        }
      }
    }
  })
  child.stderr!.setEncoding('utf8')
  child.stderr!.on('data', (chunk: string) => {
    errors += chunk
  })
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }))
  })
  return {
    child,
    messages,
    closed,
    stderr: () => errors,
    waitFor: (test, timeoutMs = 30_000) => {
      const seen = messages.find(test)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`child sent no matching message in ${timeoutMs} ms; stderr: ${errors}`)),
          timeoutMs,
        )
        waiters.push({
          test,
          resolve: (message) => {
            clearTimeout(timer)
            resolve(message)
          },
        })
        void closed.then(() => {
          clearTimeout(timer)
          reject(new Error(`child exited before sending the expected message; stderr: ${errors}`))
        })
      })
    },
  }
}

/** The sequence number a file carries: in the fields of a document, in the acronym of the project. */
export function sequenceOfDocument(document: HecsosDocument): number {
  const seq = document.fields.seq
  return typeof seq === 'number' ? seq : 0
}

export function sequenceOfAcronym(acronym: string): number {
  return /^seq-(\d+)$/.test(acronym) ? Number(acronym.slice(4)) : 0
}

/** A body whose text grows with every save (and starts over every 300 words, to keep files small). */
export function bodyFor(seq: number): FieldValues[string] {
  const words = Array.from({ length: seq % 300 }, (_, index) => `word${index}`)
  // RichText is JSON, but its open-ended node type is not provably so to TypeScript.
  return richTextFromParagraphs([`Save ${seq}`, words.join(' ')]) as unknown as FieldValues[string]
}

/** The StoreError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (!(error instanceof StoreError)) throw new Error(`expected a StoreError, got ${String(error)}`)
  return error
}
