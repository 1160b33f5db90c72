/**
 * Every stored format carries `formatVersion`. A reader upgrades older versions step by step and refuses newer
 * ones with a message that says which version of the app is needed, instead of guessing.
 */
export class FormatTooNewError extends Error {
  constructor(
    readonly kind: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This ${kind} was saved by a newer version of HECSOs Studio (format ${found}; this version reads up to ${supported}). Update HECSOs Studio to open it.`,
    )
    this.name = 'FormatTooNewError'
  }
}

export class FormatUnknownError extends Error {
  constructor(readonly kind: string) {
    super(`This ${kind} has no valid format version: it is not a HECSOs Studio file, or it is damaged.`)
    this.name = 'FormatUnknownError'
  }
}

/** `steps[n]` turns a value of format n into format n + 1. */
export interface Migrator {
  readonly kind: string
  readonly current: number
  readonly steps: Readonly<Record<number, (value: Record<string, unknown>) => Record<string, unknown>>>
}

/** Brings a parsed value to the current format; the caller validates the result with the current schema. */
export function migrate(migrator: Migrator, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new FormatUnknownError(migrator.kind)
  let record = value as Record<string, unknown>
  const found = record.formatVersion
  if (typeof found !== 'number' || !Number.isInteger(found) || found < 1)
    throw new FormatUnknownError(migrator.kind)
  if (found > migrator.current) throw new FormatTooNewError(migrator.kind, found, migrator.current)
  for (let version = found; version < migrator.current; version += 1) {
    const step = migrator.steps[version]
    if (!step) throw new Error(`No migration for ${migrator.kind} from format ${version}`)
    record = { ...step(record), formatVersion: version + 1 }
  }
  return record
}
