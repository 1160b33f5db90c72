import type { z } from 'zod'

/** A template or vocabulary file that cannot be used, and exactly why: shown to template authors as is. */
export interface TemplateProblem {
  /** The file as the loader was given it (an absolute path, or a name for text that came from elsewhere). */
  file: string
  /** Where in the file, as a JSON path: `sections[2].fields[0].maxWords`; empty for the file as a whole. */
  path: string
  /** The reason, in plain words. */
  message: string
}

export type PathSegment = string | number

/** `['sections', 2, 'fields', 0, 'maxWords']` → `sections[2].fields[0].maxWords`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = ''
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment))
      text += text === '' ? segment : `.${segment}`
    else text += `[${JSON.stringify(String(segment))}]`
  }
  return text
}

/** One line for a terminal or a log: `file: path: message`. */
export function formatProblem(problem: TemplateProblem): string {
  return problem.path === ''
    ? `${problem.file}: ${problem.message}`
    : `${problem.file}: ${problem.path}: ${problem.message}`
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text (a string in quotes)',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object { … }',
  array: 'a list [ … ]',
  null: 'null',
}

function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}

function sizeWords(
  origin: string,
  amount: number | bigint,
  inclusive: boolean,
  bound: 'least' | 'most',
): string {
  const n = Number(amount)
  switch (origin) {
    case 'string':
      return bound === 'least' && n === 1 ? 'must not be empty' : `must have at ${bound} ${n} characters`
    case 'array':
    case 'set':
      return `must have at ${bound} ${n} ${n === 1 ? 'entry' : 'entries'}`
    default:
      if (inclusive) return `must be at ${bound} ${n}`
      return bound === 'least' ? `must be greater than ${n}` : `must be less than ${n}`
  }
}

/** Edit distance, to suggest the key an author probably meant ("maxword" → "maxWords"). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i]
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]!
}

function unknownKey(key: string, allowed: readonly string[]): string {
  const lower = key.toLowerCase()
  const guess = allowed
    .map((candidate) => ({ candidate, cost: distance(lower, candidate.toLowerCase()) }))
    .filter(({ cost }) => cost <= 2)
    .sort((a, b) => a.cost - b.cost)[0]
  if (guess) return `unknown key "${key}"; did you mean "${guess.candidate}"?`
  return allowed.length > 0
    ? `unknown key "${key}"; the keys allowed here are ${allowed.map((name) => `"${name}"`).join(', ')}`
    : `unknown key "${key}"`
}

/**
 * zod's own messages are written for programmers ("Invalid input: expected number, received undefined");
 * template authors need to know what to change. Used as the parse-level error map, so a message written on a
 * schema itself still wins.
 */
export const templateErrorMap: z.core.$ZodErrorMap = (issue) => {
  const value = issue.input
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `is missing; it must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, not ${describeType(value)}`
    case 'too_small':
      return sizeWords(issue.origin, issue.minimum, issue.inclusive ?? true, 'least')
    case 'too_big':
      return sizeWords(issue.origin, issue.maximum, issue.inclusive ?? true, 'most')
    case 'unrecognized_keys': {
      const shape = (issue.inst as { shape?: Record<string, unknown> } | undefined)?.shape ?? {}
      return issue.keys.map((key) => unknownKey(key, Object.keys(shape))).join('; ')
    }
    case 'invalid_union': {
      const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] }
      if (discriminator === undefined) return undefined
      const found =
        value !== null && typeof value === 'object'
          ? (value as Record<string, unknown>)[discriminator]
          : undefined
      const list = (options ?? []).map((option) => JSON.stringify(option)).join(', ')
      return found === undefined
        ? `"${discriminator}" is missing; it must be one of ${list}`
        : `${JSON.stringify(found)} is not a known ${discriminator}; it must be one of ${list}`
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}, not ${value === undefined ? 'missing' : describeType(value)}`
        : `must be one of ${issue.values.map((option) => JSON.stringify(option)).join(', ')}, not ${value === undefined ? 'missing' : describeType(value)}`
    default:
      return undefined
  }
}

/** Turns a failed parse into problems, one per issue, in file order. */
export function problemsFromZod(
  file: string,
  error: z.ZodError,
  prefix: readonly PathSegment[] = [],
): TemplateProblem[] {
  return error.issues.map((issue) => ({
    file,
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }))
}
