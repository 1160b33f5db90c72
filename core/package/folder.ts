import { constants, promises as fsp } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { buildPackage, type PackageEntry } from './build-package'
import { checkEntryName } from './entry-names'
import { resolveLimits, type PackageLimits } from './limits'
import { PackageError } from './package-error'
import { verifyEntries, type VerifiedPackage } from './verify-entries'
import { writePackage } from './write-package'

/** The only folders an unpacked package has; anything else found in one is refused, not skipped. */
const SUBFOLDERS = ['documents', 'assets'] as const
const HISTORY_FOLDER = 'history'

/**
 * Writes a verified package as a plain folder of pretty-printed JSON with sorted keys (the same bytes as in
 * the package), so that it reads and diffs well in git. The folder must be new or empty: unpacking over other
 * files would mix two projects. Every file is created exclusively and never through a link.
 */
export async function unpackToFolder(pkg: VerifiedPackage, dir: string): Promise<void> {
  const root = resolve(dir)
  await fsp.mkdir(root, { recursive: true })
  const rootStat = await fsp.lstat(root)
  if (!rootStat.isDirectory())
    throw new PackageError(
      'invalid-input',
      `${dir} is not a folder, so a package cannot be unpacked into it.`,
    )
  if ((await fsp.readdir(root)).length > 0)
    throw new PackageError(
      'invalid-input',
      `The folder ${dir} is not empty; unpack into a new or empty folder.`,
    )

  for (const entry of entriesOf(pkg)) {
    const target = resolve(root, ...entry.name.split('/'))
    // The names were checked against the whitelist already; this is the last line, should that ever change.
    if (!target.startsWith(root + sep))
      throw new PackageError('unsafe-name', `${entry.name} would be written outside the folder.`, entry.name)
    const parent = resolve(target, '..')
    if (parent !== root) {
      await fsp.mkdir(parent, { recursive: true })
      if (!(await fsp.lstat(parent)).isDirectory())
        throw new PackageError('invalid-input', `${relative(root, parent)} in ${dir} is not a plain folder.`)
    }
    // 'wx' fails on anything already there, a link included, so nothing is ever written through a link.
    await fsp.writeFile(target, entry.data, { flag: 'wx' })
  }
}

export interface ReadFolderOptions {
  limits?: Partial<PackageLimits>
  /**
   * Accept files edited by hand since unpacking: checksums and the list in manifest.json are then not
   * compared (everything else is still checked). Without it, an edited folder is refused as altered.
   */
  acceptEdits?: boolean
}

/** Reads an unpacked folder back, with exactly the checks a package gets. Never writes. */
export async function readFolder(dir: string, options: ReadFolderOptions = {}): Promise<VerifiedPackage> {
  const limits = resolveLimits(options.limits)
  const entries = await readFolderEntries(resolve(dir), limits)
  return verifyEntries(entries, limits, { checkManifestEntries: !options.acceptEdits })
}

export interface PackFolderOptions extends ReadFolderOptions {
  /** Overrides of the folder's manifest, e.g. a new time and author when packing after edits. */
  now?: string
  appVersion?: string
  author?: string
}

/** Packs an unpacked folder (see unpackToFolder) into package bytes, after reading it as readFolder does. */
export async function packFolder(dir: string, options: PackFolderOptions = {}): Promise<Uint8Array> {
  const pkg = await readFolder(dir, options)
  return writePackage(
    buildPackage(pkg.contents, {
      now: options.now ?? pkg.manifest.madeAt,
      appVersion: options.appVersion ?? pkg.manifest.appVersion,
      author: options.author ?? pkg.manifest.madeBy.name,
    }),
  )
}

/** The entries of a verified package, with the bytes it was made from (manifest metadata kept). */
export function entriesOf(pkg: VerifiedPackage): PackageEntry[] {
  return buildPackage(pkg.contents, {
    now: pkg.manifest.madeAt,
    appVersion: pkg.manifest.appVersion,
    author: pkg.manifest.madeBy.name,
  })
}

