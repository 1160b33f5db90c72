import { beforeEach, describe, expect, it, vi } from 'vitest'
import { contextBridge, ipcRenderer } from 'electron'
import { EVENT_NAMES as CONTRACT_EVENT_NAMES, channels, type PreloadApi } from '../core/api/contract'
import { CHANNEL_NAMES, EVENT_NAMES } from './index'

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  const emitter = new EventEmitter()
  return {
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } })),
      on: vi.fn((event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener)),
      removeListener: vi.fn((event: string, listener: (...args: unknown[]) => void) =>
        emitter.removeListener(event, listener),
      ),
      emit: (event: string, ...args: unknown[]) => emitter.emit(event, ...args),
      listenerCount: (event: string) => emitter.listenerCount(event),
    },
  }
})

const exposed = vi.mocked(contextBridge.exposeInMainWorld).mock.calls
const fakeIpc = ipcRenderer as unknown as {
  invoke: ReturnType<typeof vi.fn>
  emit(event: string, ...args: unknown[]): void
  listenerCount(event: string): number
}
const api = () => exposed[0]?.[1] as PreloadApi
/** The page is untrusted: it can pass anything, whatever the types say. */
const untrusted = (value: unknown) => value as never

beforeEach(() => {
  fakeIpc.invoke.mockClear()
})

describe('the preload', () => {
  it('exposes exactly one object, window.hecsos, with invoke and on only', () => {
    expect(exposed).toHaveLength(1)
    expect(exposed[0]?.[0]).toBe('hecsos')
    expect(Object.keys(api()).sort()).toEqual(['invoke', 'on'])
  })

  it('knows exactly the channels and events of the contract', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(channels).sort())
    expect([...EVENT_NAMES].sort()).toEqual([...CONTRACT_EVENT_NAMES].sort())
  })
})

describe('invoke', () => {
  it('forwards a known channel and its input to the main process', async () => {
    const result = await api().invoke('projects:get', { projectId: 'p1' })
    expect(fakeIpc.invoke).toHaveBeenCalledWith('projects:get', { projectId: 'p1' })
    expect(result).toEqual({ ok: true, data: { channel: 'projects:get', input: { projectId: 'p1' } } })
  })

  it.each([
    'fs:read-file',
    'ELECTRON_BROWSER_REQUIRE',
    '__proto__',
    'constructor',
    'projects:list ',
    '',
    42,
    null,
    { toString: () => 'app:info' },
    { toString: false },
    {
      toString: () => {
        throw new Error('hostile')
      },
    },
  ])('answers unknown-channel for %j without touching IPC', async (channel) => {
    const result = await api().invoke(untrusted(channel), untrusted({}))
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
    expect(fakeIpc.invoke).not.toHaveBeenCalled()
  })

  it('turns a failed IPC call into a typed error instead of a rejection', async () => {
    fakeIpc.invoke.mockRejectedValueOnce(new Error("No handler registered for 'app:info'"))
    await expect(api().invoke('app:info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    })
  })
})

describe('on', () => {
  it('delivers the payload of a known event, never the IPC event, until unsubscribed', () => {
    const listener = vi.fn()
    const unsubscribe = api().on('menu:command', listener)
    const ipcEvent = { sender: { send: vi.fn() }, senderId: 0 }
    fakeIpc.emit('menu:command', ipcEvent, { command: 'find' })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener.mock.calls[0]).toEqual([{ command: 'find' }])

    unsubscribe()
    expect(fakeIpc.listenerCount('menu:command')).toBe(0)
    fakeIpc.emit('menu:command', ipcEvent, { command: 'about' })
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it('keeps subscriptions independent', () => {
    const first = vi.fn()
    const second = vi.fn()
    const unsubscribeFirst = api().on('app:before-close', first)
    const unsubscribeSecond = api().on('app:before-close', second)
    unsubscribeFirst()
    fakeIpc.emit('app:before-close', {}, {})
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledWith({})
    unsubscribeSecond()
  })

  it.each([
    'projects:list',
    'ipc-message',
    'ELECTRON_RENDERER_CONTEXT_BRIDGE',
    '',
    undefined,
    { toString: false },
  ])('refuses to subscribe to %j', (event) => {
    expect(() => api().on(untrusted(event), vi.fn())).toThrow(/Unknown event/)
  })

  it('refuses a listener that is not a function', () => {
    expect(() => api().on('menu:command', untrusted('alert(1)'))).toThrow(TypeError)
  })
})
