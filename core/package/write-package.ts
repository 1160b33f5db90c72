import { ZipFile } from 'yazl'
import type { PackageEntry } from './build-package'

/**
 * A fixed, local-time timestamp: DOS timestamps are stored in local time, so a Date built from local fields
 * gives the same bytes in every time zone (a UTC instant would not). 1980-01-01 is the DOS epoch.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0)

/**
 * Zips entries exactly as given (buildPackage already orders them), with fixed timestamps, modes and
 * compression, so that the same entries always give the same bytes.
 */
export function writePackage(entries: readonly PackageEntry[]): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const zip = new ZipFile()
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk))
    zip.outputStream.on('error', reject)
    zip.outputStream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    for (const entry of entries) {
      zip.addBuffer(Buffer.from(entry.data), entry.name, {
        mtime: FIXED_MTIME,
        // Without this, yazl adds an extended timestamp in UTC, which would differ between time zones.
        forceDosTimestamp: true,
        mode: 0o100644,
        // Images are compressed already: deflating them again costs most of the packing time and saves nothing.
        compressionLevel: entry.name.startsWith('assets/') ? 0 : 6,
      })
    }
    zip.end()
  })
}
