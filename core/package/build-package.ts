import { createHash } from 'node:crypto'
import {
  DocumentSchema,
  ProjectSchema,
  findUnsafeStructure,
  type HecsosDocument,
  type Project,
} from '../model'
import { historyEntryValues } from '../history/portable'
import type { PortableHistory } from '../history/history-service'
import { canonicalJson, utf8 } from './canonical-json'
import {
  ASSET_ENTRY_PATTERN,
  MANIFEST_NAME,
  PACKAGE_FORMAT,
  PROJECT_ENTRY_NAME,
  PackageManifestSchema,
  type PackageManifest,
} from './manifest'
import { MAX_JSON_DEPTH } from './limits'
import { PackageError } from './package-error'

/** What a package carries, independent of how it is stored. */
export interface PackageContents {
  project: Project
  documents: readonly HecsosDocument[]
  /** Keyed by entry name, `assets/<sha256>.<ext>`; empty until images arrive. */
  assets?: ReadonlyMap<string, Uint8Array>
  /** The project's history (entries under history/); absent in packages made before history existed. */
  history?: PortableHistory
}

export interface BuildPackageOptions {
  /** When the package is made (ISO-8601 UTC); passed in so that builds are reproducible. */
  now: string
  appVersion: string
  /** The author profile's name; may be empty. */
  author: string
}

/** One file of a package, with its exact bytes. */
export interface PackageEntry {
  name: string
  data: Uint8Array
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Turns a project into the entries of a package, manifest first and the rest sorted by name. Pure: the same
 * contents and options always give the same bytes. The input is validated (and normalised, e.g. trimmed) with
 * the model's schemas, so a package this builds is always one that readPackage accepts.
 */
export function buildPackage(contents: PackageContents, options: BuildPackageOptions): PackageEntry[] {
  const project = parseOrThrow(() => ProjectSchema.parse(contents.project), 'The project')
  const entries: PackageEntry[] = [{ name: PROJECT_ENTRY_NAME, data: utf8(canonicalJson(project)) }]
  const seen = new Set<string>()
  const validDocuments: HecsosDocument[] = []
  for (const raw of contents.documents) {
    const document = parseOrThrow(() => DocumentSchema.parse(raw), 'A document')
    validDocuments.push(document)
    if (seen.has(document.id))
      throw new PackageError('invalid-input', `The document id ${document.id} appears twice in the project.`)
    seen.add(document.id)
    entries.push({ name: `documents/${document.id}.json`, data: utf8(canonicalJson(document)) })
  }
  for (const [name, data] of contents.assets ?? new Map<string, Uint8Array>()) {
    const match = ASSET_ENTRY_PATTERN.exec(name)
    if (!match || match[1] !== sha256Hex(data))
      throw new PackageError('invalid-input', `The asset ${name} is not named by its SHA-256 checksum.`)
    entries.push({ name, data })
  }
  if (contents.history)
    for (const { name, value } of historyEntryValues(contents.history, [project, ...validDocuments]))
      entries.push({ name, data: utf8(canonicalJson(value)) })
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

  const manifest: PackageManifest = PackageManifestSchema.parse({
    formatVersion: PACKAGE_FORMAT,
    kind: 'hecsos-package',
    appVersion: options.appVersion,
    projectId: project.id,
    madeBy: { name: options.author },
    madeAt: options.now,
    entries: entries.map((entry) => ({
      name: entry.name,
      size: entry.data.byteLength,
      sha256: sha256Hex(entry.data),
    })),
  })
  return [{ name: MANIFEST_NAME, data: utf8(canonicalJson(manifest)) }, ...entries]
}

function parseOrThrow<T>(parse: () => T, what: string): T {
  let value: T
  try {
    value = parse()
  } catch (error) {
    throw new PackageError(
      'invalid-input',
      `${what} cannot be packed: it does not match its schema.`,
      undefined,
      {
        cause: error,
      },
    )
  }
  // The reader refuses these (prototype keys, deep nesting) even where the schema allows them, e.g. inside
  // field values; refusing them here keeps every built package readable.
  const unsafe = findUnsafeStructure(value, MAX_JSON_DEPTH)
  if (unsafe) throw new PackageError('invalid-input', `${what} cannot be packed: ${unsafe}.`)
  return value
}
