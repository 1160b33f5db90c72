import { z } from 'zod'
import { IdSchema, TimestampSchema, type Migrator } from '../model'

/**
 * The version of the package layout and of manifest.json; independent of the project and document formats.
 * Format 2 added the project's history (entries under history/); format 1 packages still open, without it.
 */
export const PACKAGE_FORMAT = 2 as const

export const MANIFEST_NAME = 'manifest.json'
export const PROJECT_ENTRY_NAME = 'project.json'

/**
 * Image types a package may carry. SVG is left out on purpose: it can hold scripts, and the editor does not
 * need it. The extension must agree with the file's signature (checked when reading).
 */
export const ASSET_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp'] as const

/** Every name a v1 package may contain; anything else is refused rather than ignored. */
export const DOCUMENT_ENTRY_PATTERN = /^documents\/([a-z0-9][a-z0-9-]{7,63})\.json$/
export const ASSET_ENTRY_PATTERN = /^assets\/([0-9a-f]{64})\.(png|jpg|jpeg|gif|webp)$/
/** The history entries (core/history/portable.ts): head, versions, and the states of the project and documents. */
export { HISTORY_ENTRY_PATTERN } from '../history/portable'

/** The same whitelist as one pattern, so that the published JSON Schema carries it too. */
export const EntryNameSchema = z
  .string()
  .regex(
    /^(?:project\.json|documents\/[a-z0-9][a-z0-9-]{7,63}\.json|assets\/[0-9a-f]{64}\.(?:png|jpg|jpeg|gif|webp)|history\/(?:head\.json|versions\.json|objects\/(?:project|[a-z0-9][a-z0-9-]{7,63})\.json))$/,
    'An entry is project.json, documents/<id>.json, assets/<sha256>.<png|jpg|jpeg|gif|webp>, history/head.json, history/versions.json or history/objects/<project|id>.json.',
  )
  .describe('Path of the entry inside the zip, with forward slashes.')

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'A checksum is 64 lowercase hex digits.')

export const ManifestEntrySchema = z.strictObject({
  name: EntryNameSchema,
  size: z.number().int().nonnegative().describe('Uncompressed size in bytes.'),
  sha256: Sha256Schema.describe('SHA-256 of the uncompressed bytes, lowercase hex.'),
})
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>

export const PackageManifestSchema = z
  .strictObject({
    formatVersion: z.literal(PACKAGE_FORMAT).describe('Version of the package layout and of this manifest.'),
    kind: z.literal('hecsos-package'),
    /** The version of HECSOs Studio that wrote the package, e.g. "0.1.0"; shown when it is too new. */
    appVersion: z.string().min(1).max(64).describe('Version of HECSOs Studio that wrote the package.'),
    projectId: IdSchema.describe('The id of the project in project.json.'),
    /** The author profile's name on the installation that packed it; may be empty. */
    madeBy: z.strictObject({ name: z.string().trim().max(200) }).describe('Who packed it (may be empty).'),
    madeAt: TimestampSchema.describe('When it was packed, ISO 8601 in UTC.'),
    /** Every entry but manifest.json, sorted by name. */
    entries: z
      .array(ManifestEntrySchema)
      .max(100_000)
      .describe('Every entry of the zip but manifest.json, sorted by name (code-unit order), each once.'),
  })
  .refine(
    (manifest) => manifest.entries.every((entry, i, all) => i === 0 || all[i - 1]!.name < entry.name),
    'The manifest lists its entries sorted by name, each once.',
  )
export type PackageManifest = z.infer<typeof PackageManifestSchema>

export const manifestMigrator: Migrator = {
  kind: 'package',
  current: PACKAGE_FORMAT,
  steps: {
    // Format 1 reserved `history` and required it empty. An empty one goes; anything else stays, so that the
    // format 2 schema (which has no such key) refuses it rather than silently dropping what it listed.
    1: (manifest) => {
      const { history, ...rest } = manifest
      const empty =
        history === undefined ||
        (typeof history === 'object' &&
          history !== null &&
          Array.isArray((history as { entries?: unknown }).entries) &&
          (history as { entries: unknown[] }).entries.length === 0 &&
          Object.keys(history).length === 1)
      return empty ? rest : manifest
    },
  },
}

/** The JSON Schema published in docs/project-manifest.schema.json, generated so it cannot drift. */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PackageManifestSchema, { io: 'input', unrepresentable: 'any' }),
    title: `HECSOs Studio package manifest (manifest.json), format ${PACKAGE_FORMAT}`,
    description:
      'The manifest of a .hecsos package (a zip). See docs/project-format.md. Generated from PackageManifestSchema in core/package/manifest.ts.',
  }
}
