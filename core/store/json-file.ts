import { Low } from 'lowdb'
import type { Adapter } from 'lowdb'
import { FormatTooNewError, parseUntrustedJson, UnsafeJsonError } from '../model'
import type { AtomicWriter } from './atomic-write'
import type { BackupShelf } from './backup-shelf'
import type { Codec } from './codecs'
import { errnoOf } from './file-system'
import type { FileStat, StoreFileHandle } from './file-system'
import type { DamageReport, Revision } from './library-store'
import { storeErrorFrom } from './store-errors'

/** Why a file could not be read, before the store words it for the user (it knows the project and backups). */
export class FileDamage extends Error {
  constructor(
    readonly reason: DamageReport['reason'],
    message: string,
  ) {
    super(message)
    this.name = 'FileDamage'
  }
}

/**
 * The revision of a file is its inode, size and modification time in nanoseconds. Every save renames a new
 * inode into place, and the old one is still alive at that moment, so a save always changes the revision;
 * an edit made in place by another program changes the mtime (and usually the size). No read is needed.
 */
export function revisionOf(stat: FileStat): Revision {
  return `${stat.ino.toString(36)}.${stat.size.toString(36)}.${stat.mtimeNs.toString(36)}`
}

// Errors that say "not now" rather than "this file is bad": reported as such, never recorded as damage.
const TRANSIENT = new Set(['EMFILE', 'ENFILE', 'EBUSY', 'EAGAIN', 'ENOMEM'])

/**
 * lowdb's adapter for one JSON file of the library. Reading decodes untrusted bytes (no prototype keys),
 * migrates and validates them, and reports every kind of damage as a FileDamage. Writing goes through the
 * crash-safe AtomicWriter, shelving the replaced version first. The adapter remembers the stat of the version
 * it last read or wrote: that is the revision a caller must present to overwrite it.
 */
export class SafeJsonFile<T> implements Adapter<T | null> {
  #seen: FileStat | undefined
  /** The version whose content was last read or written; `peek` moves `#seen` on without reading. */
  #held: FileStat | undefined
  /** The text of the last write; `readBack` gives the value a read of it would. */
  #written: string | undefined

  constructor(
    readonly path: string,
    readonly codec: Codec<T>,
    private readonly writer: AtomicWriter,
    readonly backups?: BackupShelf,
  ) {}

  /** The revision last read or written; undefined when the file was missing. */
  get revision(): Revision | undefined {
    return this.#seen && revisionOf(this.#seen)
  }

  /** Returns null when the file does not exist; throws FileDamage when it cannot be used. */
  async read(): Promise<T | null> {
    this.#seen = undefined
    this.#held = undefined
    let handle: StoreFileHandle
    try {
      handle = await this.writer.fs.open(this.path, 'read')
    } catch (error) {
      const errno = errnoOf(error)
      if (errno === 'ENOENT') return null
      if (errno === 'ELOOP')
        throw new FileDamage('unreadable', 'it is a symbolic link, which HECSOs Studio does not follow')
      throw this.#readFailure(error)
    }
    let bytes: Buffer
    try {
      const stat = await handle.stat()
      this.#seen = stat
      if (!stat.isFile) throw new FileDamage('unreadable', 'it is not a regular file')
      if (stat.size > BigInt(this.codec.maxBytes)) {
        throw new FileDamage(
          'invalid',
          `it is ${stat.size} bytes long, more than a ${this.codec.kind} file can be`,
        )
      }
      bytes = await handle.readAll()
    } catch (error) {
      throw error instanceof FileDamage ? error : this.#readFailure(error)
    } finally {
      await handle.close().catch(() => undefined)
    }
    const value = this.#decode(bytes)
    this.#held = this.#seen
    return value
  }

  async write(data: T | null): Promise<void> {
    // Low writes only when it holds data; a null here would be a bug in the store, not a state of the disk.
    if (data === null) throw new TypeError(`Nothing to write to ${this.path}`)
    const text = JSON.stringify(data)
    const previous = this.#seen
    const shelf = this.backups
    const backUp = shelf && previous ? () => shelf.keep(this.path, previous) : undefined
    this.#seen = await this.writer.write(this.path, text, backUp)
    this.#held = this.#seen
    this.#written = text
  }

