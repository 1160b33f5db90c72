import type { PackageFile } from '../../../core/api/contract'

/** The extension of a HECSOs project file; what a drop is checked against before it is read. */
export const PACKAGE_EXTENSION = '.hecsos'

export function isPackageName(fileName: string): boolean {
  return fileName.toLowerCase().endsWith(PACKAGE_EXTENSION)
}

/** A package waiting for the user's decision; `key` tells apart two drops of the same file. */
export type ReceivedPackage = PackageFile & { key: number }

let nextKey = 1

export function received(file: PackageFile): ReceivedPackage {
  return { ...file, key: nextKey++ }
}
