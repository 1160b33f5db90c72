import { afterEach, describe, expect, it, vi } from 'vitest'
import { ipcMain, type BrowserWindow, type WebContents } from 'electron'
import { channels, type Channel, type Handlers } from '../core/api/contract'
import { isAppUrl } from './app-origin'
import { registerHandlers, send } from './ipc'
import {
  BrowserWindow as FakeBrowserWindow,
  type FakeFrame,
  type FakeWebContents,
} from './test-support/fake-electron'

vi.mock('electron', () => import('./test-support/fake-electron'))

const fakeIpcMain = ipcMain as unknown as {
  handlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>
  handle: ReturnType<typeof vi.fn>
}
const CHANNELS = Object.keys(channels) as Channel[]
const DEV_SERVER = 'http://localhost:5173/'

/** A handler map that answers each channel with its own name, so a test can tell which handler ran. */
function fakeHandlers(
  overrides: Partial<Record<Channel, (input: unknown) => Promise<unknown>>> = {},
): Handlers {
  const map: Record<string, (input: unknown) => Promise<unknown>> = {}
  for (const channel of CHANNELS)
    map[channel] = overrides[channel] ?? (async (input) => ({ ok: true, data: { channel, input } }))
  return map as unknown as Handlers
}

let window: FakeBrowserWindow
let dispose: (() => void) | undefined

function register(
  handlers = fakeHandlers(),
  options: { devServerUrl?: string; log?: (error: unknown) => void } = {},
) {
  window = new FakeBrowserWindow()
  dispose = registerHandlers(handlers, {
    policy: {
      isAppWebContents: (contents) => contents === (window.webContents as unknown as WebContents),
      isAppUrl: (url) => isAppUrl(url, options.devServerUrl),
    },
    log: options.log,
  })
}

afterEach(() => {
  dispose?.()
  dispose = undefined
  fakeIpcMain.handle.mockClear()
})

/** An invoke as Electron delivers it: from a frame of some web contents. */
function invoke(
  channel: string,
  input: unknown,
  from: { sender?: FakeWebContents; frame?: FakeFrame | null } = {},
) {
  const sender = from.sender ?? window.webContents
  const senderFrame = from.frame === undefined ? sender.mainFrame : from.frame
  const handler = fakeIpcMain.handlers.get(channel)
  if (!handler) throw new Error(`no handler for ${channel}`)
  return handler({ sender, senderFrame }, input)
}

describe('registerHandlers', () => {
  it('registers every channel of the contract exactly once, and nothing else', () => {
    register()
    const registered = fakeIpcMain.handle.mock.calls.map(([channel]) => channel as string)
    expect([...registered].sort()).toEqual([...CHANNELS].sort())
    expect(new Set(registered).size).toBe(registered.length)
  })

  it('passes the input to the channel’s own handler and returns its result', async () => {
    register()
    for (const channel of CHANNELS) {
      expect(await invoke(channel, { probe: channel })).toEqual({
        ok: true,
        data: { channel, input: { probe: channel } },
      })
    }
  })

  it('throws when a channel is registered twice', () => {
    register()
    expect(() =>
      registerHandlers(fakeHandlers(), { policy: { isAppWebContents: () => true, isAppUrl: () => true } }),
    ).toThrow(/Already registered/)
  })

  it('can register again once the first registration is disposed', () => {
    register()
    dispose?.()
    expect(fakeIpcMain.handlers.size).toBe(0)
    register()
    expect(fakeIpcMain.handlers.size).toBe(CHANNELS.length)
  })

  it('refuses to register a channel that is not in the contract', () => {
    const handlers = {
      ...fakeHandlers(),
      'fs:read-file': async () => ({ ok: true, data: null }),
    } as unknown as Handlers
    expect(() => register(handlers)).toThrow(/fs:read-file/)
    expect(fakeIpcMain.handle).not.toHaveBeenCalled()
  })

  it('refuses a handler map that misses a channel of the contract', () => {
    const { 'documents:save': _omitted, ...rest } = fakeHandlers()
    expect(() => register(rest as Handlers)).toThrow(/documents:save/)
    expect(fakeIpcMain.handle).not.toHaveBeenCalled()
  })

  it('has no handler for a channel outside the contract', () => {
    register()
    expect(fakeIpcMain.handlers.has('fs:read-file')).toBe(false)
    expect(fakeIpcMain.handlers.has('__proto__')).toBe(false)
  })
})

