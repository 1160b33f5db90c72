/**
 * The one serialisation of JSON in packages and unpacked folders: keys sorted, two-space indent, a final
 * newline. Sorting makes the bytes independent of the order in which objects were built, which is what lets
 * pack → unpack → pack produce the same file and keeps git diffs of an unpacked folder small.
 */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  // A null-prototype target, so that even a key named like a prototype property stays a plain key.
  const sorted: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key])
  return sorted
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}
