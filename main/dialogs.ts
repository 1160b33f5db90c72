import { rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import {
  app,
  dialog,
  shell,
  type BrowserWindow,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron'
import type { SavedPackage } from '../core/api/contract'
import { storeErrorFrom } from '../core/store/store-errors'

/** The extension the OS associates with the app (build/electron-builder.yml) and the dialogs filter on. */
export const PACKAGE_EXTENSION = 'hecsos'
const PACKAGE_FILTER = { name: 'HECSOs Studio project', extensions: [PACKAGE_EXTENSION] }

/** The native file picker for Import template; only JSON files, one at a time. */
export async function chooseTemplateFile(parent: BrowserWindow | undefined): Promise<string | undefined> {
  const options: OpenDialogOptions = {
    title: 'Import a template',
    properties: ['openFile'],
    filters: [{ name: 'HECSOs Studio template', extensions: ['json'] }],
  }
  const { canceled, filePaths } = parent
    ? await dialog.showOpenDialog(parent, options)
    : await dialog.showOpenDialog(options)
  return canceled ? undefined : filePaths[0]
}

/** The native file picker for File ▸ Open…: one `.hecsos` file. */
export async function choosePackageFile(parent: BrowserWindow | undefined): Promise<string | undefined> {
  const options: OpenDialogOptions = {
    title: 'Open a project file',
    properties: ['openFile'],
    filters: [PACKAGE_FILTER],
  }
  const { canceled, filePaths } = parent
    ? await dialog.showOpenDialog(parent, options)
    : await dialog.showOpenDialog(options)
  return canceled ? undefined : filePaths[0]
}

/**
 * Asks where to save a package (in the Documents folder by default, under the name the packer suggests), then
 * writes it there. The bytes go to a temporary file beside the target first, so a failed write never leaves a
 * half package where a good one was. For 'send' the saved file is then shown in its folder, ready to attach.
 */
export async function savePackageFile(
  parent: BrowserWindow | undefined,
  suggestedName: string,
  bytes: Uint8Array,
  reveal: boolean,
): Promise<SavedPackage | undefined> {
  const options: SaveDialogOptions = {
    title: reveal ? 'Send to partner' : 'Save a copy',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [PACKAGE_FILTER],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  }
  const { canceled, filePath } = parent
    ? await dialog.showSaveDialog(parent, options)
    : await dialog.showSaveDialog(options)
  if (canceled || !filePath) return undefined
  // Linux dialogs do not add the extension the filter asks for, and without it a double-click would not open it.
  const target =
    extname(filePath).toLowerCase() === `.${PACKAGE_EXTENSION}`
      ? filePath
      : `${filePath}.${PACKAGE_EXTENSION}`
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`)
  try {
    await writeFile(temporary, bytes, { flush: true })
    await rename(temporary, target)
  } catch (error) {
    await rm(temporary, { force: true })
    throw storeErrorFrom(error, `save “${basename(target)}”`)
  }
  if (reveal) shell.showItemInFolder(target)
  return { fileName: basename(target) }
}
