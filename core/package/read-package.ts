import { promises as fsp } from 'node:fs'
import type { Readable } from 'node:stream'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import type { PackageEntry } from './build-package'
import { checkEntryName } from './entry-names'
import { resolveLimits, type PackageLimits } from './limits'
import { PackageError } from './package-error'
import { verifyEntries, type VerifiedPackage } from './verify-entries'

/** Smallest size of a local file header; its name and extra field follow. */
const LOCAL_HEADER_BYTES = 30
const LOCAL_HEADER_SIGNATURE = 0x04034b50

/**
 * Reads an untrusted `.hecsos` package, from bytes or from a file path, entirely in memory: nothing is written
 * anywhere, so a rejected package cannot leave anything behind. Throws a PackageError saying why it is refused.
 */
export async function readPackage(
  source: Uint8Array | string,
  limitOverrides?: Partial<PackageLimits>,
): Promise<VerifiedPackage> {
  const limits = resolveLimits(limitOverrides)
  const bytes = typeof source === 'string' ? await readPackageFile(source, limits) : source
  if (bytes.byteLength > limits.maxPackageBytes) throw tooLarge()
  const entries = await inflateEntries(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits)
  return verifyEntries(entries, limits)
}

async function readPackageFile(path: string, limits: PackageLimits): Promise<Uint8Array> {
  try {
    const handle = await fsp.open(path, 'r')
    try {
      // Checked before reading, so that a huge file is never loaded to find out it is huge.
      const { size } = await handle.stat()
      if (size > limits.maxPackageBytes) throw tooLarge()
      return new Uint8Array(await handle.readFile())
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (error instanceof PackageError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new PackageError(
      'unreadable',
      code === 'ENOENT'
        ? `The file ${path} does not exist.`
        : code === 'EISDIR'
          ? `${path} is a folder, not a package file.`
          : `The file ${path} cannot be read${code ? ` (${code})` : ''}.`,
      undefined,
      { cause: error },
    )
  }
}

function tooLarge(): PackageError {
  return new PackageError('too-large', 'This file is far larger than any HECSOs package; it was not opened.')
}

/** Lists the central directory, checks every entry's metadata, then inflates the entries one by one. */
async function inflateEntries(buffer: Buffer, limits: PackageLimits): Promise<PackageEntry[]> {
  let zip: ZipFile
  try {
    zip = await yauzl.fromBufferPromise(buffer, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: true,
      // yauzl's own refusal of `..`, absolute names and backslashes; ours in checkEntryName comes on top.
      strictFileNames: true,
      validateEntrySizes: true,
    })
  } catch (error) {
    throw notAZip(error)
  }
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new PackageError(
        'too-many-entries',
        `The package contains ${zip.entryCount} files; a HECSOs package holds at most ${limits.maxEntries}.`,
      )
    const listed = await listEntries(zip, limits)
    checkLayout(listed, buffer)
    const entries: PackageEntry[] = []
    let total = 0
    for (const entry of listed) {
      const data = await inflate(zip, entry, limits, total)
      total += data.byteLength
      entries.push({ name: entry.fileName, data })
    }
    return entries
  } finally {
    zip.close()
  }
}

function listEntries(zip: ZipFile, limits: PackageLimits): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = []
    const seen = new Set<string>()
    let declaredTotal = 0
    const fail = (error: unknown): void => {
      zip.removeAllListeners()
      reject(error)
    }
    zip.on('error', (error: unknown) => fail(mapYauzlError(error)))
    zip.on('end', () => resolve(entries))
    zip.on('entry', (entry: Entry) => {
      try {
        checkEntryMetadata(entry, seen, limits)
        declaredTotal += entry.uncompressedSize
        if (declaredTotal > limits.maxTotalBytes)
          throw new PackageError(
            'zip-bomb',
            'The package would unpack to more data than any HECSOs project holds.',
          )
        entries.push(entry)
        if (entries.length > limits.maxEntries)
          throw new PackageError(
            'too-many-entries',
            `The package contains more than ${limits.maxEntries} files, the most a HECSOs package holds.`,
          )
        zip.readEntry()
      } catch (error) {
        fail(error)
      }
    })
    zip.readEntry()
  })
}

function checkEntryMetadata(entry: Entry, seen: Set<string>, limits: PackageLimits): void {
  const name = entry.fileName
  checkEntryName(name, seen)
  // The upper 16 bits are the Unix mode when the archive was made on Unix; any file type but a regular file
  // (a symlink above all) is refused, whatever system claims to have made it.
  const fileType = (entry.externalFileAttributes >>> 16) & 0o170000
  if (fileType === 0o120000)
    throw new PackageError(
      'symlink',
      `The package contains ${name} as a symbolic link; links are never allowed.`,
      name,
    )
  if (fileType !== 0 && fileType !== 0o100000)
    throw new PackageError(
      'unexpected-entry',
      `The package contains ${name}, which is not an ordinary file.`,
      name,
    )
  // MS-DOS directory attribute: a "file" flagged as a folder.
  if ((entry.externalFileAttributes & 0x10) !== 0)
    throw new PackageError('unexpected-entry', `The package contains ${name} flagged as a folder.`, name)
  // Bit 0: encrypted; bit 6: strong encryption.
  if (entry.isEncrypted() || (entry.generalPurposeBitFlag & 0x40) !== 0)
    throw new PackageError(
      'encrypted',
      `The package contains ${name} encrypted; HECSOs packages are never encrypted.`,
      name,
    )
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    throw new PackageError(
      'unsupported-compression',
      `The package contains ${name} compressed in a way HECSOs packages never use.`,
      name,
    )
  if (entry.uncompressedSize > (name.endsWith('.json') ? limits.maxJsonBytes : limits.maxEntryBytes))
    throw new PackageError('zip-bomb', `The file ${name} in the package is too large to be ours.`, name)
  if (exceedsRatio(entry.uncompressedSize, entry.compressedSize, limits))
    throw new PackageError(
      'zip-bomb',
      `The file ${name} in the package is compressed suspiciously well (a zip bomb).`,
      name,
    )
}

