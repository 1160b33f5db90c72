import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import {
  buildPackage,
  canonicalJson,
  entriesOf,
  packFolder,
  PackageError,
  readPackage,
  sha256Hex,
  unpackToFolder,
  utf8,
  writePackage,
  type PackageContents,
  type PackageEntry,
} from '.'
import { BUILD_OPTIONS, contentsArb, smallContents } from './test-support'
import { hashOf } from '../history/canonical'
import type { PortableHistory } from '../history/history-service'
import { makeVersion, type Version } from '../history/version'

const RUNS = process.env.CI ? 1000 : 60

/** A tiny PNG (1×1): content-addressed assets travel next to history. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
)

/** Two versions: the contents with every document's title shortened, then the contents as they are. */
function historyOf(contents: PackageContents): PortableHistory {
  const objects = new Map<string, unknown>()
  const stateOf = (documents: PackageContents['documents']) => {
    const record = (value: unknown) => {
      const hash = hashOf(value)
      objects.set(hash, value)
      return hash
    }
    return {
      project: record(contents.project),
      documents: Object.fromEntries(documents.map((document) => [document.id, record(document)])),
    }
  }
  const author = { name: 'Eleni', organisation: 'UPatras' }
  const first = makeVersion({
    parents: [],
    author,
    at: '2026-05-01T09:00:00.000Z',
    ...stateOf(contents.documents.map((document) => ({ ...document, title: document.title.slice(0, 1) }))),
  })
  const second = makeVersion({
    parents: [first.id],
    author,
    at: '2026-05-02T09:00:00.000Z',
    name: 'Sent to partners',
    ...stateOf(contents.documents),
  })
  return { head: second.id, versions: [first, second], objects }
}

function withHistory(contents: PackageContents): PackageContents {
  return {
    ...contents,
    history: historyOf(contents),
    assets: new Map([[`assets/${sha256Hex(PNG)}.png`, PNG]]),
  }
}

const folders: string[] = []
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
})

