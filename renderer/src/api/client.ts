import type {
  ApiError,
  Channel,
  ChannelInput,
  ChannelOutputs,
  ErrorCode,
  EventName,
  EventPayloads,
  PreloadApi,
  Result,
} from '../../../core/api/contract'

/**
 * The renderer's only door to the rest of the app: every call goes through `window.hecsos`, which the preload
 * exposes (and the e2e bridge imitates). Handlers answer with a Result; `call` turns a failure into an
 * ApiFailure so screens can use try/catch, `invoke` keeps the Result for code that branches on the error code.
 */

export class ApiFailure extends Error {
  readonly code: ErrorCode
  readonly details: unknown

  constructor(error: ApiError) {
    super(error.message)
    this.name = 'ApiFailure'
    this.code = error.code
    this.details = error.details
  }
}

function bridge(): PreloadApi {
  const api = (window as { hecsos?: PreloadApi }).hecsos
  if (!api)
    throw new ApiFailure({
      code: 'internal',
      message: 'The app bridge is missing: the window was not started by HECSOs Studio.',
    })
  return api
}

/** Never rejects: a broken bridge or a thrown handler becomes an 'internal' failure like any other. */
export async function invoke<K extends Channel>(
  channel: K,
  input: ChannelInput<K>,
): Promise<Result<ChannelOutputs[K]>> {
  try {
    return await bridge().invoke(channel, input)
  } catch (error) {
    if (error instanceof ApiFailure) return { ok: false, error: { code: error.code, message: error.message } }
    return {
      ok: false,
      error: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
    }
  }
}

export async function call<K extends Channel>(
  channel: K,
  input: ChannelInput<K>,
): Promise<ChannelOutputs[K]> {
  const result = await invoke(channel, input)
  if (!result.ok) throw new ApiFailure(result.error)
  return result.data
}

export function onEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayloads[E]) => void,
): () => void {
  return bridge().on(event, listener)
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure) return { code: error.code, message: error.message }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) }
}
