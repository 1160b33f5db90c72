import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserWindow } from 'electron'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { StoreError } from '../core/store/library-store'
import { choosePackageFile, chooseTemplateFile, savePackageFile } from './dialogs'
import {
  BrowserWindow as FakeBrowserWindow,
  app,
  dialog,
  resetFakeElectron,
} from './test-support/fake-electron'

// The shared fake has no save dialog and no showItemInFolder; these tests add them.
const { showSaveDialog, showItemInFolder } = vi.hoisted(() => ({
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
  showItemInFolder: vi.fn((_path: string) => undefined),
}))

vi.mock('electron', async () => {
  const fake = await import('./test-support/fake-electron')
  Object.assign(fake.dialog, { showSaveDialog })
  return { ...fake, shell: { ...fake.shell, showItemInFolder } }
})

beforeEach(() => {
  resetFakeElectron()
  showSaveDialog.mockReset()
  showItemInFolder.mockReset()
})

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

describe('choosing a project file to open', () => {
  it('offers .hecsos files only, one at a time, and answers undefined on cancel', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/ana/PCCE.hecsos'] })
    expect(await choosePackageFile(undefined)).toBe('/home/ana/PCCE.hecsos')
    const [options] = dialog.showOpenDialog.mock.calls[0] as [Electron.OpenDialogOptions]
    expect(options.properties).toEqual(['openFile'])
    expect(options.filters).toEqual([{ name: 'HECSOs Studio project', extensions: ['hecsos'] }])
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    expect(await choosePackageFile(undefined)).toBeUndefined()
  })
})

describe('saving a package where the user chooses', () => {
  let folder: string
  const bytes = new TextEncoder().encode('a package')

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'hecsos-save-'))
  })
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('suggests the packer’s name in Documents, writes the file, and shows it only when sending', async () => {
    app.paths.documents = '/home/ana/Documents'
    const window = new FakeBrowserWindow() as unknown as BrowserWindow
    showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(folder, 'PCCE.hecsos') })
    expect(await savePackageFile(window, 'PCCE.hecsos', bytes, false)).toEqual({ fileName: 'PCCE.hecsos' })
    const [parent, options] = showSaveDialog.mock.calls[0] as [unknown, Electron.SaveDialogOptions]
    expect(parent).toBe(window)
    expect(options.defaultPath).toBe(join('/home/ana/Documents', 'PCCE.hecsos'))
    expect(options.filters).toEqual([{ name: 'HECSOs Studio project', extensions: ['hecsos'] }])
    expect(await readFile(join(folder, 'PCCE.hecsos'), 'utf8')).toBe('a package')
    expect(showItemInFolder).not.toHaveBeenCalled()

    showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(folder, 'For Cluj.hecsos') })
    await savePackageFile(window, 'PCCE.hecsos', bytes, true)
    expect(showItemInFolder).toHaveBeenCalledWith(join(folder, 'For Cluj.hecsos'))
  })

  it('adds the extension a Linux dialog leaves off, so a double-click opens the file', async () => {
    showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(folder, 'PCCE') })
    expect(await savePackageFile(undefined, 'PCCE.hecsos', bytes, false)).toEqual({ fileName: 'PCCE.hecsos' })
    expect(await readdir(folder)).toEqual(['PCCE.hecsos'])
  })

  it('writes nothing when the user cancels', async () => {
    showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' })
    expect(await savePackageFile(undefined, 'PCCE.hecsos', bytes, true)).toBeUndefined()
    expect(await readdir(folder)).toEqual([])
    expect(showItemInFolder).not.toHaveBeenCalled()
  })

  it('leaves what is there as it was, with no stray file, and says why when the file cannot be written', async () => {
    // A folder where the file should go: the write cannot replace it, whoever runs the test.
    await mkdir(join(folder, 'PCCE.hecsos'))
    await writeFile(join(folder, 'PCCE.hecsos', 'inside.txt'), 'kept')
    showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(folder, 'PCCE.hecsos') })
    const saving = savePackageFile(undefined, 'PCCE.hecsos', bytes, true)
    await expect(saving).rejects.toBeInstanceOf(StoreError)
    await expect(saving).rejects.toThrow(/^Could not save “PCCE\.hecsos”: /)
    expect(await readdir(folder)).toEqual(['PCCE.hecsos'])
    expect(await readFile(join(folder, 'PCCE.hecsos', 'inside.txt'), 'utf8')).toBe('kept')
    expect(showItemInFolder).not.toHaveBeenCalled()
  })
})
