import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserWindow } from 'electron'
import {
  DEFAULT_WINDOW_SIZE,
  captureWindowState,
  loadWindowState,
  rememberWindowState,
  saveWindowState,
  type WindowState,
} from './window-state'
import { BrowserWindow as FakeBrowserWindow } from './test-support/fake-electron'

vi.mock('electron', () => import('./test-support/fake-electron'))

const SCREEN = { x: 0, y: 0, width: 1920, height: 1040 }
const SECOND_SCREEN = { x: 1920, y: 0, width: 2560, height: 1400 }
const DEFAULTS = { ...DEFAULT_WINDOW_SIZE, maximized: false }

let folder: string
let file: string
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'hecsos-window-state-'))
  file = join(folder, 'window-state.json')
})
afterEach(() => {
  rmSync(folder, { recursive: true, force: true })
})

const state = (bounds: WindowState['bounds'], maximized = false): WindowState => ({
  version: 1,
  bounds,
  maximized,
})

describe('loadWindowState', () => {
  it('uses the defaults when there is no file', () => {
    expect(loadWindowState(file, [SCREEN])).toEqual(DEFAULTS)
  })

  it.each([
    ['corrupt JSON', '{"version":1,"bounds":'],
    ['an empty file', ''],
    ['not an object', '[1,2,3]'],
    ['a future version', JSON.stringify({ ...state({ x: 0, y: 0, width: 1000, height: 700 }), version: 2 })],
    ['a size below the minimum', JSON.stringify(state({ x: 0, y: 0, width: 10, height: 10 }))],
    ['an absurd size', JSON.stringify(state({ x: 0, y: 0, width: 1e9, height: 700 }))],
    [
      'a missing field',
      JSON.stringify({ version: 1, bounds: { x: 0, y: 0, width: 1000 }, maximized: false }),
    ],
    [
      'a string number',
      JSON.stringify({ version: 1, bounds: { x: '0', y: 0, width: 1000, height: 700 }, maximized: false }),
    ],
    [
      'a non-boolean maximised flag',
      JSON.stringify({ ...state({ x: 0, y: 0, width: 1000, height: 700 }), maximized: 'yes' }),
    ],
  ])('uses the defaults for %s', (_case, content) => {
    writeFileSync(file, content)
    expect(loadWindowState(file, [SCREEN])).toEqual(DEFAULTS)
  })

  it('uses the defaults when the path is a folder', () => {
    mkdirSync(file)
    expect(loadWindowState(file, [SCREEN])).toEqual(DEFAULTS)
  })

  it('restores a position that is on a display, rounded', () => {
    saveWindowState(file, state({ x: 100.4, y: 50.6, width: 1200, height: 800 }, true))
    expect(loadWindowState(file, [SCREEN])).toEqual({
      x: 100,
      y: 51,
      width: 1200,
      height: 800,
      maximized: true,
    })
  })

  it('restores a position on a second display while that display is connected', () => {
    saveWindowState(file, state({ x: 2200, y: 100, width: 1200, height: 800 }))
    expect(loadWindowState(file, [SCREEN, SECOND_SCREEN])).toMatchObject({ x: 2200, y: 100 })
  })

  it('falls back to the default size, centred, once that display is gone, keeping the maximised state', () => {
    saveWindowState(file, state({ x: 2200, y: 100, width: 1200, height: 800 }, true))
    expect(loadWindowState(file, [SCREEN])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: true })
  })

  it.each([
    ['above the screen', { x: 100, y: -800, width: 1200, height: 800 }],
    ['with only a sliver of title bar showing', { x: 1900, y: 100, width: 1200, height: 800 }],
    ['far away', { x: -20000, y: -20000, width: 1200, height: 800 }],
  ])('does not restore a window %s', (_case, bounds) => {
    saveWindowState(file, state(bounds))
    expect(loadWindowState(file, [SCREEN])).toEqual(DEFAULTS)
  })
})

describe('saving', () => {
  it('writes the file whole, with no temporary file left behind', () => {
    saveWindowState(file, state({ x: 1, y: 2, width: 1000, height: 700 }))
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state({ x: 1, y: 2, width: 1000, height: 700 }))
    expect(readdirSync(folder)).toEqual(['window-state.json'])
  })

  it('creates the folder if needed', () => {
    const nested = join(folder, 'user-data', 'window-state.json')
    saveWindowState(nested, state({ x: 1, y: 2, width: 1000, height: 700 }))
    expect(existsSync(nested)).toBe(true)
  })

  it('refuses to write an invalid state, keeping the previous file', () => {
    saveWindowState(file, state({ x: 1, y: 2, width: 1000, height: 700 }))
    expect(() => saveWindowState(file, state({ x: 1, y: 2, width: Number.NaN, height: 700 }))).toThrow()
    expect(loadWindowState(file, [SCREEN])).toMatchObject({ x: 1, y: 2 })
    expect(readdirSync(folder)).toEqual(['window-state.json'])
  })

  it('captures the un-maximised bounds and the maximised flag', () => {
    const window = new FakeBrowserWindow()
    window.maximized = true
    expect(captureWindowState(window as unknown as BrowserWindow)).toEqual(state(window.normalBounds, true))
  })

  it('saves whenever the window is asked to close', () => {
    const window = new FakeBrowserWindow()
    rememberWindowState(window as unknown as BrowserWindow, file)
    window.close()
    expect(loadWindowState(file, [SCREEN])).toEqual({ ...window.normalBounds, maximized: false })
  })

  it('logs a failed save and still lets the window close', () => {
    const window = new FakeBrowserWindow()
    const log = vi.fn()
    writeFileSync(join(folder, 'not-a-folder'), '')
    rememberWindowState(
      window as unknown as BrowserWindow,
      join(folder, 'not-a-folder', 'window-state.json'),
      log,
    )
    window.close()
    expect(log).toHaveBeenCalledTimes(1)
    expect(window.destroyed).toBe(true)
  })
})
