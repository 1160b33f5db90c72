import { ignore } from './atomic-write'
import type { AtomicWriter } from './atomic-write'
import { lockCodec } from './codecs'
import { errnoOf } from './file-system'
import { SafeJsonFile } from './json-file'
import { StoreError } from './library-store'
import type { LockOwner } from './library-store'
import { isLinkUnsupported } from './store-errors'

/**
 * One writer per project, across processes: `<project>/.lock` holds {pid, hostname, since} of the holder.
 *
 * The lock appears complete or not at all: its content is written to a temp file that is then hard-linked to
 * the lock name, and link() fails when the name exists — an atomic "create if absent" with the content
 * already inside. A lock whose holder is a dead process on this machine is stale and is taken over; one
 * from another machine cannot be checked and is respected.
 */

// Locks held by stores of this process, so that one process with two stores still counts as two writers
// (same pid), while a stale lock left by an earlier process that had our pid is recognised as stale.
const heldInThisProcess = new Set<string>()

export interface LockContext {
  writer: AtomicWriter
  /** This process as a lock holder, with `since` set to now. */
  owner: () => LockOwner
}

export type LockAttempt = { acquired: true; owner: LockOwner } | { acquired: false; owner: LockOwner }

interface LockFound {
  /** Undefined when the file is damaged (a crash of the fallback writer, or garbage): treated as stale. */
  owner: LockOwner | undefined
  revision: string | undefined
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — alive all the same.
    return errnoOf(error) !== 'ESRCH'
  }
}

function isLive(context: LockContext, owner: LockOwner, path: string): boolean {
  const self = context.writer.identity
  if (owner.hostname !== self.hostname) return true
  if (owner.pid === self.pid) return heldInThisProcess.has(path)
  return isProcessAlive(owner.pid)
}

async function readLock(context: LockContext, path: string): Promise<LockFound | undefined> {
  const file = new SafeJsonFile(path, lockCodec, context.writer)
  try {
    const owner = await file.read()
    return owner ? { owner, revision: file.revision } : undefined
  } catch (error) {
    if (error instanceof StoreError) throw error
    return { owner: undefined, revision: file.revision }
  }
}

/** Writes a lock file where no one else can be competing for it (a project being created in staging). */
export async function writeLockFile(context: LockContext, path: string, owner: LockOwner): Promise<void> {
  const handle = await context.writer.fs.open(path, 'exclusive')
  try {
    await handle.writeAll(JSON.stringify(owner))
  } finally {
    await handle.close()
  }
}

/** Creates the lock if absent; returns false when a lock file already exists. */
async function tryCreate(context: LockContext, path: string, owner: LockOwner): Promise<boolean> {
  const { fs } = context.writer
  const temp = context.writer.tempPathFor(path)
  try {
    await writeLockFile(context, temp, owner)
    await fs.link(temp, path)
    return true
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false
    if (!isLinkUnsupported(error)) throw error
  } finally {
    await fs.unlink(temp).catch(ignore)
  }
  // Without hard links, an exclusive create: a reader may briefly see it empty, which counts as stale.
  try {
    await writeLockFile(context, path, owner)
    return true
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false
    throw error
  }
}

/** Whether the holder of an eviction guard is still running (unlike locks, a guard is never held for long). */
function isGuardLive(context: LockContext, owner: LockOwner): boolean {
  return owner.hostname !== context.writer.identity.hostname || isProcessAlive(owner.pid)
}

/**
 * Deletes a stale lock — and only that one. Two processes may judge the same lock stale at once; if both
 * simply deleted "the lock", the slower one could delete the fresh lock the faster one had just created, and
 * both would write. So deleting takes a guard (`.lock.takeover`, created exclusively like the lock itself),
 * and the guard holder deletes the lock only if it is still the very file judged stale (same revision). While
 * the guard is held the lock cannot change: a new lock can only be created once the old one is gone.
 * Returns false when another process holds the guard (the caller waits and looks again).
 */
async function evict(context: LockContext, path: string, stale: LockFound): Promise<boolean> {
  const { fs } = context.writer
  const guardPath = `${path}.takeover`
  if (!(await tryCreate(context, guardPath, context.owner()))) {
    const guard = await readLock(context, guardPath)
    // A guard left by a process that died while evicting would block everyone forever.
    if (guard && !(guard.owner && isGuardLive(context, guard.owner))) await fs.unlink(guardPath).catch(ignore)
    return false
  }
  try {
    const current = await readLock(context, path)
    if (current && current.revision === stale.revision) await fs.unlink(path)
  } finally {
    await fs.unlink(guardPath).catch(ignore)
  }
  return true
}

// Contention lasts as long as one eviction (a read and an unlink): a few short waits are plenty.
const ATTEMPTS = 40
const pause = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, 2 + (attempt % 8) * 3))

export async function acquireLock(context: LockContext, path: string): Promise<LockAttempt> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const owner = context.owner()
    if (await tryCreate(context, path, owner)) {
      heldInThisProcess.add(path)
      return { acquired: true, owner }
    }
    const found = await readLock(context, path)
    if (!found) continue
    if (found.owner && isLive(context, found.owner, path)) return { acquired: false, owner: found.owner }
    if (!(await evict(context, path, found))) await pause(attempt)
  }
  throw new StoreError(
    'busy',
    `Could not take the lock ${path}: other programs keep changing it. Close other instances of HECSOs Studio, then try again.`,
  )
}

/** The live holder of the lock, if it is not this store (which knows its own locks). */
export async function lockHolder(context: LockContext, path: string): Promise<LockOwner | undefined> {
  const found = await readLock(context, path)
  return found?.owner && isLive(context, found.owner, path) ? found.owner : undefined
}

/** Removes the lock if it is still ours (a user may have deleted it and another instance taken it since). */
export async function releaseLock(context: LockContext, path: string, owner: LockOwner): Promise<void> {
  heldInThisProcess.delete(path)
  const found = await readLock(context, path).catch(() => undefined)
  const current = found?.owner
  if (
    current &&
    current.pid === owner.pid &&
    current.hostname === owner.hostname &&
    current.since === owner.since
  ) {
    await context.writer.fs.unlink(path).catch(ignore)
  }
}

/** For a lock that moved with its folder (into the trash, or out of staging). */
export function forgetLock(path: string): void {
  heldInThisProcess.delete(path)
}

export function rememberLock(path: string): void {
  heldInThisProcess.add(path)
}
