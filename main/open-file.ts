import { readFile, stat } from 'node:fs/promises'
import { basename, extname, isAbsolute, resolve } from 'node:path'
import { app } from 'electron'
import { MAX_PACKAGE_BYTES, type PackageFile } from '../core/api/contract'
import { PACKAGE_EXTENSION } from './dialogs'

/**
 * Packages the system asks the app to open: a double-click in the file manager arrives as `open-file` on
 * macOS, and as a command-line argument on Windows and Linux, in this process's argv when the app was not
 * running and in the `second-instance` event when it was. They wait here until the page takes them, because the
 * first can arrive before there is any window to tell.
 */
export interface OpenedPackages {
  /** The waiting packages, read from disk, each handed out once. */
  take(): Promise<PackageFile[]>
}

export interface WatchOptions {
  /** This process's own command line and working folder. */
  argv: readonly string[]
  cwd: string
  /** A package is waiting: show the window and tell the page. */
  onWaiting(): void
}

/** Must run before the app is ready: macOS delivers the file that launched the app as an early `open-file`. */
export function watchOpenedPackages({ argv, cwd, onWaiting }: WatchOptions): OpenedPackages {
  const waiting: string[] = packagePathsIn(argv, cwd)
  const add = (paths: readonly string[]) => {
    const fresh = paths.filter((path) => !waiting.includes(path))
    if (fresh.length === 0) return
    waiting.push(...fresh)
    onWaiting()
  }
  app.on('open-file', (event, path) => {
    // Without this macOS reports that the app could not open the file.
    event.preventDefault()
    add([path])
  })
  // Electron always passes the command line; the defaults keep a bare event (as lifecycle.test.ts sends) harmless.
  app.on('second-instance', (_event, secondArgv: readonly string[] = [], workingDirectory = cwd) => {
    add(packagePathsIn(secondArgv, workingDirectory))
  })
  return {
    take: async () => Promise.all(waiting.splice(0).map(readPackageFile)),
  }
}

/**
 * The `.hecsos` files named on a command line. Electron and Chromium put their own switches among the
 * arguments (and the dev build has the app's folder there), so only arguments that are files with our
 * extension count.
 */
export function packagePathsIn(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-') && extname(arg).toLowerCase() === `.${PACKAGE_EXTENSION}`)
    .map((arg) => (isAbsolute(arg) ? arg : resolve(cwd, arg)))
}

/**
 * Reads a package the user pointed at. What is inside is checked later by the package reader; here only that it
 * is a file of a size a package can have, so a huge file is never read into memory.
 */
export async function readPackageFile(path: string): Promise<PackageFile> {
  const fileName = basename(path)
  try {
    const info = await stat(path)
    if (!info.isFile()) return { fileName, problem: 'This is a folder, not a HECSOs project file.' }
    if (info.size > MAX_PACKAGE_BYTES) {
      return { fileName, problem: 'This file is far larger than any HECSOs package; it was not opened.' }
    }
    return { fileName, bytes: await readFile(path) }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const problem =
      code === 'ENOENT'
        ? 'The file is no longer there: it may have been moved, renamed or deleted.'
        : code === 'EACCES' || code === 'EPERM'
          ? 'HECSOs Studio is not allowed to read this file.'
          : `The file could not be read (${error instanceof Error ? error.message : String(error)}).`
    return { fileName, problem }
  }
}
