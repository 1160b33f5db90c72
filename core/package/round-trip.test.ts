import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { buildPackage, type PackageContents } from './build-package'
import { entriesOf, packFolder, readFolder, unpackToFolder } from './folder'
import { PACKAGE_FORMAT } from './manifest'
import { readPackage } from './read-package'
import { BUILD_OPTIONS, contentsArb, exampleContents, smallContents } from './test-support'
import { writePackage } from './write-package'

const RUNS = process.env.CI === 'true' ? 1_000 : 100

async function pack(contents: PackageContents): Promise<Uint8Array> {
  return writePackage(buildPackage(contents, BUILD_OPTIONS))
}

const folders: string[] = []
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hecsos-package-'))
  folders.push(dir)
  return dir
}

describe('pack → read → pack', () => {
  it('gives the same bytes for any valid project', async () => {
    await fc.assert(
      fc.asyncProperty(contentsArb, async (contents) => {
        const first = await pack(contents)
        const read = await readPackage(first)
        expect(read.contents.project).toEqual(contents.project)
        expect(read.contents.documents).toEqual(
          [...contents.documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
        )
        const second = await writePackage(entriesOf(read))
        expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('keeps the Example project intact, and the manifest says who made it and when', async () => {
    const contents = await exampleContents()
    const bytes = await pack(contents)
    const read = await readPackage(bytes)
    expect(read.manifest).toMatchObject({
      formatVersion: PACKAGE_FORMAT,
      kind: 'hecsos-package',
      appVersion: '0.1.0',
      projectId: contents.project.id,
      madeBy: { name: 'Eleni Papadaki' },
      madeAt: BUILD_OPTIONS.now,
    })
    expect(read.manifest.entries).toHaveLength(contents.documents.length + 1)
    expect(read.contents.documents).toHaveLength(contents.documents.length)
    expect(Buffer.from(await writePackage(entriesOf(read))).equals(Buffer.from(bytes))).toBe(true)
  })

  it('reads a package from a file path as from bytes', async () => {
    const dir = await tempDir()
    const bytes = await pack(smallContents())
    await writeFile(join(dir, 'p.hecsos'), bytes)
    const read = await readPackage(join(dir, 'p.hecsos'))
    expect(read.contents.project.title).toBe('Community labs')
    await expect(readPackage(join(dir, 'missing.hecsos'))).rejects.toMatchObject({ code: 'unreadable' })
    await expect(readPackage(dir)).rejects.toMatchObject({ code: 'unreadable' })
    await expect(readPackage(join(dir, 'p.hecsos'), { maxPackageBytes: 10 })).rejects.toMatchObject({
      code: 'too-large',
    })
  })

  it('is deterministic whatever order the documents come in', async () => {
    const contents = smallContents()
    const twin = { ...contents.documents[0]!, id: 'doc-00000002', title: 'Second' }
    const a = await pack({ ...contents, documents: [contents.documents[0]!, twin] })
    const b = await pack({ ...contents, documents: [twin, contents.documents[0]!] })
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
  })

  it('carries images named by their checksum', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
    const { createHash } = await import('node:crypto')
    const name = `assets/${createHash('sha256').update(png).digest('hex')}.png`
    const bytes = await writePackage(
      buildPackage({ ...smallContents(), assets: new Map([[name, png]]) }, BUILD_OPTIONS),
    )
    const read = await readPackage(bytes)
    expect([...read.contents.assets.keys()]).toEqual([name])
    expect(Buffer.from(await writePackage(entriesOf(read))).equals(Buffer.from(bytes))).toBe(true)
  })

  it('refuses to build from an invalid project or a document id used twice', () => {
    const contents = smallContents()
    expect(() =>
      buildPackage({ ...contents, project: { ...contents.project, id: '../x' } }, BUILD_OPTIONS),
    ).toThrow(/cannot be packed/)
    expect(() =>
      buildPackage(
        { ...contents, documents: [contents.documents[0]!, contents.documents[0]!] },
        BUILD_OPTIONS,
      ),
    ).toThrow(/appears twice/)
    const polluted = { ...contents.documents[0]!, fields: { body: { prototype: 1 } } }
    expect(() => buildPackage({ ...contents, documents: [polluted] }, BUILD_OPTIONS)).toThrow(/"prototype"/)
  })
})

describe('the folder form', () => {
  it('unpacks to pretty, key-sorted JSON and packs back to the same bytes', async () => {
    const contents = await exampleContents()
    const bytes = await pack(contents)
    const dir = await tempDir()
    await unpackToFolder(await readPackage(bytes), join(dir, 'out'))
    const projectText = await readFile(join(dir, 'out', 'project.json'), 'utf8')
    expect(projectText.startsWith('{\n  "acronym"')).toBe(true)
    expect(projectText.endsWith('}\n')).toBe(true)
    expect(Buffer.from(await packFolder(join(dir, 'out'))).equals(Buffer.from(bytes))).toBe(true)
  })

  it('round-trips any valid project through a folder', async () => {
    await fc.assert(
      fc.asyncProperty(contentsArb, async (contents) => {
        const bytes = await pack(contents)
        const dir = await tempDir()
        await unpackToFolder(await readPackage(bytes), dir)
        expect(Buffer.from(await packFolder(dir)).equals(Buffer.from(bytes))).toBe(true)
        await rm(dir, { recursive: true, force: true })
      }),
      { numRuns: RUNS },
    )
  })

  it('refuses hand edits unless asked to accept them, and then still validates them', async () => {
    const dir = await tempDir()
    await unpackToFolder(await readPackage(await pack(smallContents())), dir)
    const file = join(dir, 'project.json')
    const project = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
    await writeFile(file, JSON.stringify({ ...project, title: 'Edited by hand' }))
    await expect(readFolder(dir)).rejects.toMatchObject({ code: 'checksum-mismatch' })
    const edited = await readFolder(dir, { acceptEdits: true })
    expect(edited.contents.project.title).toBe('Edited by hand')
    const repacked = await readPackage(
      await packFolder(dir, { acceptEdits: true, now: '2026-06-01T00:00:00.000Z' }),
    )
    expect(repacked.manifest.madeAt).toBe('2026-06-01T00:00:00.000Z')
    await writeFile(file, JSON.stringify({ ...project, title: '' }))
    await expect(readFolder(dir, { acceptEdits: true })).rejects.toMatchObject({ code: 'invalid' })
  })

  it('unpacks only into a new or empty folder', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'other.txt'), 'x')
    await expect(unpackToFolder(await readPackage(await pack(smallContents())), dir)).rejects.toMatchObject({
      code: 'invalid-input',
    })
  })
})
