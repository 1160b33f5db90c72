import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron'

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
