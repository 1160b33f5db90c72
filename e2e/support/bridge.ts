import type { BrowserContext } from 'playwright-core'
import { isChannel, type ApiError, type Channel, type Handlers, type Result } from '../../core/api/contract'

export interface BridgeCall {
  channel: string
  input: unknown
  result: Result<unknown>
}

/**
 * Stands in for Electron's IPC: the page's `window.hecsos.invoke` lands here and is answered by the real
 * handler map, over a real library folder. Tests can make the next call of a channel fail, and read every call.
 */
export class HandlerBridge {
  readonly calls: BridgeCall[] = []
  readonly #handlers: Handlers
  readonly #plannedFailures = new Map<string, ApiError[]>()

  constructor(handlers: Handlers) {
    this.#handlers = handlers
  }

  /** The next call of `channel` answers with this error instead of reaching the handler. */
  failNext(channel: Channel, error: ApiError): void {
    const queue = this.#plannedFailures.get(channel) ?? []
    queue.push(error)
    this.#plannedFailures.set(channel, queue)
  }

  callsOf(channel: Channel): BridgeCall[] {
    return this.calls.filter((call) => call.channel === channel)
  }

  async handle(channel: unknown, input: unknown): Promise<Result<unknown>> {
    let result: Result<unknown>
    const planned = typeof channel === 'string' ? this.#plannedFailures.get(channel)?.shift() : undefined
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
  async install(context: BrowserContext, reportProblem: (problem: string) => void): Promise<void> {
    await context.exposeBinding('__hecsosInvoke', (_source, channel: unknown, input: unknown) =>
      this.handle(channel, input),
    )
    await context.exposeBinding('__hecsosReportCsp', (_source, text: string) =>
      reportProblem(`CSP violation: ${text}`),
    )
    // Runs in the page, before the app's scripts; typed here without the DOM library, hence the small shapes.
    await context.addInitScript(() => {
      type Listener = (payload: unknown) => void
      const page = globalThis as unknown as {
        __hecsosInvoke: (channel: string, input: unknown) => Promise<unknown>
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
      const listeners = new Map<string, Set<Listener>>()
      const api = Object.freeze({
        invoke: (channel: string, input: unknown) => page.__hecsosInvoke(channel, input),
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
    })
  }
}