function exceedsRatio(uncompressed: number, compressed: number, limits: PackageLimits): boolean {
  return (
    uncompressed > limits.ratioThresholdBytes &&
    uncompressed > Math.max(compressed, 1) * limits.maxCompressionRatio
  )
}

/**
 * Each entry's data must lie inside the file, after its own local header, and no two entries may share bytes:
 * overlapping entries are how the most efficient zip bombs reuse one compressed kernel many times. The local
 * header must also carry the same name as the central directory, since some tools trust one and some the other.
 */
function checkLayout(entries: readonly Entry[], buffer: Buffer): void {
  const spans = entries
    .map((entry) => {
      const start = entry.relativeOffsetOfLocalHeader
      const name = entry.fileName
      const damaged = (): PackageError =>
        new PackageError(
          'zip-bomb',
          `The file ${name} in the package overlaps another or runs past the end of the package: it is damaged or a zip bomb.`,
          name,
        )
      if (
        start + LOCAL_HEADER_BYTES > buffer.byteLength ||
        buffer.readUInt32LE(start) !== LOCAL_HEADER_SIGNATURE
      )
        throw damaged()
      const nameLength = buffer.readUInt16LE(start + 26)
      const extraLength = buffer.readUInt16LE(start + 28)
      const nameStart = start + LOCAL_HEADER_BYTES
      // Every allowed name is ASCII, so its bytes are the same in any encoding the header might claim.
      if (
        nameStart + nameLength > buffer.byteLength ||
        buffer.toString('latin1', nameStart, nameStart + nameLength) !== name
      )
        throw new PackageError(
          'unsafe-name',
          `The file ${name} in the package carries a different name in its own header: the package was tampered with.`,
          name,
        )
      return { name, start, end: nameStart + nameLength + extraLength + entry.compressedSize, damaged }
    })
    .sort((a, b) => a.start - b.start)
  for (let i = 0; i < spans.length; i += 1) {
    const span = spans[i]!
    const next = spans[i + 1]
    if (span.end > buffer.byteLength || (next && span.end > next.start)) throw span.damaged()
  }
}

/** Streams one entry, counting the real bytes as they come, and stops as soon as a limit is passed. */
function inflate(zip: ZipFile, entry: Entry, limits: PackageLimits, totalSoFar: number): Promise<Uint8Array> {
  const name = entry.fileName
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (openError, stream) => {
      if (openError || !stream) return reject(mapYauzlError(openError, name))
      // Filled in place: the declared size was checked against the limits, and any byte past it is refused,
      // so the entry never needs a second copy (as concatenating chunks would make).
      const data = Buffer.alloc(entry.uncompressedSize)
      let count = 0
      let settled = false
      const stop = (error: PackageError): void => {
        if (settled) return
        settled = true
        stream.unpipe()
        ;(stream as Readable).destroy()
        reject(error)
      }
      stream.on('data', (chunk: Buffer) => {
        count += chunk.byteLength
        if (count > limits.maxEntryBytes || totalSoFar + count > limits.maxTotalBytes)
          return stop(
            new PackageError(
              'zip-bomb',
              `The file ${name} in the package unpacks to far more data than it should (a zip bomb).`,
              name,
            ),
          )
        if (count > entry.uncompressedSize)
          return stop(
            new PackageError(
              'size-mismatch',
              `The file ${name} in the package is larger than the package says it is (a zip bomb or damage).`,
              name,
            ),
          )
        if (exceedsRatio(count, entry.compressedSize, limits))
          return stop(
            new PackageError(
              'zip-bomb',
              `The file ${name} in the package is compressed suspiciously well (a zip bomb).`,
              name,
            ),
          )
        chunk.copy(data, count - chunk.byteLength)
      })
      stream.on('error', (error: unknown) => stop(mapYauzlError(error, name)))
      stream.on('end', () => {
        if (settled) return
        settled = true
        if (count !== entry.uncompressedSize)
          return reject(
            new PackageError(
              'size-mismatch',
              `The file ${name} in the package is not the size the package says it is; it is damaged.`,
              name,
            ),
          )
        resolve(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      })
    })
  })
}

function notAZip(error: unknown): PackageError {
  return new PackageError(
    'not-a-zip',
    'This file is not a HECSOs package: it is not a zip archive, or it is damaged or incomplete.',
    undefined,
    { cause: error },
  )
}

function mapYauzlError(error: unknown, name?: string): PackageError {
  if (error instanceof PackageError) return error
  const message = error instanceof Error ? error.message : String(error)
  if (/^(invalid relative path|absolute path|invalid characters in fileName)/.test(message))
    return new PackageError(
      'unsafe-name',
      `The package contains a file whose name could point outside the package (${message.slice(0, 200)}).`,
      name,
      { cause: error },
    )
  if (/too many bytes|not enough bytes/.test(message))
    return new PackageError(
      'size-mismatch',
      `The file ${name ?? ''} in the package is not the size the package says it is (a zip bomb or damage).`,
      name,
      { cause: error },
    )
  if (/encrypt/i.test(message))
    return new PackageError(
      'encrypted',
      'The package contains encrypted files; HECSOs packages are never encrypted.',
      name,
      { cause: error },
    )
  return notAZip(error)
}
