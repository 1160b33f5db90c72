import { IdSchema } from '../model'
import type { BackupShelf } from './backup-shelf'
import { errnoOf } from './file-system'
import type { FileDamage } from './json-file'
import { parseProjectFile, type ProjectFile } from './library-layout'
import { StoreError } from './library-store'
import type { BackupInfo, DamageReport, StoreErrorCode } from './library-store'

/**
 * Turns what the operating system says into something the user can act on. Only the errno decides the code,
 * because the same condition arrives from different calls (a full disk fails `write`, `link` or `mkdir`).
 */
type ConditionCode = Extract<StoreErrorCode, 'disk-full' | 'permission-denied' | 'busy'>

const CODES: Readonly<Record<string, ConditionCode>> = {
  ENOSPC: 'disk-full',
  EDQUOT: 'disk-full',
  EFBIG: 'disk-full',
  EACCES: 'permission-denied',
  EPERM: 'permission-denied',
  EROFS: 'permission-denied',
  EBUSY: 'busy',
  ETXTBSY: 'busy',
  EAGAIN: 'busy',
  EMFILE: 'busy',
  ENFILE: 'busy',
}

const ADVICE: Readonly<Record<ConditionCode, string>> = {
  'disk-full': 'the disk is full. Free some space on it, then try again.',
  'permission-denied':
    'HECSOs Studio is not allowed to write there (the folder is read-only, on a locked drive, or belongs to another user). Check the folder’s permissions or move the library to a folder you can write to, then try again.',
  busy: 'the file is in use by another program (a backup tool, an antivirus or a sync client, for example). Wait a moment, then try again.',
}

/**
 * Wraps a failed file-system call. `action` completes the sentence "Could not …", e.g. `save “Report” in
 * “Project”`. `intact` says whether the previous version of what was being written is known to be untouched.
 */
export function storeErrorFrom(error: unknown, action: string, intact = true): StoreError {
  if (error instanceof StoreError) return error
  const errno = errnoOf(error)
  const code = errno === undefined ? undefined : CODES[errno]
  const detail = code
    ? ADVICE[code]
    : `the system reported an error (${error instanceof Error ? error.message : String(error)}).`
  const tail = intact ? ' The previous version is unchanged.' : ''
  return new StoreError(code ?? 'io', `Could not ${action}: ${detail}${tail}`)
}

/** The writes that fail this way only for lack of hard-link support, where a copy does the same job. */
export function isLinkUnsupported(error: unknown): boolean {
  const errno = errnoOf(error)
  return (
    errno === 'EPERM' ||
    errno === 'ENOTSUP' ||
    errno === 'EOPNOTSUPP' ||
    errno === 'ENOSYS' ||
    errno === 'EXDEV' ||
    errno === 'EMLINK'
  )
}

export function conflictMessage(subject: string): string {
  return `${subject} changed on disk after you opened it (another program, a sync tool or another copy of HECSOs Studio wrote it). Your change was not saved and nothing was overwritten: reload it to see the other version, then make your change again.`
}

export function checkId(id: string, kind: string): void {
  if (typeof id !== 'string' || !IdSchema.safeParse(id).success)
    throw new StoreError('invalid-input', `This is not a valid ${kind} id.`)
}

export function checkProjectFile(file: string): ProjectFile {
  const target = typeof file === 'string' ? parseProjectFile(file) : undefined
  if (!target)
    throw new StoreError('invalid-input', 'A project file is named project.json or documents/<id>.json.')
  return target
}

/** Runs a builder of the model, which validates its input with zod, and reports a refusal as invalid input. */
export function attempt<T>(build: () => T): T {
  try {
    return build()
  } catch (error) {
    const issue =
      error && typeof error === 'object' && 'issues' in error && Array.isArray(error.issues)
        ? (error.issues[0] as { message?: string })
        : undefined
    throw new StoreError(
      'invalid-input',
      `This is not valid: ${issue?.message ?? (error instanceof Error ? error.message : String(error))}`,
    )
  }
}

/** Runs file-system work and words its failure for the user (StoreErrors pass through unchanged). */
export async function guard<T>(action: string, work: () => Promise<T>, intact = true): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw storeErrorFrom(error, action, intact)
  }
}

/**
 * What the user is told about a file that cannot be opened: what it is, why, and the way back (its latest backup,
 * or, without one, the exchange file or the trash), with the file's full path for whoever helps them.
 */
export async function damageReport(
  file: string,
  fullPath: string,
  damage: FileDamage,
  shelf: BackupShelf,
  subject: string,
): Promise<DamageReport> {
  const backups = await shelf.list().catch((): BackupInfo[] => [])
  const advice =
    backups.length > 0
      ? `Restore its latest backup (from ${backups[0]!.savedAt}; ${backups.length} ${backups.length === 1 ? 'is' : 'are'} kept) to continue; the damaged file is kept as a backup too.`
      : 'No backup of it exists: restore the project from an exchange file, or move it to the trash. Nothing else in the library is affected.'
  return {
    file,
    reason: damage.reason,
    message: `${subject} cannot be opened: ${damage.message}. ${advice} (${fullPath})`,
    backups,
  }
}
