import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ipcMain, type IpcRenderer, type WebContents } from 'electron'
import { channels, type Channel, type Handlers, type Result } from '../core/api/contract'
import { createAppDeps, type AppDeps } from '../core/api/deps'
import { createHandlers } from '../core/api/handlers'
import { SHIPPED_TEMPLATES_DIR } from '../core/templates/shipped-folder'
import { createPreloadApi } from '../preload/index'
import { isAppUrl } from './app-origin'
import { registerHandlers } from './ipc'
import { BrowserWindow, type FakeFrame, type FakeWebContents } from './test-support/fake-electron'

// The preload module exposes itself on load, so the mock also needs the renderer half of `electron`.
vi.mock('electron', async () => ({
  ...(await import('./test-support/fake-electron')),
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}))

/**
 * Fuzzing of the IPC boundary as the main process runs it: the real handler map over a temporary library,
 * registered by main/ipc.ts on (fake) ipcMain, each payload passed through structured clone as Electron does.
 * Where handlers.test.ts fuzzes the handlers alone, this adds who is asking (the app's frame or a foreign
 * one) and what the page can put on the wire (typed arrays, Maps, cycles, BigInts, which JSON never carries).
 */

const FUZZ_RUNS = process.env.CI ? 1000 : 200
const CHANNELS = Object.keys(channels) as Channel[]
const fakeIpcMain = ipcMain as unknown as {
  handlers: Map<string, (event: unknown, input: unknown) => Promise<unknown>>
}

let dataDir: string
let deps: AppDeps
let dispose: () => void
let projectId: string
let documentId: string
const handlerCalls = new Map<Channel, number>()
const shell = {
  openExternal: vi.fn(async () => false),
  readyToClose: vi.fn(),
  chooseTemplateFile: vi.fn(async () => undefined),
}

/** Who sends: only the first kind is the app; each other one is a way a foreign page could reach IPC. */
interface Sender {
  name: string
  trusted: boolean
  sender: FakeWebContents
  frame: FakeFrame | null
}
let senders: Sender[]

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hecsos-ipc-fuzz-'))
  deps = await createAppDeps({ dataDir, appVersion: '1.0.0', templatesDir: SHIPPED_TEMPLATES_DIR })
  const real = createHandlers({ ...deps, shell })
  const example = await real['projects:create-example']({})
  if (!example.ok) throw new Error(example.error.message)
  projectId = example.data.project.id
  documentId = example.data.documents[0]?.id ?? ''

  const counted: Record<string, (input: unknown) => Promise<unknown>> = {}
  for (const channel of CHANNELS) {
    const handler = real[channel] as (input: unknown) => Promise<unknown>
    counted[channel] = (input) => {
      handlerCalls.set(channel, (handlerCalls.get(channel) ?? 0) + 1)
      return handler(input)
    }
  }

  const app = new BrowserWindow()
  const navigatedAway = new BrowserWindow()
  navigatedAway.webContents.mainFrame.url = 'https://evil.example/'
  const stranger = new BrowserWindow()
  const appWindows = new Set<unknown>([app.webContents, navigatedAway.webContents])
  dispose = registerHandlers(counted as unknown as Handlers, {
    policy: {
      isAppWebContents: (contents: WebContents) => appWindows.has(contents),
      isAppUrl: (url) => isAppUrl(url),
    },
  })
  const main = app.webContents.mainFrame
  senders = [
    { name: 'the app', trusted: true, sender: app.webContents, frame: main },
    {
      name: 'an iframe on the app origin',
      trusted: false,
      sender: app.webContents,
      frame: { url: 'app://hecsos/index.html', parent: main, processId: 7, routingId: 900 },
    },
    {
      name: 'a foreign iframe',
      trusted: false,
      sender: app.webContents,
      frame: { url: 'https://evil.example/', parent: main, processId: 9, routingId: 901 },
    },
    {
      name: 'an app window navigated away',
      trusted: false,
      sender: navigatedAway.webContents,
      frame: navigatedAway.webContents.mainFrame,
    },
    {
      name: 'another web contents on the app URL',
      trusted: false,
      sender: stranger.webContents,
      frame: stranger.webContents.mainFrame,
    },
    {
      name: 'a stale top frame',
      trusted: false,
      sender: app.webContents,
      frame: { url: 'app://hecsos/index.html', parent: null, processId: 7, routingId: 902 },
    },
    { name: 'a frame already gone', trusted: false, sender: app.webContents, frame: null },
  ]
})

