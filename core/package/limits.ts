/**
 * Limits applied to every package before and while it is read. Real projects sit far below each of them
 * (the reference project of ~200 pages is a few MB), so they only ever stop hostile or broken files.
 */
export interface PackageLimits {
  /** Size of the package file itself. */
  maxPackageBytes: number
  /** Entries in the zip, counted from the central directory before anything is inflated. */
  maxEntries: number
  /** Bytes one entry really inflates to (counted while streaming, not taken from the header). */
  maxEntryBytes: number
  /** Bytes of one JSON entry: parsed objects take several times their text, so JSON gets a lower bound. */
  maxJsonBytes: number
  /** Bytes all entries together really inflate to. */
  maxTotalBytes: number
  /** Highest uncompressed : compressed ratio accepted for an entry above `ratioThresholdBytes`. */
  maxCompressionRatio: number
  /** Small entries may compress extremely well (a short JSON of repeated keys) without being a bomb. */
  ratioThresholdBytes: number
}

/**
 * Chosen so that reading the worst package they admit stays under the 512 MB of docs/QUALITY.md: the package
 * (128 MB) and everything it inflates to (256 MB) are held in memory at once, plus the parsed JSON.
 */
export const DEFAULT_PACKAGE_LIMITS: Readonly<PackageLimits> = Object.freeze({
  maxPackageBytes: 128 * 1024 * 1024,
  maxEntries: 5_000,
  maxEntryBytes: 32 * 1024 * 1024,
  maxJsonBytes: 16 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioThresholdBytes: 1024 * 1024,
})

export function resolveLimits(limits?: Partial<PackageLimits>): PackageLimits {
  return { ...DEFAULT_PACKAGE_LIMITS, ...limits }
}

/**
 * How deep any JSON in a package may nest. Real documents stay far below (rich text is capped at 32 levels);
 * the cap keeps deeply nested input from exhausting the recursive schema validators.
 */
export const MAX_JSON_DEPTH = 100