describe('sender check', () => {
  const forbidden = { ok: false, error: { code: 'forbidden', message: expect.any(String) } }

  it('accepts the main frame of the app window showing the app page', async () => {
    register()
    expect(await invoke('app:info', {})).toMatchObject({ ok: true })
  })

  it('refuses a page from another origin in the app window', async () => {
    register()
    window.webContents.mainFrame.url = 'https://evil.example/'
    expect(await invoke('projects:list', {})).toEqual(forbidden)
  })

  it.each([
    'file:///tmp/evil.html',
    'app://evil/index.html',
    'about:blank',
    'data:text/html,x',
    'http://localhost:5173/',
  ])('refuses a main frame at %s', async (url) => {
    register()
    window.webContents.mainFrame.url = url
    expect(await invoke('projects:list', {})).toEqual(forbidden)
  })

  it('refuses a subframe, even one on the app origin', async () => {
    register()
    const frame: FakeFrame = {
      url: 'app://hecsos/index.html',
      parent: window.webContents.mainFrame,
      processId: 7,
      routingId: 99,
    }
    expect(await invoke('projects:list', {}, { frame })).toEqual(forbidden)
  })

  it('refuses a top-level frame that is not the window’s current main frame', async () => {
    register()
    const frame: FakeFrame = { url: 'app://hecsos/index.html', parent: null, processId: 8, routingId: 1 }
    expect(await invoke('projects:list', {}, { frame })).toEqual(forbidden)
  })

  it('refuses a sender whose frame is gone', async () => {
    register()
    expect(await invoke('projects:list', {}, { frame: null })).toEqual(forbidden)
  })

  it('refuses another web contents, even showing the app page', async () => {
    register()
    const other = new FakeBrowserWindow().webContents
    expect(await invoke('projects:list', {}, { sender: other })).toEqual(forbidden)
  })

  it('accepts the dev server origin only when one is configured', async () => {
    register(fakeHandlers(), { devServerUrl: DEV_SERVER })
    window.webContents.mainFrame.url = 'http://localhost:5173/'
    expect(await invoke('projects:list', {})).toMatchObject({ ok: true })
    window.webContents.mainFrame.url = 'http://localhost:4000/'
    expect(await invoke('projects:list', {})).toEqual(forbidden)
  })

  it('never runs the handler for a refused sender', async () => {
    const handler = vi.fn(async () => ({ ok: true, data: null }))
    register(fakeHandlers({ 'projects:delete': handler }))
    window.webContents.mainFrame.url = 'https://evil.example/'
    await invoke('projects:delete', { projectId: 'x' })
    expect(handler).not.toHaveBeenCalled()
  })
})

describe('failures', () => {
  it('turns a handler that throws into a typed internal error and logs it', async () => {
    const log = vi.fn()
    const bug = new TypeError('boom')
    register(
      fakeHandlers({
        'projects:list': () => {
          throw bug
        },
      }),
      { log },
    )
    expect(await invoke('projects:list', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: expect.any(String) },
    })
    expect(log).toHaveBeenCalledWith(bug)
  })

  it('turns a handler that rejects into a typed internal error', async () => {
    register(fakeHandlers({ 'documents:save': () => Promise.reject(new Error('disk on fire')) }))
    const result = await invoke('documents:save', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(result)).not.toContain('disk on fire')
  })

  it('answers rather than throws when the sender check itself fails', async () => {
    register()
    const frame = {
      get url(): string {
        throw new Error('frame disposed')
      },
      parent: null,
      processId: 7,
      routingId: window.webContents.mainFrame.routingId,
    }
    await expect(invoke('projects:list', {}, { frame })).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    })
  })
})

describe('send', () => {
  it('sends an event of the contract to the window’s page', () => {
    const target = new FakeBrowserWindow()
    send(target as unknown as BrowserWindow, 'menu:command', { command: 'find' })
    expect(target.webContents.send).toHaveBeenCalledWith('menu:command', { command: 'find' })
  })

  it('refuses an event that is not in the contract', () => {
    const target = new FakeBrowserWindow()
    expect(() =>
      send(target as unknown as BrowserWindow, 'shell:exec' as 'menu:command', { command: 'find' }),
    ).toThrow()
    expect(target.webContents.send).not.toHaveBeenCalled()
  })

  it('skips a window that is already gone', () => {
    const target = new FakeBrowserWindow()
    target.destroyed = true
    send(target as unknown as BrowserWindow, 'app:before-close', {})
    expect(target.webContents.send).not.toHaveBeenCalled()
  })
})
