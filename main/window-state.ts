import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { BrowserWindow, Rectangle } from 'electron'
import { z } from 'zod'

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 860 } as const
export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const
/** Larger than any real display arrangement; a bigger value can only come from a damaged file. */
const MAX_EXTENT = 32_000

/** How much of the title bar must lie on a display for the remembered position to be reused. */
const TITLE_BAR = { height: 32, minVisibleWidth: 120, minVisibleHeight: 16 } as const

const coordinate = z.number().finite().min(-MAX_EXTENT).max(MAX_EXTENT)
const WindowStateSchema = z.object({
  version: z.literal(1),
  bounds: z.object({
    x: coordinate,
    y: coordinate,
    width: z.number().finite().min(MIN_WINDOW_SIZE.width).max(MAX_EXTENT),
    height: z.number().finite().min(MIN_WINDOW_SIZE.height).max(MAX_EXTENT),
  }),
  maximized: z.boolean(),
})

export type WindowState = z.infer<typeof WindowStateSchema>

/** What the window is created with; no position means "let the system centre it". */
export interface InitialWindowBounds {
  x?: number
  y?: number
  width: number
  height: number
  maximized: boolean
}

/**
 * The window's last size and position, if the file holds a valid state and the window would still be reachable
 * on one of today's displays (given as their work areas); otherwise the default size, centred. A missing or damaged
 * file is not an error: the window state is a convenience.
 */
export function loadWindowState(file: string, workAreas: readonly Rectangle[]): InitialWindowBounds {
  const state = readState(file)
  if (state === undefined) return { ...DEFAULT_WINDOW_SIZE, maximized: false }
  const bounds = roundRectangle(state.bounds)
  if (!workAreas.some((area) => isTitleBarVisible(bounds, area))) {
    return { ...DEFAULT_WINDOW_SIZE, maximized: state.maximized }
  }
  return { ...bounds, maximized: state.maximized }
}

/** The state to remember: the un-maximised bounds, so that un-maximising after a restart lands where it was. */
export function captureWindowState(window: BrowserWindow): WindowState {
  return { version: 1, bounds: window.getNormalBounds(), maximized: window.isMaximized() }
}

/**
 * Writes the state beside its final name and renames it into place, so a crash mid-write leaves the previous
 * file whole. Synchronous because it runs as the window closes, when the process may be about to exit.
 */
export function saveWindowState(file: string, state: WindowState): void {
  const temporary = `${file}.${process.pid}.tmp`
  mkdirSync(dirname(file), { recursive: true })
  try {
    writeFileSync(temporary, JSON.stringify(WindowStateSchema.parse(state)))
    renameSync(temporary, file)
  } finally {
    rmSync(temporary, { force: true })
  }
}

/** Saves the window's state each time it is asked to close; a failed save is logged and never blocks the close. */
export function rememberWindowState(
  window: BrowserWindow,
  file: string,
  log?: (error: unknown) => void,
): void {
  window.on('close', () => {
    try {
      saveWindowState(file, captureWindowState(window))
    } catch (error) {
      log?.(error)
    }
  })
}

function readState(file: string): WindowState | undefined {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

function isTitleBarVisible(bounds: Rectangle, area: Rectangle): boolean {
  const left = Math.max(bounds.x, area.x)
  const right = Math.min(bounds.x + bounds.width, area.x + area.width)
  const top = Math.max(bounds.y, area.y)
  const bottom = Math.min(bounds.y + TITLE_BAR.height, area.y + area.height)
  return right - left >= TITLE_BAR.minVisibleWidth && bottom - top >= TITLE_BAR.minVisibleHeight
}

function roundRectangle(rectangle: Rectangle): Rectangle {
  return {
    x: Math.round(rectangle.x),
    y: Math.round(rectangle.y),
    width: Math.round(rectangle.width),
    height: Math.round(rectangle.height),
  }
}
