import {
  ASSET_ENTRY_PATTERN,
  DOCUMENT_ENTRY_PATTERN,
  HISTORY_ENTRY_PATTERN,
  MANIFEST_NAME,
  PROJECT_ENTRY_NAME,
} from './manifest'
import { PackageError } from './package-error'

/**
 * Checks one entry name of an untrusted package or folder. The whitelist alone would refuse every trick, but
 * the earlier checks give the person who received the file a more precise reason, and they stay correct even
 * if the whitelist is widened later.
 * `seen` holds the names met so far, case-folded: two names differing only in case would overwrite each other
 * on Windows and macOS when unpacked.
 */
export function checkEntryName(name: string, seen: Set<string>): void {
  const shown = JSON.stringify(name.slice(0, 200))
  const unsafe = (why: string): PackageError =>
    new PackageError('unsafe-name', `The package contains a file named ${shown}, which ${why}.`, name)
  if (name.length === 0 || name.length > 300) throw unsafe('has an impossible length')
  // Control characters (NUL included) can cut a name short in native code or hide part of it on screen.
  if ([...name].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f))
    throw unsafe('contains control characters')
  if (name.includes('\\')) throw unsafe('contains a backslash, a path separator on Windows')
  if (name.startsWith('/')) throw unsafe('is an absolute path')
  if (/^[a-zA-Z]:/.test(name)) throw unsafe('starts with a drive letter')
  if (name.split('/').some((part) => part === '..' || part === '.' || part === ''))
    throw unsafe('could point outside the package folder')
  // Look-alikes of dots and slashes (U+2215, U+FF0E, …) and any other non-ASCII: our names are plain ASCII.
  if (/[^\u0020-\u007e]/.test(name)) throw unsafe('contains characters that our packages never use')

  const folded = name.normalize('NFC').toLowerCase()
  if (seen.has(folded))
    throw new PackageError(
      'duplicate-name',
      `The package contains the file ${shown} more than once (perhaps with different capitals).`,
      name,
    )
  seen.add(folded)

  if (!isAllowedEntryName(name))
    throw new PackageError(
      'unexpected-entry',
      `The package contains ${shown}, which a HECSOs package never holds; it may come from another program or a newer version.`,
      name,
    )
}

export function isAllowedEntryName(name: string): boolean {
  return (
    name === MANIFEST_NAME ||
    name === PROJECT_ENTRY_NAME ||
    DOCUMENT_ENTRY_PATTERN.test(name) ||
    ASSET_ENTRY_PATTERN.test(name) ||
    HISTORY_ENTRY_PATTERN.test(name)
  )
}
