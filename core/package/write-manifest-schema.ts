import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { manifestJsonSchema } from './manifest'

/**
 * Regenerates docs/project-manifest.schema.json from the zod schema: `npx tsx core/package/write-manifest-schema.ts`.
 * manifest-schema.test.ts fails until the committed file matches, so the published schema cannot drift. The
 * file is formatted by prettier because `npm run lint` checks the format of every file in the repository.
 */
export const MANIFEST_SCHEMA_FILE = join(
  import.meta.dirname,
  '..',
  '..',
  'docs',
  'project-manifest.schema.json',
)

export function manifestSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`
}

async function writeManifestSchema(): Promise<void> {
  const options = { ...(await resolveConfig(MANIFEST_SCHEMA_FILE)), filepath: MANIFEST_SCHEMA_FILE }
  await writeFile(MANIFEST_SCHEMA_FILE, await format(manifestSchemaText(), options))
}

// Runs only as a script, never when a test imports the file.
if (process.argv[1] && import.meta.filename === process.argv[1]) await writeManifestSchema()
