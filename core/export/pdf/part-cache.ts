import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LaidOutPart, PartMeta } from './part-layout'

/**
 * Laid-out parts kept between exports, so a re-export after editing one document lays out that document alone.
 * An entry is two files named by the key: the part's PDF and a JSON of its metadata with the PDF's length and
 * SHA-256. Each is written to a temporary name and renamed, the JSON last, so a reader sees a whole entry or none;
 * an entry that does not read back whole is treated as absent (and laid out again). Past `maxBytes` the entries
 * used longest ago go; a hit marks its entry as used.
 */

export interface PartCache {
  get(key: string): Promise<LaidOutPart | undefined>
  put(key: string, part: LaidOutPart): Promise<void>
  /** Removes the entries used longest ago until the cache fits its size again. */
  trim(): Promise<void>
}

export const DEFAULT_CACHE_BYTES = 200 * 1024 * 1024
const STALE_TEMPORARY_MS = 60 * 60 * 1000

interface Entry {
  meta: PartMeta
  length: number
  sha256: string
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

function isEntry(value: unknown): value is Entry {
  if (value === null || typeof value !== 'object') return false
  const entry = value as Partial<Entry>
  return (
    typeof entry.length === 'number' &&
    typeof entry.sha256 === 'string' &&
    entry.meta !== null &&
    typeof entry.meta === 'object' &&
    Array.isArray(entry.meta.pages) &&
    Array.isArray(entry.meta.outline) &&
    entry.meta.anchors !== null &&
    typeof entry.meta.anchors === 'object'
  )
}

export function createPartCache(folder: string, maxBytes = DEFAULT_CACHE_BYTES): PartCache {
  const pdfOf = (key: string) => join(folder, `${key}.pdf`)
  const jsonOf = (key: string) => join(folder, `${key}.json`)
  const atomically = async (path: string, data: Uint8Array | string) => {
    const temporary = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`
    try {
      await writeFile(temporary, data)
      await rename(temporary, path)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
  }
  return {
    async get(key) {
      try {
        const entry: unknown = JSON.parse(await readFile(jsonOf(key), 'utf8'))
        if (!isEntry(entry)) return undefined
        const bytes = new Uint8Array(await readFile(pdfOf(key)))
        if (bytes.length !== entry.length || sha256(bytes) !== entry.sha256) return undefined
        const now = new Date()
        await utimes(jsonOf(key), now, now)
        return { bytes, meta: entry.meta }
      } catch {
        // Missing, half-written by a process that died, unreadable: laid out again, and put back whole.
        return undefined
      }
    },
    async put(key, part) {
      await mkdir(folder, { recursive: true })
      await atomically(pdfOf(key), part.bytes)
      const entry: Entry = { meta: part.meta, length: part.bytes.length, sha256: sha256(part.bytes) }
      await atomically(jsonOf(key), JSON.stringify(entry))
    },
    async trim() {
      let names: string[]
      try {
        names = await readdir(folder)
      } catch {
        return
      }
      const entries: Array<{ key: string; used: number; size: number }> = []
      for (const file of names) {
        // A temporary file an hour old was left by a process that died while writing it.
        if (file.endsWith('.tmp')) {
          const path = join(folder, file)
          const age = await stat(path).then(
            (stats) => Date.now() - stats.mtimeMs,
            () => 0,
          )
          if (age > STALE_TEMPORARY_MS) await rm(path, { force: true })
          continue
        }
        if (!file.endsWith('.json')) continue
        const key = file.slice(0, -'.json'.length)
        try {
          const [json, pdf] = await Promise.all([stat(jsonOf(key)), stat(pdfOf(key))])
          entries.push({ key, used: json.mtimeMs, size: json.size + pdf.size })
        } catch {
          // A PDF without its JSON, or the reverse, is not an entry; the next put of that key replaces it.
        }
      }
      let total = entries.reduce((sum, entry) => sum + entry.size, 0)
      entries.sort((a, b) => a.used - b.used)
      for (const entry of entries) {
        if (total <= maxBytes) break
        // The JSON first: without it the entry is already gone for readers.
        await rm(jsonOf(entry.key), { force: true })
        await rm(pdfOf(entry.key), { force: true })
        total -= entry.size
      }
    },
  }
}
