import { z } from 'zod'
import { IdSchema, TimestampSchema, type Migrator } from '../model'

/** The version of the package layout and of manifest.json; independent of the project and document formats. */
export const PACKAGE_FORMAT = 1 as const

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

/** The same whitelist as one pattern, so that the published JSON Schema carries it too. */
export const EntryNameSchema = z
  .string()
  .regex(
    /^(?:project\.json|documents\/[a-z0-9][a-z0-9-]{7,63}\.json|assets\/[0-9a-f]{64}\.(?:png|jpg|jpeg|gif|webp))$/,
    'An entry is project.json, documents/<id>.json or assets/<sha256>.<png|jpg|jpeg|gif|webp>.',
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
    /**
     * Reserved for the history slice (snapshots under history/). Format 1 writes no history and accepts only
     * an empty list, so a package that carries history is refused rather than silently losing it.
     */
    history: z.optional(
      z.strictObject({
        entries: z
          .array(
            z.strictObject({
              name: z
                .string()
                .regex(/^history\/[a-z0-9][a-z0-9-]{0,63}(?:\/[a-z0-9][a-z0-9-]{0,63})*\.json$/),
              size: z.number().int().nonnegative(),
              sha256: Sha256Schema,
            }),
          )
          .max(0, 'History in packages arrives in a later format; this one must list none.'),
      }),
    ),
  })
  .refine(
    (manifest) => manifest.entries.every((entry, i, all) => i === 0 || all[i - 1]!.name < entry.name),
    'The manifest lists its entries sorted by name, each once.',
  )
export type PackageManifest = z.infer<typeof PackageManifestSchema>

export const manifestMigrator: Migrator = { kind: 'package', current: PACKAGE_FORMAT, steps: {} }

/** The JSON Schema published in docs/project-manifest.schema.json, generated so it cannot drift. */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PackageManifestSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'HECSOs Studio package manifest (manifest.json), format 1',
    description:
      'The manifest of a .hecsos package (a zip). See docs/project-format.md. Generated from PackageManifestSchema in core/package/manifest.ts.',
  }
}