afterAll(async () => {
  dispose()
  await deps.close()
  await rm(dataDir, { recursive: true, force: true })
})

/** What Electron does with an invoke: clone the argument (or fail in the renderer), then call main's handler. */
function deliver(channel: string, input: unknown, from: Sender): Promise<unknown> {
  const cloned = structuredClone(input)
  const handler = fakeIpcMain.handlers.get(channel)
  if (handler === undefined) return Promise.reject(new Error(`No handler registered for '${channel}'`))
  return handler({ sender: from.sender, senderFrame: from.frame }, cloned)
}

function totalHandlerCalls(): number {
  return [...handlerCalls.values()].reduce((sum, calls) => sum + calls, 0)
}

function isClonable(value: unknown): boolean {
  try {
    structuredClone(value)
    return true
  } catch {
    return false
  }
}

function expectTypedResult(result: unknown): asserts result is Result<unknown> {
  expect(result).toBeTypeOf('object')
  const answer = result as Result<unknown>
  expect(typeof answer.ok).toBe('boolean')
  if (!answer.ok) {
    expect(answer.error.code).toBeTypeOf('string')
    expect(answer.error.message.length).toBeGreaterThan(0)
    expect(answer.error.message.length).toBeLessThan(2000)
  }
}

function deeplyNested(depth: number, key: string): unknown {
  let value: unknown = 'leaf'
  for (let level = 0; level < depth; level += 1) value = { [key]: value }
  return value
}

function cyclic(inner: unknown): unknown {
  const node: Record<string, unknown> = { projectId: inner, title: inner }
  node.self = node
  node.list = [node, inner]
  return node
}

const prototypeKeys = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"title":"x","__proto__":{"polluted":true}}',
  '{"projectId":"__proto__"}',
  '{"document":{"__proto__":{"polluted":true},"title":"x"}}',
  '{"content":{"fields":{"__proto__":{"polluted":true}}}}',
].map((json) => JSON.parse(json) as unknown)

/** Values the contract's fields are made of, right and wrong, so many payloads get past the first checks. */
const fieldValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom(projectId, documentId, '../../etc/passwd', '__proto__', 'constructor', 'C:\\x', ''),
    fc.constantFrom('pdf', 'docx', 'project.json', 'https://example.org/', 'javascript:alert(1)'),
    fc.string({ maxLength: 300 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 64 }),
  )

const fieldNames = [
  'projectId',
  'documentId',
  'title',
  'acronym',
  'format',
  'file',
  'backupId',
  'trashId',
  'templateId',
  'url',
  'bytes',
  'asCopy',
  'assetId',
  'content',
  'document',
  'patch',
  'baseRevision',
  'name',
]

const payload = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.anything({
      maxDepth: 4,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    }),
    fc.dictionary(fc.constantFrom(...fieldNames), fieldValue(), { maxKeys: 5 }),
    fc.integer({ min: 10_000, max: 2_000_000 }).map((length) => ({ title: 'x'.repeat(length), url: 'y' })),
    fc.integer({ min: 1, max: 5_000 }).map((depth) => deeplyNested(depth, 'title')),
    fc.constantFrom(...prototypeKeys),
    fc.oneof(
      fc.int8Array({ maxLength: 64 }),
      fc.float64Array({ maxLength: 64 }),
      fc.bigInt64Array({ maxLength: 16 }),
      fc.uint8ClampedArray({ maxLength: 64 }),
    ),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes: bytes.buffer, projectId })),
    fieldValue().map(cyclic),
  )

