import { dialog, shell, type BrowserWindow, type MessageBoxOptions } from 'electron'
import { isExternalUrlAllowed } from '../core/api/handlers'

/**
 * Opens a web or e-mail link in the user's own programs, but only an http, https or mailto URL and only after the
 * user has seen the address in a native dialog and agreed. Resolves to whether the link was opened. A document can
 * carry any link, so nothing reaches `shell.openExternal` without both checks.
 */
export async function confirmAndOpenExternal(url: string, parent?: BrowserWindow): Promise<boolean> {
  if (!isExternalUrlAllowed(url)) return false
  // The serialised form is what is shown and what is opened: it spells out look-alike host names in punycode,
  // and the user agrees to exactly the address that is then used.
  const target = new URL(url).href
  const options: MessageBoxOptions = {
    type: 'question',
    title: 'Open link',
    message: 'Open this link outside HECSOs Studio?',
    detail: target,
    buttons: ['Open', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  }
  const { response } = parent
    ? await dialog.showMessageBox(parent, options)
    : await dialog.showMessageBox(options)
  if (response !== 0) return false
  await shell.openExternal(target)
  return true
}
