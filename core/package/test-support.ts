import { join } from 'node:path'
import { crc32, deflateRawSync } from 'node:zlib'
import fc from 'fast-check'
import {
  DOCUMENT_FORMAT,
  DOCUMENT_STATUSES,
  DocumentSchema,
  EU_LANGUAGES,
  PROJECT_FORMAT,
  ProjectSchema,
  createProject,
  emptyRichText,
  findUnsafeStructure,
  type HecsosDocument,
  type Project,
} from '../model'
import { buildExampleProject } from '../templates'
import { loadExampleFiles } from '../templates/example-from-disk'
import { loadCatalogue } from '../templates/load-from-disk'
import type { PackageContents } from './build-package'
import { MAX_JSON_DEPTH } from './limits'

/** Fixtures of the package tests: valid projects, and a zip writer that will write what yazl refuses to. */

export const FIXED_NOW = '2026-05-12T09:30:00.000Z'
export const BUILD_OPTIONS = { now: FIXED_NOW, appVersion: '0.1.0', author: 'Eleni Papadaki' } as const

export function smallContents(): PackageContents {
  const project = createProject({ title: 'Community labs', acronym: 'HECSOs' }, 'proj-00000001', FIXED_NOW)
  const document: HecsosDocument = {
    formatVersion: DOCUMENT_FORMAT,
    id: 'doc-00000001',
    templateId: 'plain',
    templateVersion: 1,
    title: 'Case study: Patras',
    language: 'en',
    status: 'draft',
    authors: [{ name: 'Eleni', organisation: 'UPatras', email: '' }],
    fields: { body: emptyRichText() as never },
    createdAt: FIXED_NOW,
    updatedAt: FIXED_NOW,
  }
  return { project, documents: [document] }
}

/** The shipped Example project, the most realistic content there is. */
export async function exampleContents(): Promise<PackageContents> {
  const templates = join(import.meta.dirname, '..', '..', 'templates')
  const catalogue = await loadCatalogue({ builtInDir: templates })
  const files = await loadExampleFiles(join(templates, 'example'))
  let next = 0
  const example = buildExampleProject({
    files,
    newId: () => `ex-${String(++next).padStart(8, '0')}`,
    catalogue,
  })
  const project = createProject(example.project, 'example-0001', FIXED_NOW)
  const documents = example.documents.map((doc): HecsosDocument => ({
    formatVersion: DOCUMENT_FORMAT,
    id: doc.id,
    templateId: doc.templateId,
    templateVersion: doc.templateVersion,
    title: doc.title,
    language: doc.language,
    status: doc.status,
    authors: doc.authors,
    fields: doc.fields,
    createdAt: FIXED_NOW,
    updatedAt: FIXED_NOW,
  }))
  return { project, documents }
}

const idArb = fc.stringMatching(/^[a-z0-9][a-z0-9-]{7,20}$/)
const timestampArb = fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => new Date(ms).toISOString())
const textArb = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
const jsonArb: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 4 })

/** Any valid project with documents, normalised by the schemas exactly as a reader would see it. */
export const contentsArb: fc.Arbitrary<PackageContents> = fc
  .record({
    project: fc.record({
      formatVersion: fc.constant(PROJECT_FORMAT),
      id: idArb,
      title: textArb,
      acronym: fc.string({ maxLength: 10 }),
      programme: fc.string({ maxLength: 20 }),
      grantNumber: fc.string({ maxLength: 20 }),
      partners: fc.array(
        fc.record({
          id: idArb,
          name: textArb,
          country: fc.constantFrom('GR', 'DE', 'FR', 'IT'),
          role: fc.constantFrom('coordinator', 'partner', 'associated'),
        }),
        { maxLength: 3 },
      ),
      languages: fc.subarray([...EU_LANGUAGES], { maxLength: 4 }),
      createdAt: timestampArb,
      updatedAt: timestampArb,
    }),
    documents: fc.uniqueArray(
      fc.record({
        formatVersion: fc.constant(DOCUMENT_FORMAT),
        id: idArb,
        templateId: fc.constantFrom('plain', 'case-study', 'framework'),
        templateVersion: fc.integer({ min: 1, max: 5 }),
        title: textArb,
        language: fc.constantFrom(...EU_LANGUAGES),
        status: fc.constantFrom(...DOCUMENT_STATUSES),
        authors: fc.array(
          fc.record({ name: textArb, organisation: fc.string({ maxLength: 20 }), email: fc.constant('') }),
          {
            maxLength: 2,
          },
        ),
        fields: fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,10}$/), jsonArb, { maxKeys: 4 }),
        createdAt: timestampArb,
        updatedAt: timestampArb,
      }),
      { selector: (doc) => doc.id, maxLength: 6 },
    ),
  })
  // Through JSON first, as anything in the library has been (it turns -0 into 0, for one).
  .map(({ project, documents }) => ({
    project: ProjectSchema.safeParse(JSON.parse(JSON.stringify(project))),
    documents: documents.map((doc) => DocumentSchema.safeParse(JSON.parse(JSON.stringify(doc)))),
  }))
  // What the library could hold: schema-valid, and free of the keys and depths every reader refuses.
  .filter(
    ({ project, documents }) =>
      project.success &&
      documents.every((doc) => doc.success && findUnsafeStructure(doc.data, MAX_JSON_DEPTH) === undefined),
  )
  .map(({ project, documents }) => ({
    project: project.data as Project,
    documents: documents.map((doc) => doc.data as HecsosDocument),
  }))

