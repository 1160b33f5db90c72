import { join } from 'node:path'
import { ignore } from './atomic-write'
import type { AtomicWriter } from './atomic-write'
import { errnoOf } from './file-system'
import type { FileStat } from './file-system'
import type { BackupInfo } from './library-store'
import { isLinkUnsupported } from './store-errors'

/**
 * The previous versions of one file, in a folder of their own: `<seq>-<replaced at>.json`, e.g.
 * `000042-20250301T101500123Z.json`. The sequence number orders them even when the clock jumps back; the
 * time says when that version was replaced. Backing up is a hard link to the old file, taken just before the
 * new one is renamed over it: no bytes are copied, and the old inode simply lives on under the backup name.
 */
const BACKUP_NAME = /^(\d{6,15})-(\d{8}T\d{9}Z)\.json$/
const BACKUP_ID = /^\d{6,15}-\d{8}T\d{9}Z$/

interface BackupEntry {
  id: string
  seq: number
  savedAt: string
}

export function isBackupId(id: string): boolean {
  return BACKUP_ID.test(id)
}

function parseBackupName(name: string): BackupEntry | undefined {
  const match = BACKUP_NAME.exec(name)
  if (!match) return undefined
  const stamp = match[2]!
  const savedAt = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15, 18)}Z`
  return { id: name.slice(0, -'.json'.length), seq: Number(match[1]), savedAt }
}

function backupIdFor(seq: number, savedAt: string): string {
  return `${String(seq).padStart(6, '0')}-${savedAt.replace(/[-:.]/g, '')}`
}

export interface ShelfContext {
  writer: AtomicWriter
  /** The injected clock. */
  now: () => string
  limit: number
}

export class BackupShelf {
  // Loaded once, on the first backup, then kept in memory: a save must not list a folder.
  #entries: BackupEntry[] | undefined
  // A save that failed after backing up is retried: the same old version must not be shelved twice.
  #lastKeptIno: bigint | undefined

  constructor(
    private readonly context: ShelfContext,
    readonly folder: string,
  ) {}

  pathOf(id: string): string {
    return join(this.folder, `${id}.json`)
  }

  /** Newest first. Always read from disk, since another process may have written while this one watched. */
  async list(): Promise<BackupInfo[]> {
    const entries = await this.#readFolder()
    this.#entries = entries
    const infos: BackupInfo[] = []
    for (const entry of [...entries].reverse()) {
      try {
        const stat = await this.context.writer.fs.lstat(this.pathOf(entry.id))
        infos.push({ id: entry.id, savedAt: entry.savedAt, sizeBytes: Number(stat.size) })
      } catch (error) {
        if (errnoOf(error) !== 'ENOENT') throw error
      }
    }
    return infos
  }

  /**
   * Shelves the version of `source` described by `seen` (as last read or checked), if it still exists. The
   * oldest versions go first, so that a crash at any point never leaves more than the limit on the shelf.
   */
  async keep(source: string, seen: FileStat): Promise<void> {
    const { fs } = this.context.writer
    if (!this.#entries) {
      this.#entries = await this.#readFolder()
      const newest = this.#entries.at(-1)
      // A process that crashed between shelving and renaming left this very version on the shelf already.
      if (newest)
        this.#lastKeptIno = await fs.lstat(this.pathOf(newest.id)).then(
          (stat) => stat.ino,
          () => undefined,
        )
      else await fs.mkdir(this.folder)
    }
    if (seen.ino === this.#lastKeptIno) return
    await this.#pruneTo(this.context.limit - 1)
    const savedAt = new Date(this.context.now()).toISOString()
    for (let attempt = 0; ; attempt += 1) {
      const seq = (this.#entries.at(-1)?.seq ?? 0) + 1
      const entry: BackupEntry = { id: backupIdFor(seq, savedAt), seq, savedAt }
      try {
        if (!(await this.#shelve(source, this.pathOf(entry.id)))) return
      } catch (error) {
        // Another store wrote a backup since this one listed the folder: list again and take the next number.
        if (errnoOf(error) === 'EEXIST' && attempt === 0) {
          this.#entries = await this.#readFolder()
          continue
        }
        throw error
      }
      this.#entries.push(entry)
      this.#lastKeptIno = seen.ino
      return
    }
  }

  /** Drops the oldest versions down to `count`. Best effort: what fails now is retried on the next backup. */
  async #pruneTo(count: number): Promise<void> {
    const entries = this.#entries
    while (entries && entries.length > count) {
      try {
        await this.context.writer.fs.unlink(this.pathOf(entries[0]!.id))
      } catch (error) {
        if (errnoOf(error) !== 'ENOENT') return
      }
      entries.shift()
    }
  }

  /** Returns false when there was nothing to back up (the source is gone). */
  async #shelve(source: string, destination: string): Promise<boolean> {
    try {
      await this.context.writer.fs.link(source, destination)
      return true
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return false
      if (isLinkUnsupported(error)) return this.#copy(source, destination)
      throw error
    }
  }

  /** For file systems without hard links (FAT, some network shares): copy, then rename so no torn backup. */
  async #copy(source: string, destination: string): Promise<boolean> {
    const { fs } = this.context.writer
    const temp = this.context.writer.tempPathFor(destination)
    try {
      await fs.copyFile(source, temp)
      await fs.rename(temp, destination)
      return true
    } catch (error) {
      await fs.unlink(temp).catch(ignore)
      if (errnoOf(error) === 'ENOENT') return false
      throw error
    }
  }

  async #readFolder(): Promise<BackupEntry[]> {
    let names: string[]
    try {
      names = await this.context.writer.fs.readdir(this.folder)
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return []
      throw error
    }
    return names
      .map(parseBackupName)
      .filter((entry): entry is BackupEntry => entry !== undefined)
      .sort((a, b) => a.seq - b.seq)
  }
}
