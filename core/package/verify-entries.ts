import {
  DocumentSchema,
  FormatTooNewError,
  ProjectSchema,
  documentMigrator,
  findUnsafeStructure,
  migrate,
  sanitiseRichTextIn,
  parseUntrustedJson,
  projectMigrator,
  type HecsosDocument,
  type Migrator,
  type Project,
} from '../model'
import type { z } from 'zod'
import { HistoryFormatError, readPortableHistory } from '../history/portable'
import { sha256Hex, type PackageContents, type PackageEntry } from './build-package'
import { MAX_JSON_DEPTH, type PackageLimits } from './limits'
import {
  ASSET_ENTRY_PATTERN,
  DOCUMENT_ENTRY_PATTERN,
  HISTORY_ENTRY_PATTERN,
  MANIFEST_NAME,
  PROJECT_ENTRY_NAME,
  PackageManifestSchema,
  manifestMigrator,
  type PackageManifest,
} from './manifest'
import { PackageError } from './package-error'

/** A package that passed every check: what it says about itself, and what it holds. */
export interface VerifiedPackage {
  manifest: PackageManifest
  contents: PackageContents & { assets: ReadonlyMap<string, Uint8Array> }
}

/**
 * Magic numbers of archive and compressed formats. No entry of ours is one, and an archive inside an archive
 * is the classic way to smuggle a bomb past a one-level ratio check.
 */
const ARCHIVE_SIGNATURES: ReadonlyArray<readonly number[]> = [
  [0x50, 0x4b, 0x03, 0x04], // zip
  [0x50, 0x4b, 0x05, 0x06], // empty zip
  [0x50, 0x4b, 0x07, 0x08], // spanned zip
  [0x1f, 0x8b], // gzip
  [0x42, 0x5a, 0x68], // bzip2
  [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], // xz
  [0x28, 0xb5, 0x2f, 0xfd], // zstd
  [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], // 7z
  [0x52, 0x61, 0x72, 0x21], // rar
]

