import { createHash } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { errnoOf } from './file-system'
import type { FileStat, StoreFileSystem } from './file-system'

/** Who writes: temp-file names carry it so that the leftovers of a crashed process can be recognised. */
export interface WriterIdentity {
  pid: number
  hostname: string
}

/**
 * `.<target name>.<host hash>-<pid>-<n>.tmp`, in the target's own folder (a rename is atomic only within one
 * file system). The host hash keeps two machines sharing a network folder from picking the same name.
 */
const TEMP_NAME = /^\..+\.([0-9a-f]{8})-(\d+)-(\d+)\.tmp$/

// Shared by every writer in this process, so two stores open on one folder still never pick the same name.
let tempCounter = 0

export function hostTagOf(hostname: string): string {
  return createHash('sha256').update(hostname).digest('hex').slice(0, 8)
}

export interface TempOwner {
  hostTag: string
  pid: number
}

/** The writer of a temp file, or undefined when the name is not one of ours. */
export function parseTempName(name: string): TempOwner | undefined {
  const match = TEMP_NAME.exec(name)
  return match ? { hostTag: match[1]!, pid: Number(match[2]) } : undefined
}

export class AtomicWriter {
  readonly hostTag: string

  constructor(
    readonly fs: StoreFileSystem,
    readonly identity: WriterIdentity,
  ) {
    this.hostTag = hostTagOf(identity.hostname)
  }

  tempPathFor(target: string): string {
    tempCounter += 1
    return join(
      dirname(target),
      `.${basename(target)}.${this.hostTag}-${this.identity.pid}-${tempCounter}.tmp`,
    )
  }

  /**
   * Replaces `target` so that a crash at any instant leaves either the old or the new complete file: write a
   * unique temp file, fsync it, close it, (let the caller back up the old version,) rename it over the target,
   * fsync the folder. Returns the new file's stat, taken from the temp file (a rename changes neither its
   * inode nor its mtime). On failure the temp file is removed and the target is untouched.
   */
  async write(
    target: string,
    data: string | Uint8Array,
    beforeReplace?: () => Promise<void>,
  ): Promise<FileStat> {
    const temp = this.tempPathFor(target)
    let stat: FileStat
    try {
      const handle = await this.fs.open(temp, 'truncate')
      try {
        await handle.writeAll(data)
        await handle.sync()
        stat = await handle.stat()
      } catch (error) {
        await handle.close().catch(ignore)
        throw error
      }
      await handle.close()
      await beforeReplace?.()
      await this.fs.rename(temp, target)
    } catch (error) {
      await this.fs.unlink(temp).catch(ignore)
      throw error
    }
    // From here on the new version is in place and visible. Syncing the folder makes the rename survive a power
    // cut; its failure must not report a completed save as failed (the caller would retry against a stale base).
    await this.fs.syncDirectory(dirname(target)).catch(ignore)
    return stat
  }

  /**
   * Deletes the temp files (and staging folders) in `folder` that `isAbandoned` says no live writer will
   * finish. Everything else in the folder is left alone; a folder that does not exist has nothing to clean.
   */
  async removeLeftovers(
    folder: string,
    isAbandoned: (owner: TempOwner, name: string) => boolean,
  ): Promise<void> {
    let names: string[]
    try {
      names = await this.fs.readdir(folder)
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return
      throw error
    }
    for (const name of names) {
      const owner = parseTempName(name)
      // removeTree, not unlink: an abandoned staging folder of a project being created is a temp too.
      if (owner && isAbandoned(owner, name)) await this.fs.removeTree(join(folder, name)).catch(ignore)
    }
  }
}

/** For clean-up steps whose failure changes nothing the user relies on. */
export function ignore(): void {}
