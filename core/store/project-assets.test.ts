import { createHash } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LibraryStore } from './library-store'
import { sniffImageType } from './project-assets'
import { openTestLibrary, snapshot, storeError, type TestLibrary } from './test-support'

/** The smallest valid PNG and JPEG headers are enough: the store types images by their first bytes. */
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2,
])
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1])
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

let library: TestLibrary
let store: LibraryStore
let projectId: string
let assetsDir: string

beforeEach(async () => {
  library = await openTestLibrary()
  store = library.store
  projectId = (await store.createProject({ title: 'Community labs' })).project.id
  assetsDir = join(library.root, 'projects', projectId, 'assets')
})

afterEach(async () => {
  await library.dispose()
})

describe('project images', () => {
  it('stores a PNG once under the hash of its bytes and reads the same bytes back', async () => {
    const first = await store.addAsset(projectId, PNG)
    const again = await store.addAsset(projectId, PNG)
    expect(first).toEqual({ assetId: sha256(PNG), mediaType: 'image/png', byteLength: PNG.byteLength })
    expect(again).toEqual(first)
    expect(await readdir(assetsDir)).toEqual([`${sha256(PNG)}.png`])
    const read = await store.readAsset(projectId, first.assetId)
    expect(read.mediaType).toBe('image/png')
    expect(Buffer.from(read.bytes).equals(Buffer.from(PNG))).toBe(true)
  })

  it('types a JPEG from its bytes and lists every image of the project', async () => {
    await store.addAsset(projectId, PNG)
    const jpeg = await store.addAsset(projectId, JPEG)
    expect(jpeg.mediaType).toBe('image/jpeg')
    expect(await readFile(join(assetsDir, `${jpeg.assetId}.jpg`))).toEqual(Buffer.from(JPEG))
    const listed = await store.listAssets(projectId)
    expect(listed.map((asset) => asset.mediaType).sort()).toEqual(['image/jpeg', 'image/png'])
  })

  it('refuses SVG, text and anything that is not PNG or JPEG, in words, writing nothing', async () => {
    const before = await snapshot(library.root)
    for (const bytes of [SVG, new TextEncoder().encode('not an image'), Uint8Array.from([0x89, 0x50])]) {
      const error = await storeError(store.addAsset(projectId, bytes))
      expect(error.code).toBe('invalid-input')
      expect(error.message).toMatch(/not a PNG or JPEG image/)
    }
    expect(await snapshot(library.root)).toEqual(before)
  })

  it('says an image is damaged when its bytes no longer match its name', async () => {
    const { assetId } = await store.addAsset(projectId, PNG)
    await writeFile(join(assetsDir, `${assetId}.png`), Buffer.concat([Buffer.from(PNG), Buffer.from([1])]))
    const error = await storeError(store.readAsset(projectId, assetId))
    expect(error.code).toBe('damaged')
    expect(error.message).toMatch(/damaged/)
  })

  it('answers not-found for an unknown image and refuses a name that is not a hash', async () => {
    expect((await storeError(store.readAsset(projectId, 'a'.repeat(64)))).code).toBe('not-found')
    expect((await storeError(store.readAsset(projectId, '../../author.json'))).code).toBe('invalid-input')
  })

  it.each(['ENOSPC', 'EACCES', 'EBUSY'])(
    'leaves no image and no temp file behind when the disk fails with %s',
    async (errno) => {
      library.fs.setRule((call) =>
        call.path.includes('assets') && call.step === 'rename' ? errno : undefined,
      )
      const error = await storeError(store.addAsset(projectId, PNG))
      expect(error.message).toMatch(/^Could not add the image to “Community labs”: /)
      expect(await readdir(assetsDir).catch(() => [])).toEqual([])
      library.fs.setRule(undefined)
      expect((await store.addAsset(projectId, PNG)).assetId).toBe(sha256(PNG))
    },
  )

  it('sniffs only real signatures', () => {
    expect(sniffImageType(PNG)).toBe('image/png')
    expect(sniffImageType(JPEG)).toBe('image/jpeg')
    expect(sniffImageType(SVG)).toBeUndefined()
    expect(sniffImageType(new Uint8Array())).toBeUndefined()
  })
})