const IMAGE_SIGNATURES: Record<string, (data: Uint8Array) => boolean> = {
  png: (d) => startsWith(d, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpg: (d) => startsWith(d, [0xff, 0xd8, 0xff]),
  jpeg: (d) => startsWith(d, [0xff, 0xd8, 0xff]),
  gif: (d) => startsWith(d, [0x47, 0x49, 0x46, 0x38]),
  webp: (d) => startsWith(d, [0x52, 0x49, 0x46, 0x46]) && startsWith(d.subarray(8), [0x57, 0x45, 0x42, 0x50]),
}

function startsWith(data: Uint8Array, signature: readonly number[]): boolean {
  return data.length >= signature.length && signature.every((byte, i) => data[i] === byte)
}

/**
 * Checks the inflated entries of a package (or the files of an unpacked folder) against its manifest and the
 * model's schemas. Entry names have already passed checkEntryName. Nothing here writes anywhere.
 */
export function verifyEntries(
  entries: readonly PackageEntry[],
  limits: PackageLimits,
  options: { checkManifestEntries?: boolean } = {},
): VerifiedPackage {
  const checkManifestEntries = options.checkManifestEntries ?? true
  const byName = new Map(entries.map((entry) => [entry.name, entry.data]))
  let total = 0
  for (const entry of entries) {
    total += entry.data.byteLength
    if (entry.data.byteLength > (entry.name.endsWith('.json') ? limits.maxJsonBytes : limits.maxEntryBytes))
      throw new PackageError(
        'zip-bomb',
        `The file ${entry.name} in the package is too large to be ours.`,
        entry.name,
      )
    if (ARCHIVE_SIGNATURES.some((signature) => startsWith(entry.data, signature)))
      throw new PackageError(
        'nested-archive',
        `The file ${entry.name} in the package is itself an archive; HECSOs packages never nest archives.`,
        entry.name,
      )
  }
  if (total > limits.maxTotalBytes)
    throw new PackageError('zip-bomb', 'The package unpacks to more data than any HECSOs project holds.')

  const manifestBytes = byName.get(MANIFEST_NAME)
  if (!manifestBytes)
    throw new PackageError('missing-entry', 'This file has no manifest.json: it is not a HECSOs package.')
  const manifest = readManifest(manifestBytes)

  if (checkManifestEntries) checkAgainstManifest(entries, byName, manifest)

  const projectBytes = byName.get(PROJECT_ENTRY_NAME)
  if (!projectBytes)
    throw new PackageError(
      'missing-entry',
      'The package holds no project.json, so there is no project to open.',
    )
  const project: Project = readModelFile(PROJECT_ENTRY_NAME, projectBytes, projectMigrator, ProjectSchema)
  if (project.id !== manifest.projectId)
    throw new PackageError(
      'invalid',
      'The package’s manifest names a different project than its project.json: it was altered after it was made.',
      PROJECT_ENTRY_NAME,
    )

  const documents: HecsosDocument[] = []
  const assets = new Map<string, Uint8Array>()
  const history = new Map<string, unknown>()
  // The documents as received, before sanitising: history names them by the hash of exactly these.
  const received: HecsosDocument[] = []
  for (const entry of entries) {
    const documentMatch = DOCUMENT_ENTRY_PATTERN.exec(entry.name)
    if (documentMatch) {
      const document = readModelFile(entry.name, entry.data, documentMigrator, DocumentSchema)
      if (document.id !== documentMatch[1])
        throw new PackageError(
          'invalid',
          `The document ${entry.name} carries the id ${document.id}, which does not match its file name.`,
          entry.name,
        )
      // Rich text from outside is reduced to what the editor knows before anything else sees it.
      received.push(document)
      documents.push({ ...document, fields: sanitiseRichTextIn(document.fields) })
      continue
    }
    if (HISTORY_ENTRY_PATTERN.test(entry.name)) {
      history.set(entry.name, parseJsonEntry(entry.name, entry.data))
      continue
    }
    const assetMatch = ASSET_ENTRY_PATTERN.exec(entry.name)
    if (assetMatch) {
      if (sha256Hex(entry.data) !== assetMatch[1])
        throw new PackageError(
          'checksum-mismatch',
          `The image ${entry.name} does not match the checksum in its name: it was damaged or altered.`,
          entry.name,
        )
      if (!IMAGE_SIGNATURES[assetMatch[2]!]?.(entry.data))
        throw new PackageError(
          'invalid',
          `The file ${entry.name} is not the kind of image its name says it is.`,
          entry.name,
        )
      assets.set(entry.name, entry.data)
    }
  }
  documents.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const portable = readHistory(history, [project, ...received])
  return { manifest, contents: { project, documents, assets, ...(portable ? { history: portable } : {}) } }
}

function readHistory(
  entries: ReadonlyMap<string, unknown>,
  current: readonly unknown[],
): ReturnType<typeof readPortableHistory> {
  try {
    return readPortableHistory(entries, current)
  } catch (error) {
    if (error instanceof HistoryFormatError)
      throw new PackageError('invalid', error.message, error.entry, { cause: error })
    throw error
  }
}

function checkAgainstManifest(
  entries: readonly PackageEntry[],
  byName: ReadonlyMap<string, Uint8Array>,
  manifest: PackageManifest,
): void {
  const listed = new Set<string>()
  for (const item of manifest.entries) {
    listed.add(item.name)
    const data = byName.get(item.name)
    if (!data)
      throw new PackageError(
        'missing-entry',
        `The package is incomplete: ${item.name}, listed in its manifest, is missing.`,
        item.name,
      )
    if (data.byteLength !== item.size || sha256Hex(data) !== item.sha256)
      throw new PackageError(
        'checksum-mismatch',
        `The file ${item.name} in the package does not match its checksum: the package was damaged or altered after it was made.`,
        item.name,
      )
  }
  for (const entry of entries)
    if (entry.name !== MANIFEST_NAME && !listed.has(entry.name))
      throw new PackageError(
        'unexpected-entry',
        `The package contains ${entry.name}, which its manifest does not list: it was altered after it was made.`,
        entry.name,
      )
}

function readManifest(bytes: Uint8Array): PackageManifest {
  const value = parseJsonEntry(MANIFEST_NAME, bytes)
  const appVersion =
    value !== null &&
    typeof value === 'object' &&
    'appVersion' in value &&
    typeof value.appVersion === 'string'
      ? value.appVersion.slice(0, 64)
      : undefined
  let migrated: Record<string, unknown>
  try {
    migrated = migrate(manifestMigrator, value)
  } catch (error) {
    if (error instanceof FormatTooNewError)
      throw new PackageError(
        'too-new',
        `This package was made by a newer version of HECSOs Studio${appVersion ? ` (${appVersion})` : ''}: it uses package format ${error.found}, and this version reads up to format ${error.supported}. Update HECSOs Studio to open it.`,
        MANIFEST_NAME,
        { cause: error },
      )
    throw new PackageError(
      'invalid',
      'The package’s manifest has no valid format version: it is not a HECSOs package, or it is damaged.',
      MANIFEST_NAME,
      { cause: error },
    )
  }
  return validate(MANIFEST_NAME, migrated, PackageManifestSchema)
}

function readModelFile<T>(name: string, bytes: Uint8Array, migrator: Migrator, schema: z.ZodType<T>): T {
  const value = parseJsonEntry(name, bytes)
  let migrated: Record<string, unknown>
  try {
    migrated = migrate(migrator, value)
  } catch (error) {
    if (error instanceof FormatTooNewError)
      throw new PackageError('too-new', `${name} in the package: ${error.message}`, name, { cause: error })
    throw new PackageError(
      'invalid',
      `${name} in the package has no valid format version; it is damaged.`,
      name,
      {
        cause: error,
      },
    )
  }
  return validate(name, migrated, schema)
}

function validate<T>(name: string, value: unknown, schema: z.ZodType<T>): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue && issue.path.length > 0 ? ` (at ${issue.path.map(String).join('.')})` : ''
  throw new PackageError(
    'invalid',
    `${name} in the package does not have the expected content${where}: ${(issue?.message ?? 'invalid').replace(/\.$/, '')}.`,
    name,
    { cause: result.error },
  )
}

function parseJsonEntry(name: string, bytes: Uint8Array): unknown {
  let text: string
  try {
    // fatal: a file that is not valid UTF-8 is damaged, and silently replacing bytes would hide it.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch (error) {
    throw new PackageError('bad-json', `${name} in the package is not readable text; it is damaged.`, name, {
      cause: error,
    })
  }
  let value: unknown
  try {
    value = parseUntrustedJson(text)
  } catch (error) {
    const why = error instanceof Error && error.name === 'UnsafeJsonError' ? ` ${error.message}` : ''
    throw new PackageError(
      'bad-json',
      `${name} in the package is not valid JSON; the package is damaged or was not made by HECSOs Studio.${why}`,
      name,
      { cause: error },
    )
  }
  // Deep nesting would exhaust the recursive schema validators that run next.
  const unsafe = findUnsafeStructure(value, MAX_JSON_DEPTH)
  if (unsafe) throw new PackageError('bad-json', `${name} in the package cannot be opened: ${unsafe}.`, name)
  return value
}