  /**
   * The last write as reading the file back gives it (JSON has no -0 and no undefined). Asked once, right after the
   * write: the text is let go then, so a long document is not kept twice in memory.
   */
  readBack(): T {
    if (this.#written === undefined) throw new Error(`Nothing was written to ${this.path}`)
    const value = JSON.parse(this.#written) as T
    this.#written = undefined
    return value
  }

  /**
   * Looks at the file as it is on disk now and returns its revision (undefined when missing). What it sees
   * becomes the version that the next write shelves as a backup.
   */
  async peek(): Promise<Revision | undefined> {
    try {
      this.#seen = await this.writer.fs.lstat(this.path)
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw error
      this.#seen = undefined
    }
    return this.revision
  }

  /** Whether the file on disk is still the version whose content was last read or written. */
  async isUnchanged(): Promise<boolean> {
    const held = this.#held
    if (!held) return false
    // A file that cannot be looked at now is read, and the read says why.
    const now = await this.writer.fs.lstat(this.path).catch(() => undefined)
    if (!now?.isFile || revisionOf(now) !== revisionOf(held)) return false
    this.#seen = now
    return true
  }

  #readFailure(error: unknown): Error {
    const errno = errnoOf(error)
    if (errno && TRANSIENT.has(errno)) return storeErrorFrom(error, `read ${this.path}`, false)
    return new FileDamage(
      'unreadable',
      `it cannot be read (${errno ?? (error instanceof Error ? error.message : 'unknown error')})`,
    )
  }

  #decode(bytes: Buffer): T {
    // A byte-order mark is what some Windows editors put first; it is not damage.
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
    if (text.trim() === '') throw new FileDamage('empty', 'it is empty')
    let raw: unknown
    try {
      raw = parseUntrustedJson(text)
    } catch (error) {
      if (error instanceof UnsafeJsonError)
        throw new FileDamage('corrupt', `it contains the key "${error.path}", which HECSOs files never use`)
      throw new FileDamage('corrupt', 'it is not valid JSON (it may have been cut short)')
    }
    try {
      return this.codec.decode(raw)
    } catch (error) {
      if (error instanceof FormatTooNewError) throw new FileDamage('too-new', error.message)
      throw new FileDamage(
        'invalid',
        `it does not match the ${this.codec.kind} format (${describeInvalid(error)})`,
      )
    }
  }
}

function describeInvalid(error: unknown): string {
  if (
    error &&
    typeof error === 'object' &&
    'issues' in error &&
    Array.isArray(error.issues) &&
    error.issues.length > 0
  ) {
    const issue = error.issues[0] as { path?: unknown[]; message?: string }
    const where = issue.path && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
    return `${where}${issue.message ?? 'invalid value'}`
  }
  return error instanceof Error ? error.message : String(error)
}

/**
 * One file held in memory through lowdb: `value` is what was last read or written, `damage` says why there is
 * no value. `replace` validates, writes crash-safely, and only then changes what memory holds.
 */
export class JsonRecord<T> {
  readonly db: Low<T | null>
  damage: FileDamage | undefined

  private constructor(readonly file: SafeJsonFile<T>) {
    this.db = new Low<T | null>(file, null)
  }

  static async load<T>(file: SafeJsonFile<T>): Promise<JsonRecord<T>> {
    const record = new JsonRecord(file)
    await record.reload()
    return record
  }

  /** A record for a file about to be created. */
  static blank<T>(file: SafeJsonFile<T>): JsonRecord<T> {
    return new JsonRecord(file)
  }

  get value(): T | null {
    return this.db.data
  }

  get revision(): Revision | undefined {
    return this.file.revision
  }

  /**
   * Reads the file again unless it is the version memory holds: the same inode, size and modification time are
   * the same revision (see revisionOf), which is what every save checks its base against. Opening a 50,000-word
   * document again then costs a stat instead of ≈ 20 ms of parsing and validating.
   */
  async reload(): Promise<void> {
    if (this.db.data !== null && (await this.file.isUnchanged())) return
    // Low keeps its previous data when the adapter returns null: clear it so a vanished file reads as missing.
    const previous = this.db.data
    this.db.data = null
    try {
      await this.db.read()
      this.damage = undefined
    } catch (error) {
      if (!(error instanceof FileDamage)) {
        // "Try again later" (too many open files…) says nothing about the file: keep what memory knew.
        this.db.data = previous
        throw error
      }
      this.damage = error
    }
  }

  /** Validates `candidate`, writes it, and returns the stored (normalised) value. */
  async replace(candidate: unknown): Promise<T> {
    const valid = this.file.codec.validate(candidate)
    const previous = this.db.data
    this.db.data = valid
    try {
      await this.db.write()
    } catch (error) {
      this.db.data = previous
      throw error
    }
    // Held as the file reads back: memory is served again without reading for as long as the file is unchanged,
    // so it must hold exactly what a read would give.
    this.db.data = this.file.readBack()
    this.damage = undefined
    return this.db.data
  }
}
