import type { BrowserContext } from 'playwright-core'
import { BRIDGE_PATH, type StaticServer } from './static-server'
import { isChannel, type ApiError, type Channel, type Handlers, type Result } from '../../core/api/contract'

export interface BridgeCall {
  channel: string
  input: unknown
  result: Result<unknown>
}

/** Marks bytes in the JSON that crosses the bridge, which has no type of its own for them. */
const BYTES_KEY = '\u0000bytes'

/** JSON for the bridge: bytes become base64 under BYTES_KEY, as the page's side of the bridge writes them. */
function encodeForPage(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Uint8Array ? { [BYTES_KEY]: Buffer.from(item).toString('base64') } : item,
  )
}

/** How a tagged value starts in the JSON text: without one, the text is parsed without a reviver, ~5× faster. */
const BYTES_TAG = JSON.stringify(BYTES_KEY)

function decodeFromPage(text: string): unknown {
  if (!text.includes(BYTES_TAG)) return JSON.parse(text)
  return JSON.parse(text, (_key, item: unknown) => {
    const encoded = (item as Record<string, unknown> | null)?.[BYTES_KEY]
    return typeof encoded === 'string' ? new Uint8Array(Buffer.from(encoded, 'base64')) : item
  })
}

/**
 * Stands in for Electron's IPC: the page's `window.hecsos.invoke` lands here and is answered by the real
 * handler map, over a real library folder. Tests can make the next call of a channel fail, and read every call.
 */
export class HandlerBridge {
  readonly calls: BridgeCall[] = []
  readonly #handlers: Handlers
  readonly #plannedFailures = new Map<string, ApiError[]>()
  readonly #plannedHolds = new Map<string, Array<Promise<void>>>()
  readonly #lastingFailures = new Map<string, ApiError>()

  constructor(handlers: Handlers) {
    this.#handlers = handlers
  }

  /** The next call of `channel` answers with this error instead of reaching the handler. */
  failNext(channel: Channel, error: ApiError): void {
    const queue = this.#plannedFailures.get(channel) ?? []
    queue.push(error)
    this.#plannedFailures.set(channel, queue)
  }

  /** Every call of `channel` answers with this error until the returned function is called: a disk that stays full. */
  failUntilFixed(channel: Channel, error: ApiError): () => void {
    this.#lastingFailures.set(channel, error)
    return () => {
      this.#lastingFailures.delete(channel)
    }
  }

  /**
   * The next call of `channel` waits, before it reaches the handler, until the returned function is called: a
   * slow disk, held for as long as the test needs.
   */
  holdNext(channel: Channel): () => void {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const queue = this.#plannedHolds.get(channel) ?? []
    queue.push(held)
    this.#plannedHolds.set(channel, queue)
    return release
  }

  callsOf(channel: Channel): BridgeCall[] {
    return this.calls.filter((call) => call.channel === channel)
  }

  async handle(channel: unknown, input: unknown): Promise<Result<unknown>> {
    let result: Result<unknown>
    if (typeof channel === 'string') await this.#plannedHolds.get(channel)?.shift()
    const planned =
      typeof channel === 'string'
        ? (this.#plannedFailures.get(channel)?.shift() ?? this.#lastingFailures.get(channel))
        : undefined
    if (planned) result = { ok: false, error: planned }
    else if (!isChannel(channel))
      result = {
        ok: false,
        error: { code: 'unknown-channel', message: `Unknown channel: ${String(channel)}` },
      }
    else result = await this.#handlers[channel](input)
    this.calls.push({ channel: String(channel), input, result })
    return result
  }

  /**
   * Installs `window.hecsos` in every page of the context, with the shape the preload exposes (a frozen object
   * with invoke and on), plus `window.__hecsosEmit` for tests to play the main process's events.
   */
  async install(
    context: BrowserContext,
    server: StaticServer,
    reportProblem: (problem: string) => void,
  ): Promise<void> {
    // Calls are posted as JSON text to the server the page comes from. Through a Playwright binding a
    // 50,000-word document took 0.1–0.4 s each way (its protocol carries the text escaped, over several hops):
    // far from what Electron's structured clone costs, and every measured save and load in the benches was
    // mostly that binding.
    const route = server.addBridge(async (channel, input) =>
      encodeForPage(await this.handle(channel, decodeFromPage(input))),
    )
    context.on('close', route.dispose)
    await context.exposeBinding('__hecsosReportCsp', (_source, text: string) =>
      reportProblem(`CSP violation: ${text}`),
    )
    // Runs in the page, before the app's scripts; typed here without the DOM library, hence the small shapes.
    await context.addInitScript(
      ({ bridgePath, token }) => {
        type Listener = (payload: unknown) => void
        const page = globalThis as unknown as {
          __hecsosReportCsp: (text: string) => void
          document: {
            addEventListener(
              type: 'securitypolicyviolation',
              listener: (event: {
                violatedDirective: string
                blockedURI: string
                sourceFile: string
                lineNumber: number
              }) => void,
            ): void
          }
        }
        // The same tagging of bytes as encodeForPage and decodeFromPage (this script cannot import them).
        const bytesKey = '\u0000bytes'
        const toBase64 = (bytes: Uint8Array) => {
          let binary = ''
          for (let at = 0; at < bytes.length; at += 0x8000)
            binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000))
          return btoa(binary)
        }
        const encode = (value: unknown) =>
          JSON.stringify(value, (_key, item: unknown) =>
            item instanceof Uint8Array ? { [bytesKey]: toBase64(item) } : item,
          )
        const decode = (text: string): unknown =>
          text.includes(JSON.stringify(bytesKey))
            ? JSON.parse(text, (_key, item: unknown) => {
                const encoded = (item as Record<string, unknown> | null)?.[bytesKey]
                return typeof encoded === 'string'
                  ? Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0))
                  : item
              })
            : JSON.parse(text)
        const listeners = new Map<string, Set<Listener>>()
        const api = Object.freeze({
          invoke: async (channel: string, input: unknown) => {
            const response = await fetch(`${bridgePath}${token}/${encodeURIComponent(channel)}`, {
              method: 'POST',
              body: encode(input),
            })
            return decode(await response.text())
          },
          on: (event: string, listener: Listener) => {
            const set = listeners.get(event) ?? new Set<Listener>()
            set.add(listener)
            listeners.set(event, set)
            return () => {
              set.delete(listener)
            }
          },
        })
        Object.defineProperty(page, 'hecsos', { value: api, enumerable: true })
        Object.defineProperty(page, '__hecsosEmit', {
          value: (event: string, payload: unknown) => {
            for (const listener of listeners.get(event) ?? []) listener(payload)
          },
        })
        page.document.addEventListener('securitypolicyviolation', (event) => {
          page.__hecsosReportCsp(
            `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`,
          )
        })
      },
      { bridgePath: BRIDGE_PATH, token: route.token },
    )
  }
}
