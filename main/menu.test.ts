import { describe, expect, it, vi } from 'vitest'
import { Menu, type MenuItemConstructorOptions } from 'electron'
import { MENU_COMMANDS } from '../core/api/contract'
import { buildMenuTemplate, installMenu, type MenuOptions } from './menu'

vi.mock('electron', () => import('./test-support/fake-electron'))

function build(overrides: Partial<MenuOptions> = {}) {
  const sendCommand = vi.fn()
  const template = buildMenuTemplate({
    appName: 'HECSOs Studio',
    platform: 'linux',
    isPackaged: true,
    sendCommand,
    ...overrides,
  })
  return { template, sendCommand }
}

const items = (menu: MenuItemConstructorOptions | undefined) =>
  (menu?.submenu ?? []) as MenuItemConstructorOptions[]
const strip = (label: string | undefined) => label?.replace('&', '')
const menuNamed = (template: MenuItemConstructorOptions[], label: string) =>
  template.find((menu) => strip(menu.label) === label)
const itemLabeled = (menu: MenuItemConstructorOptions | undefined, label: string) =>
  items(menu).find((item) => item.label === label)
const roles = (menu: MenuItemConstructorOptions | undefined) =>
  items(menu)
    .map((item) => item.role)
    .filter(Boolean)
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.()

describe('the application menu', () => {
  it('has File, Edit, View, Window and Help, in that order', () => {
    expect(build().template.map((menu) => strip(menu.label))).toEqual([
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ])
  })

  it.each([
    ['New Project', 'CmdOrCtrl+Shift+N', { command: 'new-project' }],
    ['New Document', 'CmdOrCtrl+N', { command: 'new-document' }],
    ['Library', 'CmdOrCtrl+L', { command: 'open-library' }],
    ['Open…', 'CmdOrCtrl+O', { command: 'open-package' }],
    ['Save a Copy…', 'CmdOrCtrl+Shift+S', { command: 'save-copy' }],
    ['Send to Partner…', undefined, { command: 'send-to-partner' }],
    ['Export…', 'CmdOrCtrl+Shift+E', { command: 'export' }],
  ])('File › %s has %s and sends %j', (label, accelerator, payload) => {
    const { template, sendCommand } = build()
    const item = itemLabeled(menuNamed(template, 'File'), label)
    expect(item?.accelerator).toBe(accelerator)
    click(item)
    expect(sendCommand).toHaveBeenCalledWith(payload)
  })

  it('File has Close Window and, outside macOS, Quit', () => {
    const file = menuNamed(build().template, 'File')
    expect(items(file).find((item) => item.role === 'close')?.accelerator).toBe('CmdOrCtrl+W')
    expect(roles(file)).toContain('quit')
  })

  it('Edit has the editing roles and Find', () => {
    const { template, sendCommand } = build()
    const edit = menuNamed(template, 'Edit')
    expect(roles(edit)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'])
    const find = itemLabeled(edit, 'Find…')
    expect(find?.accelerator).toBe('CmdOrCtrl+F')
    click(find)
    expect(sendCommand).toHaveBeenCalledWith({ command: 'find' })
  })

  it('View › Interface Language offers the six partner languages', () => {
    const { template, sendCommand } = build()
    const languages = items(itemLabeled(menuNamed(template, 'View'), 'Interface Language'))
    expect(languages.map((item) => item.label)).toEqual([
      'English',
      'Deutsch',
      'Ελληνικά',
      'Italiano',
      'Română',
      'Español',
    ])
    for (const item of languages) click(item)
    expect(sendCommand.mock.calls.map(([payload]) => payload)).toEqual(
      ['en', 'de', 'el', 'it', 'ro', 'es'].map((argument) => ({ command: 'set-language', argument })),
    )
  })

  it('View has zoom and full screen, and DevTools only in development', () => {
    const packaged = roles(menuNamed(build().template, 'View'))
    expect(packaged).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'])
    const development = roles(menuNamed(build({ isPackaged: false }).template, 'View'))
    expect(development).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']))
  })

  it('Window is the standard window menu; Help › About sends about', () => {
    const { template, sendCommand } = build()
    expect(menuNamed(template, 'Window')?.role).toBe('windowMenu')
    click(itemLabeled(menuNamed(template, 'Help'), 'About HECSOs Studio'))
    expect(sendCommand).toHaveBeenCalledWith({ command: 'about' })
  })

  it('sends only commands of the contract', () => {
    const { template, sendCommand } = build()
    const visit = (menu: MenuItemConstructorOptions) => {
      click(menu)
      items(menu).forEach(visit)
    }
    template.forEach(visit)
    for (const [payload] of sendCommand.mock.calls) expect(MENU_COMMANDS).toContain(payload.command)
  })

  it('on macOS, leads with the app menu (holding Quit), and has no mnemonics', () => {
    const { template } = build({ platform: 'darwin' })
    expect(template.map((menu) => menu.label)).toEqual([
      'HECSOs Studio',
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ])
    expect(roles(template[0])).toContain('quit')
    expect(roles(menuNamed(template, 'File'))).not.toContain('quit')
  })

  it('is installed as the application menu', () => {
    installMenu({ appName: 'HECSOs Studio', platform: 'linux', isPackaged: true, sendCommand: vi.fn() })
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1)
    expect(vi.mocked(Menu.buildFromTemplate).mock.calls[0]?.[0]).toHaveLength(5)
  })
})
