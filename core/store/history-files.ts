import { join } from 'node:path'
import type { AtomicWriter } from './atomic-write'
import { errnoOf, type StoreFileSystem } from './file-system'
import { StoreError } from './library-store'
import { storeErrorFrom } from './store-errors'

/**
 * The raw files of a project's history folder (`history/` in the project folder): what core/history stores,
 * as text. The store only keeps them crash-safe and inside the folder; their meaning and validation belong to
 * core/history, which reads everything here as untrusted. Layout (docs/history-and-merge.md):
 *
 *   history/head.json               the version the project is at
 *   history/versions/<id>.json      one immutable file per version
 *   history/objects/<sha256>.json   one immutable file per document or manifest state, named by its hash
 *   history/conflicts.json          the conflicts a merge left for a person to resolve
 */
export type HistoryFolder = 'versions' | 'objects'

const FILE_NAME = /^(?:head|conflicts)\.json$|^(?:versions|objects)\/[a-z0-9][a-z0-9-]{7,63}\.json$/

export interface HistoryFiles {
  /** The text of a file, or undefined when it does not exist. */
  read(name: string): Promise<string | undefined>
  /** Replaces a file crash-safely (head.json, conflicts.json). */
  write(name: string, text: string): Promise<void>
  /** Writes an immutable file (a version, an object) unless it is already there. */
  writeOnce(name: string, text: string): Promise<void>
  remove(name: string): Promise<void>
  /** The names in `versions/` or `objects/`, without the folder, e.g. `<id>.json`. */
  list(folder: HistoryFolder): Promise<string[]>
  has(name: string): Promise<boolean>
}

export function historyFiles(
  fs: StoreFileSystem,
  writer: AtomicWriter,
  projectDir: string,
  projectTitle: string,
): HistoryFiles {
  const dir = join(projectDir, 'history')
  const pathOf = (name: string): string => {
    if (!FILE_NAME.test(name)) throw new StoreError('invalid-input', `${name} is not a history file.`)
    return join(dir, ...name.split('/'))
  }
  const guard = async <T>(action: string, work: () => Promise<T>, intact = true): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      throw storeErrorFrom(error, `${action} the history of “${projectTitle}”`, intact)
    }
  }
  const exists = async (path: string): Promise<boolean> => {
    try {
      await fs.lstat(path)
      return true
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return false
      throw error
    }
  }
  const files: HistoryFiles = {
    read: (name) =>
      guard(
        'read',
        async () => {
          let handle
          try {
            handle = await fs.open(pathOf(name), 'read')
          } catch (error) {
            if (errnoOf(error) === 'ENOENT') return undefined
            throw error
          }
          try {
            return (await handle.readAll()).toString('utf8')
          } finally {
            await handle.close()
          }
        },
        false,
      ),
    write: (name, text) =>
      guard('save', async () => {
        const path = pathOf(name)
        await fs.mkdir(join(path, '..'))
        await writer.write(path, text)
      }),
    writeOnce: async (name, text) => {
      if (await files.has(name)) return
      await files.write(name, text)
    },
    remove: (name) =>
      guard('change', async () => {
        await fs.unlink(pathOf(name)).catch((error: unknown) => {
          if (errnoOf(error) !== 'ENOENT') throw error
        })
      }),
    list: (folder) =>
      guard(
        'read',
        async () => {
          try {
            return (await fs.readdir(join(dir, folder))).filter((name) => FILE_NAME.test(`${folder}/${name}`))
          } catch (error) {
            if (errnoOf(error) === 'ENOENT') return []
            throw error
          }
        },
        false,
      ),
    has: (name) => guard('read', () => exists(pathOf(name)), false),
  }
  return files
}
