import { stat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { RENDERER_OUT, REPO_ROOT } from './paths'

/** Everything that ends up in the renderer bundle: its own sources, plus the parts of core it imports. */
const RENDERER_INPUTS = [
  'renderer',
  'core/model',
  'core/templates',
  'core/search',
  'core/api/contract.ts',
  'electron.vite.config.ts',
  'package.json',
]

async function newestChange(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined)
  if (!info) return 0
  if (!info.isDirectory()) return info.mtimeMs
  const entries = await readdir(path, { withFileTypes: true })
  const times = await Promise.all(
    entries
      .filter((entry) => entry.name !== 'node_modules')
      .map((entry) => newestChange(join(path, entry.name))),
  )
  return Math.max(info.mtimeMs, ...times)
}

/**
 * Builds the renderer with the app's own electron-vite configuration, but only the renderer: a main process
 * being edited at the same moment must not break the browser tests.
 */
async function buildRenderer(): Promise<void> {
  const { resolveConfig } = await import('electron-vite')
  const { build } = await import('vite')
  process.env.NODE_ENV_ELECTRON_VITE = 'production'
  const resolved = await resolveConfig({ root: REPO_ROOT, logLevel: 'warn' }, 'build', 'production')
  const renderer = resolved.config?.renderer
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer configuration.')
  await build({ ...renderer, logLevel: 'warn' })
}

export async function setup(): Promise<void> {
  const built = await newestChange(join(RENDERER_OUT, 'index.html'))
  const sources = Math.max(
    ...(await Promise.all(RENDERER_INPUTS.map((input) => newestChange(join(REPO_ROOT, input))))),
  )
  if (built > sources) return
  const started = Date.now()
  await buildRenderer()
  process.stdout.write(`e2e: built the renderer in ${Date.now() - started} ms\n`)
}