describe('history in packages', () => {
  it('pack → unpack → pack gives the same bytes, history and images included', async () => {
    await fc.assert(
      fc.asyncProperty(contentsArb, async (contents) => {
        const bytes = await writePackage(buildPackage(withHistory(contents), BUILD_OPTIONS))
        const read = await readPackage(bytes)
        expect(read.contents.history?.versions).toHaveLength(2)
        expect(Buffer.from(await writePackage(entriesOf(read))).equals(Buffer.from(bytes))).toBe(true)
        const folder = await mkdtemp(join(tmpdir(), 'hecsos-history-unpacked-'))
        folders.push(folder)
        await unpackToFolder(read, join(folder, 'out'))
        expect(Buffer.from(await packFolder(join(folder, 'out'))).equals(Buffer.from(bytes))).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('still opens packages without history (made before it existed)', async () => {
    const read = await readPackage(await writePackage(buildPackage(smallContents(), BUILD_OPTIONS)))
    expect(read.contents.history).toBeUndefined()
  })
})

type Json = Record<string, unknown>

/** A valid package with history, with one history entry replaced (or removed, for undefined); checksums redone. */
async function spoiled(name: string, change: (value: Json | undefined) => unknown): Promise<Uint8Array> {
  const entries = buildPackage(withHistory(smallContents()), BUILD_OPTIONS).slice(1)
  const current = entries.find((entry) => entry.name === name)
  const parsed = current ? (JSON.parse(Buffer.from(current.data).toString('utf8')) as Json) : undefined
  const next = change(parsed)
  const data =
    typeof next === 'string' ? utf8(next) : next === undefined ? undefined : utf8(canonicalJson(next))
  const files: PackageEntry[] = entries.filter((entry) => entry.name !== name)
  if (data) files.push({ name, data })
  files.sort((a, b) => (a.name < b.name ? -1 : 1))
  const manifest = {
    formatVersion: 2,
    kind: 'hecsos-package',
    appVersion: '0.1.0',
    projectId: smallContents().project.id,
    madeBy: { name: 'Mallory' },
    madeAt: BUILD_OPTIONS.now,
    entries: files.map((file) => ({
      name: file.name,
      size: file.data.byteLength,
      sha256: sha256Hex(file.data),
    })),
  }
  return writePackage([{ name: 'manifest.json', data: utf8(canonicalJson(manifest)) }, ...files])
}

const VERSIONS = 'history/versions.json'
const HEAD = 'history/head.json'
const DOCUMENT_OBJECTS = 'history/objects/doc-00000001.json'
const PROJECT_OBJECTS = 'history/objects/project.json'

const versionsOf = (value: Json | undefined) =>
  (value!.versions as Version[]).map((version) => ({ ...version }))
/** Versions re-signed after a change, so only the change itself (not a stale id) is what the reader meets. */
const resigned = (versions: Array<Omit<Version, 'id'> & { id?: string }>) =>
  versions.map(({ id: _id, formatVersion: _format, ...content }) => makeVersion(content))

const hostile: Array<[string, string, (value: Json | undefined) => unknown]> = [
  ['versions that are not JSON', VERSIONS, () => '{"formatVersion":1,"versions":['],
  ['a head that is not JSON', HEAD, () => 'head'],
  ['objects that are not JSON', DOCUMENT_OBJECTS, () => '[{]'],
  ['versions from a newer history format', VERSIONS, (v) => ({ ...v, formatVersion: 2 })],
  ['a head from a newer history format', HEAD, (v) => ({ ...v, formatVersion: 9 })],
  ['objects from a newer history format', DOCUMENT_OBJECTS, (v) => ({ ...v, formatVersion: 2 })],
  ['no versions file', VERSIONS, () => undefined],
  ['no head file', HEAD, () => undefined],
  ['no objects for a document', DOCUMENT_OBJECTS, () => undefined],
  ['a head naming an unknown version', HEAD, (v) => ({ ...v, head: 'f'.repeat(64) })],
  ['a head that is not a hash', HEAD, (v) => ({ ...v, head: '../../etc/passwd' })],
  [
    'a version whose id does not match it',
    VERSIONS,
    (v) => ({ ...v, versions: versionsOf(v).map((x) => ({ ...x, at: '2030-01-01T00:00:00.000Z' })) }),
  ],
  ['a version listed twice', VERSIONS, (v) => ({ ...v, versions: [...versionsOf(v), versionsOf(v)[0]] })],
  [
    'a version naming an unknown parent',
    VERSIONS,
    (v) => ({ ...v, versions: resigned(versionsOf(v).map((x) => ({ ...x, parents: ['e'.repeat(64)] }))) }),
  ],
  [
    'a version naming its parent twice',
    VERSIONS,
    (v) => ({
      ...v,
      versions: resigned(
        versionsOf(v).map((x, i) => (i === 1 ? { ...x, parents: [x.parents[0]!, x.parents[0]!] } : x)),
      ),
    }),
  ],
  [
    'a version naming an unknown document state',
    VERSIONS,
    (v) => ({
      ...v,
      versions: resigned(versionsOf(v).map((x) => ({ ...x, documents: { 'doc-00000001': 'd'.repeat(64) } }))),
    }),
  ],
  [
    'a version naming an unknown project state',
    VERSIONS,
    (v) => ({ ...v, versions: resigned(versionsOf(v).map((x) => ({ ...x, project: 'c'.repeat(64) }))) }),
  ],
  [
    'a version with a path as document id',
    VERSIONS,
    (v) => ({
      ...v,
      versions: resigned(versionsOf(v).map((x) => ({ ...x, documents: { '../../x': x.project } }))),
    }),
  ],
  [
    'a version with a prototype key',
    VERSIONS,
    () => '{"formatVersion":1,"versions":[{"__proto__":{"polluted":true}}]}',
  ],
  [
    'a version with an unknown key',
    VERSIONS,
    (v) => ({ ...v, versions: versionsOf(v).map((x) => ({ ...x, run: 'rm -rf /' })) }),
  ],
  [
    'a version with too many parents',
    VERSIONS,
    (v) => ({
      ...v,
      versions: versionsOf(v).map((x) => ({
        ...x,
        parents: Array.from({ length: 17 }, (_, i) => String(i).padStart(64, '0')),
      })),
    }),
  ],
  [
    'a version with a bad timestamp',
    VERSIONS,
    (v) => ({ ...v, versions: versionsOf(v).map((x) => ({ ...x, at: 'yesterday' })) }),
  ],
  [
    'a version with a huge name',
    VERSIONS,
    (v) => ({ ...v, versions: versionsOf(v).map((x) => ({ ...x, name: 'x'.repeat(5000) })) }),
  ],
  ['versions that are not a list', VERSIONS, (v) => ({ ...v, versions: { a: 1 } })],
  ['objects that are not a list', DOCUMENT_OBJECTS, (v) => ({ ...v, objects: 'many' })],
  [
    'an object that is not a document',
    DOCUMENT_OBJECTS,
    (v) => ({ ...v, objects: [...(v!.objects as unknown[]), { hello: 'world' }] }),
  ],
  [
    'an object from a newer document format',
    DOCUMENT_OBJECTS,
    (v) => ({ ...v, objects: [{ ...(v!.objects as Json[])[0], formatVersion: 99 }] }),
  ],
  [
    'a state of another document filed under this one',
    DOCUMENT_OBJECTS,
    (v) => ({ ...v, objects: [{ ...(v!.objects as Json[])[0], id: 'doc-00000002' }] }),
  ],
  ['a project state that is not a project', PROJECT_OBJECTS, (v) => ({ ...v, objects: [{ title: 'x' }] })],
  [
    'an object with a prototype key deep inside',
    DOCUMENT_OBJECTS,
    () => '{"formatVersion":1,"objects":[{"fields":{"constructor":{"prototype":1}}}]}',
  ],
  [
    'an altered document state (its hash no longer matches)',
    DOCUMENT_OBJECTS,
    (v) => ({ ...v, objects: (v!.objects as Json[]).map((o) => ({ ...o, title: 'Altered' })) }),
  ],
]

/** Versions that descend from themselves cannot be built with real hashes; the reader still refuses them. */
async function cyclicPackage(): Promise<Uint8Array> {
  return spoiled(VERSIONS, (v) => {
    const [a, b] = versionsOf(v)
    return { ...v, versions: [{ ...a!, parents: [b!.id] }, b] }
  })
}

describe('hostile history in packages', () => {
  it.each(hostile)('refuses %s', async (_name, entry, change) => {
    const error = await readPackage(await spoiled(entry, change)).then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error, 'the package was accepted').toBeInstanceOf(PackageError)
    expect((error as PackageError).message).toMatch(/^[A-Z“"'`a-z0-9].{20,}[.)]$/s)
  })

  it('refuses versions that descend from themselves', async () => {
    await expect(readPackage(await cyclicPackage())).rejects.toBeInstanceOf(PackageError)
  })

  it('refuses history files a package never holds', async () => {
    for (const name of [
      'history/objects/sub/doc-00000001.json',
      'history/extra.json',
      'history/objects/x.json',
    ])
      await expect(readPackage(await spoiled(name, () => ({ formatVersion: 1 })))).rejects.toMatchObject({
        code: expect.stringMatching(/unexpected-entry|invalid/),
      })
  })
})
