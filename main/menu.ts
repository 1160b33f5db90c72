import { Menu, type MenuItemConstructorOptions } from 'electron'
import type { AppInfo, EventPayloads } from '../core/api/contract'

type InterfaceLanguage = AppInfo['interfaceLanguages'][number]

/** Each language under its own name, so a user lost in an interface they cannot read still finds theirs. */
const LANGUAGE_NAMES: Record<InterfaceLanguage, string> = {
  en: 'English',
  de: 'Deutsch',
  el: 'Ελληνικά',
  it: 'Italiano',
  ro: 'Română',
  es: 'Español',
}

export interface MenuOptions {
  appName: string
  platform: NodeJS.Platform
  /** Packaged builds have no reload or DevTools entries. */
  isPackaged: boolean
  /** Delivers an app action to the page of the focused window, which decides what it means there. */
  sendCommand(payload: EventPayloads['menu:command']): void
}

/**
 * The application menu. Editing, zoom and window entries use Electron's roles (native behaviour and shortcuts);
 * app actions become 'menu:command' events. Labels are English for now: the menu is built in the main process,
 * which does not load the interface translations yet.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin'
  // Alt-key mnemonics are a Windows and Linux convention; macOS menus have none.
  const mnemonic = (label: string) => (isMac ? label : `&${label}`)
  const command =
    (payload: EventPayloads['menu:command']): MenuItemConstructorOptions['click'] =>
    () =>
      options.sendCommand(payload)

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: options.appName,
          submenu: [
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : []

  const file: MenuItemConstructorOptions = {
    label: mnemonic('File'),
    submenu: [
      { label: 'New Project', accelerator: 'CmdOrCtrl+Shift+N', click: command({ command: 'new-project' }) },
      { label: 'New Document', accelerator: 'CmdOrCtrl+N', click: command({ command: 'new-document' }) },
      { label: 'Library', accelerator: 'CmdOrCtrl+L', click: command({ command: 'open-library' }) },
      { type: 'separator' },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: command({ command: 'open-package' }) },
      { label: 'Save a Copy…', accelerator: 'CmdOrCtrl+Shift+S', click: command({ command: 'save-copy' }) },
      { label: 'Send to Partner…', click: command({ command: 'send-to-partner' }) },
      { label: 'Export…', accelerator: 'CmdOrCtrl+Shift+E', click: command({ command: 'export' }) },
      { type: 'separator' },
      { role: 'close', label: 'Close Window', accelerator: 'CmdOrCtrl+W' },
      ...(isMac
        ? []
        : [{ type: 'separator' } as const, { role: 'quit', accelerator: 'CmdOrCtrl+Q' } as const]),
    ],
  }

  const edit: MenuItemConstructorOptions = {
    label: mnemonic('Edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      { label: 'Find…', accelerator: 'CmdOrCtrl+F', click: command({ command: 'find' }) },
    ],
  }

  const languages = Object.entries(LANGUAGE_NAMES).map(([code, name]): MenuItemConstructorOptions => ({
    label: name,
    click: command({ command: 'set-language', argument: code }),
  }))
  const view: MenuItemConstructorOptions = {
    label: mnemonic('View'),
    submenu: [
      { label: 'Interface Language', submenu: languages },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.isPackaged
        ? []
        : [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const]),
    ],
  }

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: mnemonic('Help'),
    submenu: [{ label: `About ${options.appName}`, click: command({ command: 'about' }) }],
  }

  return [...appMenu, file, edit, view, { role: 'windowMenu', label: mnemonic('Window') }, help]
}

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)))
}