async function readFolderEntries(root: string, limits: PackageLimits): Promise<PackageEntry[]> {
  const rootStat = await fsp.lstat(root).catch(() => undefined)
  if (!rootStat?.isDirectory())
    throw new PackageError('invalid-input', `${root} is not a folder (links to folders are not followed).`)
  const names: string[] = []
  for (const dirent of await fsp.readdir(root, { withFileTypes: true })) {
    // history/ holds two files and the objects/ folder; nothing deeper is ever read.
    if (dirent.isDirectory() && dirent.name === HISTORY_FOLDER) {
      for (const inner of await fsp.readdir(join(root, HISTORY_FOLDER), { withFileTypes: true })) {
        const folder = `${HISTORY_FOLDER}/${inner.name}`
        const files =
          inner.isDirectory() && inner.name === 'objects'
            ? (await fsp.readdir(join(root, folder), { withFileTypes: true })).map((file) => ({
                dirent: file,
                name: `${folder}/${file.name}`,
              }))
            : [{ dirent: inner, name: folder }]
        for (const file of files) {
          refuseNonFile(file.dirent, file.name)
          names.push(file.name)
          if (names.length > limits.maxEntries) throw tooManyFiles(limits)
        }
      }
      continue
    }
    if (dirent.isDirectory() && (SUBFOLDERS as readonly string[]).includes(dirent.name)) {
      for (const inner of await fsp.readdir(join(root, dirent.name), { withFileTypes: true })) {
        refuseNonFile(inner, `${dirent.name}/${inner.name}`)
        names.push(`${dirent.name}/${inner.name}`)
        if (names.length > limits.maxEntries) throw tooManyFiles(limits)
      }
      continue
    }
    refuseNonFile(dirent, dirent.name)
    names.push(dirent.name)
    if (names.length > limits.maxEntries) throw tooManyFiles(limits)
  }
  names.sort()
  const seen = new Set<string>()
  for (const name of names) checkEntryName(name, seen)

  const entries: PackageEntry[] = []
  let total = 0
  for (const name of names) {
    const data = await readPlainFile(join(root, ...name.split('/')), name, limits)
    total += data.byteLength
    if (total > limits.maxTotalBytes)
      throw new PackageError('zip-bomb', 'The folder holds more data than any HECSOs project.')
    entries.push({ name, data })
  }
  return entries
}

function refuseNonFile(dirent: { isFile(): boolean; isSymbolicLink(): boolean }, name: string): void {
  if (dirent.isSymbolicLink())
    throw new PackageError(
      'symlink',
      `The folder contains ${name} as a link; links are never followed.`,
      name,
    )
  if (!dirent.isFile())
    throw new PackageError(
      'unexpected-entry',
      `The folder contains ${name}, which an unpacked package never holds.`,
      name,
    )
}

function tooManyFiles(limits: PackageLimits): PackageError {
  return new PackageError(
    'too-many-entries',
    `The folder holds more than ${limits.maxEntries} files, the most a package may.`,
  )
}

async function readPlainFile(path: string, name: string, limits: PackageLimits): Promise<Uint8Array> {
  // O_NOFOLLOW closes the gap between listing and opening, in which a file could be swapped for a link.
  const handle = await fsp
    .open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
    .catch((error: unknown) => {
      throw new PackageError('symlink', `${name} in the folder cannot be opened as a plain file.`, name, {
        cause: error,
      })
    })
  try {
    const stat = await handle.stat()
    if (!stat.isFile())
      throw new PackageError('unexpected-entry', `${name} in the folder is not a plain file.`, name)
    if (stat.size > (name.endsWith('.json') ? limits.maxJsonBytes : limits.maxEntryBytes))
      throw new PackageError('zip-bomb', `${name} in the folder is too large to be part of a project.`, name)
    return new Uint8Array(await handle.readFile())
  } finally {
    await handle.close()
  }
}
