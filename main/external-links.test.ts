import { beforeEach, describe, expect, it, vi } from 'vitest'
import { dialog, shell, type BrowserWindow } from 'electron'
import { confirmAndOpenExternal } from './external-links'
import { BrowserWindow as FakeBrowserWindow } from './test-support/fake-electron'

vi.mock('electron', () => import('./test-support/fake-electron'))

const showMessageBox = vi.mocked(dialog.showMessageBox)
const openExternal = vi.mocked(shell.openExternal)
const answer = (response: number) =>
  showMessageBox.mockResolvedValueOnce({ response, checkboxChecked: false })

beforeEach(() => {
  showMessageBox.mockClear()
  openExternal.mockClear()
})

describe('confirmAndOpenExternal', () => {
  it.each([
    'file:///etc/passwd',
    'file://server/share/setup.exe',
    'javascript:alert(document.domain)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x',
    'smb://server/share',
    'app://hecsos/index.html',
    'hecsos://open',
    'ftp://example.com/file',
    'not a url',
    '',
  ])('refuses %j without asking', async (url) => {
    expect(await confirmAndOpenExternal(url)).toBe(false)
    expect(showMessageBox).not.toHaveBeenCalled()
    expect(openExternal).not.toHaveBeenCalled()
  })

  it.each(['https://example.com/path?q=1', 'http://example.com/', 'mailto:someone@example.com'])(
    'asks before opening %s and opens it when confirmed',
    async (url) => {
      answer(0)
      expect(await confirmAndOpenExternal(url)).toBe(true)
      expect(showMessageBox).toHaveBeenCalledTimes(1)
      expect(showMessageBox.mock.calls[0]?.[0]).toMatchObject({
        detail: new URL(url).href,
        cancelId: 1,
        defaultId: 1,
      })
      expect(openExternal).toHaveBeenCalledWith(new URL(url).href)
    },
  )

  it('opens nothing when the user declines', async () => {
    answer(1)
    expect(await confirmAndOpenExternal('https://example.com/')).toBe(false)
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('shows the dialog on the given window', async () => {
    const window = new FakeBrowserWindow() as unknown as BrowserWindow
    answer(1)
    await confirmAndOpenExternal('https://example.com/', window)
    expect(showMessageBox.mock.calls[0]?.[0]).toBe(window)
  })

  it('shows and opens the same normalised address, look-alike host names in punycode', async () => {
    answer(0)
    await confirmAndOpenExternal('https://exаmple.com/a b')
    const shown = (showMessageBox.mock.calls[0]?.[0] as { detail: string }).detail
    expect(shown).toBe('https://xn--exmple-4nf.com/a%20b')
    expect(openExternal).toHaveBeenCalledWith(shown)
  })
})
