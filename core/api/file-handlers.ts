import type { PackageFile, SavedPackage } from './contract'
import { packProject } from './pack-project'

/**
 * What only the desktop shell can do with package files: native dialogs, the file system outside the library,
 * and the files the system asks the app to open. The CLI and tests without a window leave these out.
 */
export interface PackageFileShell {
  /** Asks where to save, writes the bytes there, and for 'send' shows the file in its folder. */
  savePackage(suggestedName: string, bytes: Uint8Array, reveal: boolean): Promise<SavedPackage | undefined>
  /** Asks for a `.hecsos` file and reads it; undefined when the user cancels. */
  choosePackage(): Promise<PackageFile | undefined>
  /** The packages double-clicked or named on the command line since the last call. */
  takeOpenedPackages(): Promise<PackageFile[]>
}

export class NoPackageShellError extends Error {
  constructor() {
    super('Saving and choosing package files is only possible in the desktop app.')
  }
}

/** Packs the project and hands the bytes to the save dialog, so the renderer never sees a path or the bytes. */
export async function savePackage(
  deps: Parameters<typeof packProject>[0] & { files?: PackageFileShell },
  projectId: string,
  purpose: 'copy' | 'send',
): Promise<SavedPackage | null> {
  const { files } = deps
  if (!files) throw new NoPackageShellError()
  const { fileName, bytes } = await packProject(deps, projectId)
  return (await files.savePackage(fileName, bytes, purpose === 'send')) ?? null
}

export async function choosePackage({ files }: { files?: PackageFileShell }): Promise<PackageFile | null> {
  if (!files) throw new NoPackageShellError()
  return (await files.choosePackage()) ?? null
}

/** Without a shell nothing can have been double-clicked, so there is simply nothing waiting. */
export async function takeOpenedPackages({ files }: { files?: PackageFileShell }): Promise<PackageFile[]> {
  return files ? files.takeOpenedPackages() : []
}
