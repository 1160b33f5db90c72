import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { AtomicWriter } from './atomic-write'
import { errnoOf, type StoreFileSystem } from './file-system'
import { StoreError } from './library-store'

/**
 * A project's images (figures, logos), one file each in `assets/`, named by the SHA-256 of the bytes: the same
 * picture inserted twice is stored once, a package can carry it under the same name, and two partners' copies
 * of a project merge assets by name alone. Documents refer to an asset by that hash, never embed it.
 */

export type AssetMediaType = 'image/png' | 'image/jpeg'

export interface AssetInfo {
  assetId: string
  mediaType: AssetMediaType
  byteLength: number
}

export interface AssetContent extends AssetInfo {
  bytes: Uint8Array
}

const EXTENSIONS: Record<AssetMediaType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg' }
const ASSET_FILE = /^([0-9a-f]{64})\.(png|jpg)$/
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** The image type, read from the first bytes (a file name or a declared type can lie). */
export function sniffImageType(bytes: Uint8Array): AssetMediaType | undefined {
  if (PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) return 'image/png'
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  return undefined
}

export function assetIdOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export function assetFileName(assetId: string, mediaType: AssetMediaType): string {
  return `${assetId}.${EXTENSIONS[mediaType]}`
}

/** The asset named by a file of `assets/`, or undefined for anything else (temp files, strays). */
export function parseAssetFileName(name: string): { assetId: string; mediaType: AssetMediaType } | undefined {
  const match = ASSET_FILE.exec(name)
  if (!match) return undefined
  return { assetId: match[1]!, mediaType: match[2] === 'png' ? 'image/png' : 'image/jpeg' }
}

export class ProjectAssets {
  constructor(
    private readonly fs: StoreFileSystem,
    private readonly writer: AtomicWriter,
    private readonly dir: string,
  ) {}

  /** Stores the image unless an identical one is already there. The caller holds the project's lock. */
  async add(bytes: Uint8Array): Promise<AssetInfo> {
    const mediaType = sniffImageType(bytes)
    if (!mediaType)
      throw new StoreError(
        'invalid-input',
        'This file is not a PNG or JPEG image, so it was not added. Save it as PNG or JPEG and try again.',
      )
    const assetId = assetIdOf(bytes)
    const target = join(this.dir, assetFileName(assetId, mediaType))
    if (!(await this.#exists(target))) {
      await this.fs.mkdir(this.dir)
      await this.writer.write(target, bytes)
    }
    return { assetId, mediaType, byteLength: bytes.byteLength }
  }

  async read(assetId: string): Promise<AssetContent> {
    for (const mediaType of Object.keys(EXTENSIONS) as AssetMediaType[]) {
      const file = join(this.dir, assetFileName(assetId, mediaType))
      let bytes: Buffer
      try {
        const handle = await this.fs.open(file, 'read')
        try {
          bytes = await handle.readAll()
        } finally {
          await handle.close()
        }
      } catch (error) {
        if (errnoOf(error) === 'ENOENT') continue
        throw error
      }
      // A file whose bytes no longer match its name was changed or damaged outside the app.
      if (assetIdOf(bytes) !== assetId)
        throw new StoreError(
          'damaged',
          `The image ${assetFileName(assetId, mediaType)} in this project is damaged (its content changed outside HECSOs Studio).`,
        )
      return { assetId, mediaType, byteLength: bytes.byteLength, bytes: new Uint8Array(bytes) }
    }
    throw new StoreError(
      'not-found',
      'This image is not among the project’s files (it may have been removed).',
    )
  }

  async list(): Promise<AssetInfo[]> {
    let names: string[]
    try {
      names = await this.fs.readdir(this.dir)
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return []
      throw error
    }
    const assets: AssetInfo[] = []
    for (const name of names.sort()) {
      const parsed = parseAssetFileName(name)
      if (!parsed) continue
      const stat = await this.fs.lstat(join(this.dir, name))
      assets.push({ ...parsed, byteLength: Number(stat.size) })
    }
    return assets
  }

  async #exists(path: string): Promise<boolean> {
    try {
      await this.fs.lstat(path)
      return true
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return false
      throw error
    }
  }
}
