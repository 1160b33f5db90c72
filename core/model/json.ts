/**
 * Parsing JSON that came from outside the process (disk, IPC, packages). Keys that could reach an object's
 * prototype are refused outright: a document never needs them, and refusing them is simpler to reason about
 * than cleaning them.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

export class UnsafeJsonError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message)
    this.name = 'UnsafeJsonError'
  }
}

/** Parses JSON text and rejects any object key in FORBIDDEN_KEYS, anywhere in the tree. */
export function parseUntrustedJson(text: string): unknown {
  return JSON.parse(text, function refuseForbiddenKeys(key: string, value: unknown) {
    if (FORBIDDEN_KEYS.has(key))
      throw new UnsafeJsonError(`The key "${key}" is not allowed in a HECSOs file.`, key)
    return value
  })
}

/**
 * Checks an already-built value (e.g. one that crossed IPC by structured clone) for forbidden keys and for
 * nesting deep enough to exhaust a recursive validator. Returns what is wrong, in words, or undefined.
 */
export function findUnsafeStructure(value: unknown, maxDepth = 200): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!
    if (current === null || typeof current !== 'object') continue
    if (depth > maxDepth) return `it is nested more than ${maxDepth} levels deep`
    // Bytes (a package crossing IPC) hold numbers only, and listing the keys of 100 MB would take seconds.
    if (ArrayBuffer.isView(current)) continue
    for (const key of Object.keys(current)) {
      if (FORBIDDEN_KEYS.has(key)) return `it contains the key "${key}", which is not allowed`
      stack.push({ value: (current as Record<string, unknown>)[key], depth: depth + 1 })
    }
  }
  return undefined
}
