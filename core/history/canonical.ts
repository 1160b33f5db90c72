import { createHash } from 'node:crypto'

/**
 * The one serialisation history hashes: keys sorted at every level, no whitespace. Two values with the same
 * content always give the same text (whatever order their keys were built in), so the same document state is
 * stored once, and two partners' histories name it alike.
 */
export function canonicalText(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** The name of a value in history: the SHA-256 of its canonical text. */
export function hashOf(value: unknown): string {
  return hashText(canonicalText(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  // A null-prototype target, so that even a key named like a prototype property stays a plain key.
  const sorted = Object.create(null) as Record<string, unknown>
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key])
  return sorted
}
