import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { MANIFEST_SCHEMA_FILE, manifestSchemaText } from './write-manifest-schema'

describe('docs/project-manifest.schema.json', () => {
  it('is the JSON Schema generated from PackageManifestSchema (regenerate: npx tsx core/package/write-manifest-schema.ts)', async () => {
    const committed = await readFile(MANIFEST_SCHEMA_FILE, 'utf8')
    expect(JSON.parse(committed)).toEqual(JSON.parse(manifestSchemaText()))
  })
})
