/**
 * Every way a package can be refused. The code lets the UI and the CLI act on the kind of failure; the message
 * is a sentence for the person who received the file, who usually cannot fix it and needs to know whom to ask.
 */
export type PackageErrorCode =
  | 'unreadable'
  | 'too-large'
  | 'too-many-entries'
  | 'not-a-zip'
  | 'unsafe-name'
  | 'duplicate-name'
  | 'unexpected-entry'
  | 'symlink'
  | 'encrypted'
  | 'unsupported-compression'
  | 'nested-archive'
  | 'zip-bomb'
  | 'size-mismatch'
  | 'checksum-mismatch'
  | 'missing-entry'
  | 'bad-json'
  | 'invalid'
  | 'too-new'
  | 'invalid-input'

export class PackageError extends Error {
  constructor(
    readonly code: PackageErrorCode,
    message: string,
    /** The entry the problem was found in, when there is one. */
    readonly entry?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'PackageError'
  }
}
