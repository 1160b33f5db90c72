import { contextBridge, ipcRenderer, type IpcRenderer, type IpcRendererEvent } from 'electron'
import type { Channel, EventName, EventPayloads, PreloadApi, Result } from '../core/api/contract'

/**
 * The channel and event names of the contract, written out here because a sandboxed preload can load no module
 * but `electron`: the contract's own lists come with zod and the domain model. The two type checks below make a
 * name missing here a compile error, `satisfies` makes a name that is not in the contract one, and
 * index.test.ts compares both lists with the contract at run time.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'projects:list',
  'projects:create',
  'projects:get',
  'projects:rename',
  'projects:update',
  'projects:duplicate',
  'projects:delete',
  'projects:trash',
  'projects:restore',
  'documents:create',
  'documents:get',
  'documents:save',
  'documents:rename',
  'documents:delete',
  'documents:restore',
  'backups:list',
  'backups:restore',
  'templates:list',
  'templates:get',
  'templates:import',
  'projects:check',
  'projects:create-example',
  'documents:export',
  'projects:export',
  'projects:pack',
  'projects:inspect-package',
  'projects:open-package',
  'files:save-package',
  'files:open-package',
  'files:take-opened',
  'assets:add',
  'assets:get',
  'projects:search',
  'comments:add',
  'comments:resolve',
  'spellcheck:set-languages',
  'history:list',
  'history:get-version',
  'history:name-version',
  'history:restore',
  'history:compare',
  'projects:merge-package',
  'conflicts:list',
  'conflicts:resolve',
  'profile:get',
  'profile:save',
  'shell:open-external',
  'window:ready-to-close',
  'export:styles',
  'export:start',
  'export:cancel',
  'export:result',
  'export:save',
  'shell:show-in-folder',
  'shell:open-path',
] as const satisfies readonly Channel[]

export const EVENT_NAMES = [
  'menu:command',
  'app:before-close',
  'files:package-waiting',
  'export:progress',
] as const satisfies readonly EventName[]

type AssertNever<T extends never> = T
type _EveryChannelListed = AssertNever<Exclude<Channel, (typeof CHANNEL_NAMES)[number]>>
type _EveryEventListed = AssertNever<Exclude<EventName, (typeof EVENT_NAMES)[number]>>

/**
 * A name the page passed, fit for a message. Only a string is shown: turning anything else into text would run
 * its own toString (which may throw, or be the page's code), so it is described by its type.
 */
function nameOf(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 100) : `(a ${typeof value}, not a name)`
}

/**
 * Builds `window.hecsos`: invoke a channel of the contract, subscribe to an event of the contract, nothing else.
 * The main process checks the channel and the sender again; this first check keeps a typo or a hostile string from
 * ever reaching IPC, and turns every failure into a Result, so a caller never has to catch.
 */
export function createPreloadApi(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): PreloadApi {
  const channels: ReadonlySet<string> = new Set(CHANNEL_NAMES)
  const events: ReadonlySet<string> = new Set(EVENT_NAMES)
  return {
    invoke: async (channel, input) => {
      if (typeof channel !== 'string' || !channels.has(channel)) {
        return failure('unknown-channel', `Unknown channel: ${nameOf(channel)}`)
      }
      try {
        return await ipc.invoke(channel, input)
      } catch {
        return failure('internal', 'The request could not reach the app. Please try again.')
      }
    },
    on: <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => {
      if (typeof event !== 'string' || !events.has(event)) throw new Error(`Unknown event: ${nameOf(event)}`)
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.')
      // The page gets the payload only: the IPC event would hand it `sender`, a way around this API.
      const forward = (_event: IpcRendererEvent, payload: EventPayloads[E]) => listener(payload)
      ipc.on(event, forward)
      return () => {
        ipc.removeListener(event, forward)
      }
    },
  }
}

function failure(code: 'unknown-channel' | 'internal', message: string): Result<never> {
  return { ok: false, error: { code, message } }
}

contextBridge.exposeInMainWorld('hecsos', createPreloadApi(ipcRenderer))
