import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron'
import {
  EVENT_NAMES,
  channels,
  isChannel,
  type ApiError,
  type Channel,
  type EventName,
  type EventPayloads,
  type Handlers,
  type Result,
} from '../core/api/contract'

/** Who may call the handlers: the top frame of one of the app's own windows, showing the app's own page. */
export interface SenderPolicy {
  isAppWebContents(contents: WebContents): boolean
  isAppUrl(url: string): boolean
}

export interface RegisterHandlersOptions {
  policy: SenderPolicy
  /** Receives what a handler threw; the renderer only ever sees a generic 'internal' error. */
  log?: (error: unknown) => void
}

/** Mirrors ipcMain's own global table of handlers, so a second registration fails loudly, also under test. */
const registered = new Set<string>()

/**
 * Registers one `ipcMain.handle` per channel of the handler map, which must hold exactly the channels of the
 * contract. Each call is answered with a Result, never a rejection: an untrusted sender gets 'forbidden', a
 * handler that throws gets 'internal'. Throws if a channel is unknown, missing or already registered.
 * Returns the function that removes the handlers again.
 */
export function registerHandlers(handlers: Handlers, options: RegisterHandlersOptions): () => void {
  const names = Object.keys(handlers)
  const unknown = names.filter((name) => !isChannel(name))
  if (unknown.length > 0) throw new Error(`Not channels of the contract: ${unknown.join(', ')}`)
  const missing = Object.keys(channels).filter((name) => !Object.hasOwn(handlers, name))
  if (missing.length > 0) throw new Error(`No handler for: ${missing.join(', ')}`)
  const duplicate = names.filter((name) => registered.has(name))
  if (duplicate.length > 0) throw new Error(`Already registered: ${duplicate.join(', ')}`)

  for (const channel of names as Channel[]) {
    const handler = handlers[channel]
    ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      try {
        if (!isTrustedSender(event, options.policy)) {
          return failure({ code: 'forbidden', message: 'This request did not come from the app.' })
        }
        return await handler(input)
      } catch (error) {
        options.log?.(error)
        return failure({ code: 'internal', message: 'Something unexpected went wrong. Please try again.' })
      }
    })
    registered.add(channel)
  }
  return () => {
    for (const channel of names) {
      ipcMain.removeHandler(channel)
      registered.delete(channel)
    }
  }
}

/**
 * The sender must be the main frame (not an iframe, not a frame since navigated away) of an app window, and that
 * frame must show the app's page; anything else that manages to send IPC is refused.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, policy: SenderPolicy): boolean {
  const frame = event.senderFrame
  if (frame === null || frame.parent !== null) return false
  if (!policy.isAppWebContents(event.sender)) return false
  const mainFrame = event.sender.mainFrame
  if (frame.processId !== mainFrame.processId || frame.routingId !== mainFrame.routingId) return false
  return policy.isAppUrl(frame.url)
}

/** Sends an event of the contract to a window's page; a window already gone is skipped. */
export function send<E extends EventName>(window: BrowserWindow, event: E, payload: EventPayloads[E]): void {
  if (!EVENT_NAMES.includes(event)) throw new Error(`Not an event of the contract: ${String(event)}`)
  if (window.isDestroyed() || window.webContents.isDestroyed()) return
  window.webContents.send(event, payload)
}

function failure(error: ApiError): Result<never> {
  return { ok: false, error }
}