/** One entry of a hand-built zip; every field a hostile writer could lie about is settable. */
export interface RawEntry {
  name: string | Uint8Array
  data?: Uint8Array
  /** 0 (stored) or 8 (deflate) unless lying; the data is compressed here when 8 and `raw` is not given. */
  method?: number
  /** Bytes written as the entry's data, as is (already compressed, or garbage). */
  raw?: Uint8Array
  declaredSize?: number
  declaredCompressedSize?: number
  crc?: number
  flags?: number
  versionMadeBy?: number
  externalAttributes?: number
  /** Points the central directory at another entry's local header (overlapping entries). */
  offsetOf?: number
}

/**
 * Writes a zip byte by byte (APPNOTE 4.3): local headers with data, then the central directory and its end
 * record. Unlike yazl it will write any name, size, flag or offset, which is what the hostile corpus needs.
 */
export function rawZip(entries: readonly RawEntry[], options: { declaredCount?: number } = {}): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  const offsets: number[] = []
  let offset = 0
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : Buffer.from(entry.name)
    const data = Buffer.from(entry.data ?? new Uint8Array())
    const method = entry.method ?? 8
    const body = entry.raw ? Buffer.from(entry.raw) : method === 8 ? deflateRawSync(data) : data
    const crc = entry.crc ?? crc32(data)
    const size = entry.declaredSize ?? data.byteLength
    const compressed = entry.declaredCompressedSize ?? body.byteLength
    const flags = entry.flags ?? 0x0800 // bit 11: names are UTF-8

    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(flags, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(0x00210000, 10) // 1980-01-01 00:00
    local.writeUInt32LE(crc >>> 0, 14)
    local.writeUInt32LE(compressed >>> 0, 18)
    local.writeUInt32LE(size >>> 0, 22)
    local.writeUInt16LE(name.byteLength, 26)
    local.writeUInt16LE(0, 28)
    offsets.push(offset)
    locals.push(local, name, body)
    offset += local.byteLength + name.byteLength + body.byteLength

    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(entry.versionMadeBy ?? 0x031e, 4) // Unix, spec 3.0
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(flags, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(0x00210000, 12)
    central.writeUInt32LE(crc >>> 0, 16)
    central.writeUInt32LE(compressed >>> 0, 20)
    central.writeUInt32LE(size >>> 0, 24)
    central.writeUInt16LE(name.byteLength, 28)
    central.writeUInt32LE((entry.externalAttributes ?? 0o100644 << 16) >>> 0, 38)
    central.writeUInt32LE(entry.offsetOf === undefined ? offsets.at(-1)! : offsets[entry.offsetOf]!, 42)
    centrals.push(central, name)
  }
  const centralStart = offset
  const centralBytes = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  const count = options.declaredCount ?? entries.length
  end.writeUInt16LE(count, 8)
  end.writeUInt16LE(count, 10)
  end.writeUInt32LE(centralBytes.byteLength, 12)
  end.writeUInt32LE(centralStart, 16)
  return new Uint8Array(Buffer.concat([...locals, centralBytes, end]))
}
