import { constants, promises as fsp } from 'node:fs'
import type { BigIntStats } from 'node:fs'

/**
 * The only door between the store and the disk. It is deliberately narrow — one method per system call the
 * store makes — so that a test can wrap it and fail any single step (open, write, fsync, rename, link…) with a
 * real errno, which is how disk-full, read-only and busy conditions are tested (see faulty-file-system.ts).
 */

/** What the store needs to know about a file: enough to name its version (revision.ts) and to size it. */
export interface FileStat {
  ino: bigint
  size: bigint
  mtimeNs: bigint
  isFile: boolean
  isDirectory: boolean
}

export interface StoreFileHandle {
  /** Writes the whole buffer (looping over short writes). */
  writeAll(data: string | Uint8Array): Promise<void>
  readAll(): Promise<Buffer>
  sync(): Promise<void>
  stat(): Promise<FileStat>
  close(): Promise<void>
}

/**
 * `read` never follows a symbolic link (a link planted in a library must not make the app read elsewhere);
 * `truncate` creates or empties; `exclusive` fails with EEXIST when the file exists.
 */
export type OpenMode = 'read' | 'truncate' | 'exclusive'

export interface StoreFileSystem {
  open(path: string, mode: OpenMode): Promise<StoreFileHandle>
  rename(from: string, to: string): Promise<void>
  /** A hard link; fails with EEXIST when `newPath` exists. */
  link(existing: string, newPath: string): Promise<void>
  /** Fails with EEXIST when `to` exists. */
  copyFile(from: string, to: string): Promise<void>
  unlink(path: string): Promise<void>
  /** Creates the folder and its parents; no error when it exists. */
  mkdir(path: string): Promise<void>
  readdir(path: string): Promise<string[]>
  /** Describes the path itself, never the target of a link. */
  lstat(path: string): Promise<FileStat>
  removeTree(path: string): Promise<void>
  /** Makes a folder's entries (a rename, a new file) durable. */
  syncDirectory(path: string): Promise<void>
}

function toFileStat(stats: BigIntStats): FileStat {
  return {
    ino: stats.ino,
    size: stats.size,
    mtimeNs: stats.mtimeNs,
    isFile: stats.isFile(),
    isDirectory: stats.isDirectory(),
  }
}

// O_NOFOLLOW does not exist on Windows; there the check is left to the schema validation of what is read.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)
const OPEN_FLAGS: Record<OpenMode, number | string> = { read: READ_FLAGS, truncate: 'w', exclusive: 'wx' }

async function openNode(path: string, mode: OpenMode): Promise<StoreFileHandle> {
  const handle = await fsp.open(path, OPEN_FLAGS[mode], 0o644)
  return {
    writeAll: (data) => handle.writeFile(data),
    readAll: () => handle.readFile(),
    sync: () => handle.sync(),
    stat: async () => toFileStat(await handle.stat({ bigint: true })),
    close: () => handle.close(),
  }
}

export const nodeFileSystem: StoreFileSystem = {
  open: openNode,
  rename: (from, to) => fsp.rename(from, to),
  link: (existing, newPath) => fsp.link(existing, newPath),
  copyFile: (from, to) => fsp.copyFile(from, to, constants.COPYFILE_EXCL),
  unlink: (path) => fsp.unlink(path),
  mkdir: async (path) => {
    await fsp.mkdir(path, { recursive: true })
  },
  readdir: (path) => fsp.readdir(path),
  lstat: async (path) => toFileStat(await fsp.lstat(path, { bigint: true })),
  removeTree: (path) => fsp.rm(path, { recursive: true, force: true }),
  syncDirectory: async (path) => {
    const handle = await fsp.open(path, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  },
}

/** The errno code of a Node system error (`ENOENT`, `ENOSPC`…), if it is one. */
export function errnoOf(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code
  return undefined
}
