import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const RENDERER_OUT = join(REPO_ROOT, 'out', 'renderer')
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'docs', 'screenshots')
export const CHROMIUM_PATH = '/usr/bin/chromium'
