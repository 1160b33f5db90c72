import { z } from 'zod'
import {
  DocumentSchema,
  IdSchema,
  ProjectSchema,
  documentMigrator,
  migrate,
  projectMigrator,
  type HecsosDocument,
  type Migrator,
  type Project,
} from '../model'
import { hashOf } from './canonical'
import { findGraphProblem } from './graph'
import type { PortableHistory } from './history-service'
import { HISTORY_FORMAT, HashSchema, VersionSchema, versionIdOf, type Version } from './version'

/**
 * History in a package (docs/project-format.md): the head, every version, and the objects grouped by what they
 * are a state of, each group's states in the order they were made; states the package holds anyway (its
 * project.json and documents) are not repeated. Grouping keeps the successive states of a
 * document next to each other in one zip entry, where deflate stores a small edit in a few bytes.
 *
 *   history/head.json                 { formatVersion, head }
 *   history/versions.json             { formatVersion, versions: [...] }, oldest first
 *   history/objects/project.json      { formatVersion, objects: [project manifests] }
 *   history/objects/<documentId>.json { formatVersion, objects: [states of that document] }
 */
export const HISTORY_ENTRY_PATTERN =
  /^history\/(?:head\.json|versions\.json|objects\/(?:project|[a-z0-9][a-z0-9-]{7,63})\.json)$/
export const HISTORY_HEAD_ENTRY = 'history/head.json'
export const HISTORY_VERSIONS_ENTRY = 'history/versions.json'
const PROJECT_OBJECTS_ENTRY = 'history/objects/project.json'
const DOCUMENT_OBJECTS_ENTRY = /^history\/objects\/([a-z0-9][a-z0-9-]{7,63})\.json$/

/** Far above any real history, low enough that a hostile one cannot make reading it slow. */
export const MAX_PORTABLE_VERSIONS = 50_000
export const MAX_OBJECTS_PER_ENTRY = 50_000

export interface HistoryEntryValue {
  name: string
  value: unknown
}

/** The entries of a history, in a fixed order for the same history (the package writer sorts by name). */
/**
 * `current` are the package's own project and documents: a state of them that history names is not stored a
 * second time (the reader takes it from project.json and documents/), so history costs only what changed.
 */
export function historyEntryValues(
  history: PortableHistory,
  current: readonly unknown[],
): HistoryEntryValue[] {
  const versions = [...history.versions].sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  )
  const groups = new Map<string, unknown[]>()
  const placed = new Set(current.map(hashOf))
  const place = (group: string, hash: string): void => {
    if (placed.has(hash)) return
    const value = history.objects.get(hash)
    if (value === undefined) throw new Error(`The history names an object it does not hold (${hash}).`)
    placed.add(hash)
    const objects = groups.get(group)
    if (objects) objects.push(value)
    else groups.set(group, [value])
  }
  for (const version of versions) {
    place(PROJECT_OBJECTS_ENTRY, version.project)
    for (const [documentId, hash] of Object.entries(version.documents))
      place(`history/objects/${documentId}.json`, hash)
  }
  return [
    { name: HISTORY_HEAD_ENTRY, value: { formatVersion: HISTORY_FORMAT, head: history.head } },
    { name: HISTORY_VERSIONS_ENTRY, value: { formatVersion: HISTORY_FORMAT, versions } },
    ...[...groups].map(([name, objects]) => ({ name, value: { formatVersion: HISTORY_FORMAT, objects } })),
  ]
}

/** Why a package's history is refused, with the entry it was found in. */
export class HistoryFormatError extends Error {
  constructor(
    message: string,
    readonly entry: string,
  ) {
    super(message)
    this.name = 'HistoryFormatError'
  }
}

const HeadFileSchema = z.strictObject({ formatVersion: z.literal(HISTORY_FORMAT), head: HashSchema })
const VersionsFileSchema = z.strictObject({
  formatVersion: z.literal(HISTORY_FORMAT),
  versions: z.array(VersionSchema).max(MAX_PORTABLE_VERSIONS),
})
const ObjectsFileSchema = z.strictObject({
  formatVersion: z.literal(HISTORY_FORMAT),
  objects: z.array(z.unknown()).max(MAX_OBJECTS_PER_ENTRY),
})