describe('IPC through main/ipc.ts', () => {
  it('answers every channel, from every kind of sender, with a typed Result and never throws', async () => {
    const callsBefore = totalHandlerCalls()
    let trustedDeliveries = 0
    const property = fc.asyncProperty(
      fc.constantFrom(...CHANNELS),
      fc.nat({ max: 6 }),
      payload(),
      async (channel, senderIndex, input) => {
        fc.pre(isClonable(input))
        const from = senders[senderIndex] as Sender
        const before = handlerCalls.get(channel) ?? 0
        const result = await deliver(channel, input, from)
        if (from.trusted) trustedDeliveries += 1
        expectTypedResult(result)
        if (!from.trusted) {
          expect(result, from.name).toEqual({
            ok: false,
            error: { code: 'forbidden', message: expect.any(String) },
          })
          expect(handlerCalls.get(channel) ?? 0, `${channel} ran for ${from.name}`).toBe(before)
        }
      },
    )
    await fc.assert(property, { numRuns: FUZZ_RUNS })
    // Every request from the app reached its handler, and nothing else did.
    expect(totalHandlerCalls() - callsBefore).toBe(trustedDeliveries)
    expect(trustedDeliveries).toBeGreaterThan(0)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  }, 600_000)

  it.each(CHANNELS)('%s: refuses each foreign sender before its handler runs', async (channel) => {
    const before = handlerCalls.get(channel) ?? 0
    for (const from of senders.filter((sender) => !sender.trusted)) {
      expect(
        await deliver(channel, { projectId, documentId, url: 'https://example.org/' }, from),
        from.name,
      ).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } })
    }
    expect(handlerCalls.get(channel) ?? 0).toBe(before)
  })

  it.each(CHANNELS)('%s: answers hostile payloads from the app with a typed Result', async (channel) => {
    const app = senders[0] as Sender
    for (const input of [
      undefined,
      null,
      0,
      'x'.repeat(5_000_000),
      [],
      new Uint8Array(16),
      new Map([['projectId', projectId]]),
      // About as deep as structured clone carries here; deeper payloads fail in the renderer already.
      deeplyNested(1_000, 'projectId'),
      cyclic(projectId),
      ...prototypeKeys,
    ]) {
      expectTypedResult(await deliver(channel, input, app))
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('never gives the page the chooser, the shell or the close guard for a refused request', async () => {
    for (const spy of Object.values(shell)) spy.mockClear()
    for (const from of senders.filter((sender) => !sender.trusted)) {
      await deliver('shell:open-external', { url: 'https://example.org/' }, from)
      await deliver('templates:import', {}, from)
      await deliver('window:ready-to-close', {}, from)
    }
    expect(shell.openExternal).not.toHaveBeenCalled()
    expect(shell.chooseTemplateFile).not.toHaveBeenCalled()
    expect(shell.readyToClose).not.toHaveBeenCalled()
  })
})

describe('IPC through the preload to main/ipc.ts', () => {
  /** The renderer half: the page calls window.hecsos.invoke, which hands the call to ipcRenderer.invoke. */
  /** The preload's API over IPC to main; `sent` records every channel name that left the page. */
  function pageApi() {
    const sent: unknown[] = []
    const ipc = {
      invoke: (channel: string, input: unknown) => {
        sent.push(channel)
        return deliver(channel, input, senders[0] as Sender)
      },
      on: vi.fn(),
      removeListener: vi.fn(),
    }
    const api = createPreloadApi(ipc as unknown as Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>)
    return Object.assign(api, { sent })
  }

  it('answers any channel name and any payload with a typed Result; unknown names never reach main', async () => {
    const api = pageApi()
    const channelName = fc.oneof(
      fc.constantFrom(...CHANNELS),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'fs:read-file', 'shell:exec', 'projects:list '),
      // Not strings, but they print as channel names.
      fc.constantFrom(['app:info'], new String('projects:list'), { toString: () => 'documents:save' }),
      // Not even printable: turning these into text throws.
      fc.constantFrom({ toString: false }, Object.create(null) as object, {
        toString: () => {
          throw new Error('hostile')
        },
      }),
      fc.string({ maxLength: 200 }),
      fc.anything({ maxDepth: 1 }),
    )
    await fc.assert(
      fc.asyncProperty(channelName, payload(), async (channel, input) => {
        api.sent.length = 0
        const result = await api.invoke(channel as Channel, input as never)
        expectTypedResult(result)
        // Only a channel of the contract, named by the string itself: an array or object that merely prints as
        // one ("app:info" from ['app:info']) is as unknown as any other name.
        const known = typeof channel === 'string' && (CHANNELS as string[]).includes(channel)
        expect(api.sent).toEqual(known ? [channel] : [])
        if (!known) expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
      }),
      { numRuns: FUZZ_RUNS },
    )
  }, 600_000)

  it('turns a payload structured clone refuses into a typed error instead of a rejection', async () => {
    const api = pageApi()
    for (const input of [{ f: () => 1 }, { s: Symbol('x') }, { element: new WeakMap() }]) {
      expect(await api.invoke('projects:create', input as never)).toMatchObject({
        ok: false,
        error: { code: 'internal' },
      })
    }
  })
})
