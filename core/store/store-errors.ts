import { errnoOf } from './file-system'
import { StoreError } from './library-store'
import type { StoreErrorCode } from './library-store'

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
