import type { BrowserWindow } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { chooseTemplateFile } from './dialogs'
import { BrowserWindow as FakeBrowserWindow, dialog } from './test-support/fake-electron'

vi.mock('electron', () => import('./test-support/fake-electron'))

describe('choosing a template file to import', () => {
  it('offers JSON files only, one at a time, over the app window', async () => {
    const window = new FakeBrowserWindow() as unknown as BrowserWindow
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/ana/mini.json'] })
    expect(await chooseTemplateFile(window)).toBe('/home/ana/mini.json')
    const [parent, options] = dialog.showOpenDialog.mock.calls[0] as [unknown, Electron.OpenDialogOptions]
    expect(parent).toBe(window)
    expect(options.properties).toEqual(['openFile'])
    expect(options.filters).toEqual([{ name: 'HECSOs Studio template', extensions: ['json'] }])
  })

  it('answers undefined when the user cancels', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    expect(await chooseTemplateFile(undefined)).toBeUndefined()
  })
})
