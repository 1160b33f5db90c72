import type { Result } from './contract'

/** The data of a handler's result, or a failure that names the refusal, so a test reads as the user's steps. */
export async function ok<T>(promise: Promise<Result<T>>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`)
  return result.data
}

/** The error of a handler's result that must be a refusal. */
export async function refused<T>(promise: Promise<Result<T>>): Promise<{ code: string; message: string }> {
  const result = await promise
  if (result.ok) throw new Error('expected a refusal')
  return result.error
}
