import type { OpenMode, StoreFileHandle, StoreFileSystem } from './file-system'

/**
 * A file system that fails on demand, for tests: every system call the store makes is one named step, and a
 * rule decides per step and path whether it fails and with which errno. This is how disk-full (ENOSPC),
 * read-only (EACCES, EROFS) and busy (EBUSY) are tested, including as root, whom chmod does not stop.
 */
export type FileSystemStep =
  | 'open'
  | 'write'
  | 'read'
  | 'fsync'
  | 'fstat'
  | 'close'
  | 'rename'
  | 'link'
  | 'copy'
  | 'unlink'
  | 'mkdir'
  | 'readdir'
  | 'lstat'
  | 'remove'
  | 'sync-dir'

export interface FileSystemCall {
  step: FileSystemStep
  path: string
  /** For `open`: how the file was opened (a read, or a write that creates the file). */
  mode?: OpenMode
}

/** Returns an errno code such as `ENOSPC` to make the call fail, or undefined to let it through. */
export type FaultRule = (call: FileSystemCall) => string | undefined

export interface FaultyFileSystem extends StoreFileSystem {
  /** Replaces the rule; `undefined` lets everything through. */
  setRule(rule: FaultRule | undefined): void
  /** Every call made so far, in order (failed ones included). */
  readonly calls: FileSystemCall[]
}

/** An error shaped like the ones node:fs throws, so the store cannot tell it from a real one. */
export function errnoError(code: string, step: FileSystemStep, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: injected failure, ${step} '${path}'`)
  error.code = code
  error.syscall = step
  error.path = path
  return error
}

export function faultyFileSystem(base: StoreFileSystem, initialRule?: FaultRule): FaultyFileSystem {
  let rule = initialRule
  const calls: FileSystemCall[] = []

  const check = (call: FileSystemCall): void => {
    calls.push(call)
    const code = rule?.(call)
    if (code) throw errnoError(code, call.step, call.path)
  }
  const step = async <T>(call: FileSystemCall, run: () => Promise<T>): Promise<T> => {
    check(call)
    return run()
  }

  const wrapHandle = (path: string, handle: StoreFileHandle): StoreFileHandle => ({
    writeAll: (data) => step({ step: 'write', path }, () => handle.writeAll(data)),
    readAll: () => step({ step: 'read', path }, () => handle.readAll()),
    sync: () => step({ step: 'fsync', path }, () => handle.sync()),
    stat: () => step({ step: 'fstat', path }, () => handle.stat()),
    close: async () => {
      // The descriptor is closed even when the step "fails", as the kernel does: close errors are reports.
      await handle.close()
      check({ step: 'close', path })
    },
  })

  return {
    calls,
    setRule: (next) => {
      rule = next
    },
    open: (path, mode) =>
      step({ step: 'open', path, mode }, async () => wrapHandle(path, await base.open(path, mode))),
    rename: (from, to) => step({ step: 'rename', path: to }, () => base.rename(from, to)),
    link: (existing, newPath) => step({ step: 'link', path: newPath }, () => base.link(existing, newPath)),
    copyFile: (from, to) => step({ step: 'copy', path: to }, () => base.copyFile(from, to)),
    unlink: (path) => step({ step: 'unlink', path }, () => base.unlink(path)),
    mkdir: (path) => step({ step: 'mkdir', path }, () => base.mkdir(path)),
    readdir: (path) => step({ step: 'readdir', path }, () => base.readdir(path)),
    lstat: (path) => step({ step: 'lstat', path }, () => base.lstat(path)),
    removeTree: (path) => step({ step: 'remove', path }, () => base.removeTree(path)),
    syncDirectory: (path) => step({ step: 'sync-dir', path }, () => base.syncDirectory(path)),
  }
}