/**
 * Reads the history entries of an untrusted package (already parsed JSON, already free of prototype keys).
 * Every version's id must be the hash of its content, every parent and object it names must be there, no version
 * may descend from itself, and every object must be a valid manifest or document of the id it is filed under.
 * Objects keep their exact content (their hash names them); rich text in them is sanitised when a state is
 * read back from history (HistoryService), before it can reach the editor.
 * Returns undefined when the package carries no history (older packages).
 */
export function readPortableHistory(
  entries: ReadonlyMap<string, unknown>,
  current: readonly unknown[],
): PortableHistory | undefined {
  if (entries.size === 0) return undefined
  const head = parse(entries, HISTORY_HEAD_ENTRY, HeadFileSchema).head
  const versionList = parse(entries, HISTORY_VERSIONS_ENTRY, VersionsFileSchema).versions
  const versions = new Map<string, Version>()
  for (const version of versionList) {
    if (versionIdOf(version) !== version.id)
      throw new HistoryFormatError(
        `A version in the package’s history (${version.id.slice(0, 12)}…) does not match its content: it was altered.`,
        HISTORY_VERSIONS_ENTRY,
      )
    if (versions.has(version.id))
      throw new HistoryFormatError('The package’s history lists a version twice.', HISTORY_VERSIONS_ENTRY)
    versions.set(version.id, version)
  }
  const problem = findGraphProblem(versions)
  if (problem)
    throw new HistoryFormatError(`The package’s history cannot be used: ${problem}.`, HISTORY_VERSIONS_ENTRY)
  if (!versions.has(head))
    throw new HistoryFormatError(
      'The package’s history names a head version it does not hold.',
      HISTORY_HEAD_ENTRY,
    )

  const objects = new Map<string, unknown>(current.map((value) => [hashOf(value), value]))
  for (const name of entries.keys()) {
    if (name === HISTORY_HEAD_ENTRY || name === HISTORY_VERSIONS_ENTRY) continue
    const documentId = DOCUMENT_OBJECTS_ENTRY.exec(name)?.[1]
    if (name !== PROJECT_OBJECTS_ENTRY && documentId === undefined)
      throw new HistoryFormatError(`The package contains ${name}, which history never holds.`, name)
    for (const raw of parse(entries, name, ObjectsFileSchema).objects) {
      const hash = hashOf(raw)
      if (documentId === undefined) readObject(name, raw, projectMigrator, ProjectSchema)
      else {
        const document = readObject(name, raw, documentMigrator, DocumentSchema)
        if (document.id !== documentId)
          throw new HistoryFormatError(`${name} holds a state of another document (${document.id}).`, name)
      }
      objects.set(hash, raw)
    }
  }
  for (const version of versions.values()) {
    if (!objects.has(version.project)) throw missingObject(version, 'project details', PROJECT_OBJECTS_ENTRY)
    for (const [documentId, hash] of Object.entries(version.documents)) {
      if (!IdSchema.safeParse(documentId).success || !objects.has(hash))
        throw missingObject(version, `document ${documentId}`, `history/objects/${documentId}.json`)
    }
  }
  return { head, versions: [...versions.values()], objects }
}

function missingObject(version: Version, what: string, entry: string): HistoryFormatError {
  return new HistoryFormatError(
    `The package’s history is incomplete: the version ${version.id.slice(0, 12)}… names a state of the ${what} that it does not hold.`,
    entry,
  )
}

function parse<T>(entries: ReadonlyMap<string, unknown>, name: string, schema: z.ZodType<T>): T {
  if (!entries.has(name))
    throw new HistoryFormatError(`The package’s history is incomplete: ${name} is missing.`, name)
  const result = schema.safeParse(entries.get(name))
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue && issue.path.length > 0 ? ` (at ${issue.path.map(String).join('.')})` : ''
  throw new HistoryFormatError(
    `${name} in the package does not have the expected content${where}: ${(issue?.message ?? 'invalid').replace(/\.$/, '')}.`,
    name,
  )
}

function readObject<T extends Project | HecsosDocument>(
  name: string,
  raw: unknown,
  migrator: Migrator,
  schema: z.ZodType<T>,
): T {
  let migrated: Record<string, unknown>
  try {
    migrated = migrate(migrator, raw)
  } catch (error) {
    throw new HistoryFormatError(
      `${name} in the package holds a state that cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      name,
    )
  }
  const result = schema.safeParse(migrated)
  if (!result.success)
    throw new HistoryFormatError(
      `${name} in the package holds a state that is not valid: ${result.error.issues[0]?.message ?? 'invalid'}`,
      name,
    )
  return result.data
}
