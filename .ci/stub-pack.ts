import { execFile } from 'node:child_process'
import { chmod, copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/**
 * Packs the app with the real build/electron-builder.yml (`--dir --linux`) where Electron's own zip cannot be
 * downloaded: electronDist points at a stub Electron folder made here. Used by main/packaging.test.ts (what ships)
 * and the packaging benchmark (how big it is).
 *
 * The stub's "binary" is a shell script carrying Electron's fuse wire with Electron's own defaults, so
 * electron-builder flips the fuses in it exactly as it would in the real binary, and the result can be read back.
 */

const run = promisify(execFile)
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))

/** Marks the start of the fuse wire in every Electron binary since 12 (@electron/fuses reads and writes it). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

/** The fuses of wire version 1, in wire order. */
export const FUSES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const
export type Fuse = (typeof FUSES)[number]

/** How an unpackaged Electron ships: '1' on, '0' off — the unsafe defaults the configuration must turn around. */
const ELECTRON_DEFAULT_WIRE = '10110001'

export interface StubPack {
  /** The unpacked app, as electron-builder leaves it before making an installer. */
  appOutDir: string
  asarPath: string
  /** The renamed stub binary, with its fuses as electron-builder set them. */
  executable: string
  /** The electron-vite build that was packed (out/main, out/preload, out/renderer). */
  builtOut: string
  /** Wall time of `electron-builder --dir`, build excluded. */
  packMs: number
}

/**
 * Builds the app into `workDir` (never into the repository's own out/, which the e2e tests read while they run),
 * stages a project folder beside it and packs that. The staged folder links the repository's node_modules, so
 * electron-builder collects the production dependencies exactly as in `npm run dist`.
 */
export async function packWithStubElectron(
  workDir: string,
  options: {
    /** Files to put into the staged project before packing, by path inside it (what a packaging step adds). */
    stage?: Record<string, string>
  } = {},
): Promise<StubPack> {
  const project = join(workDir, 'project')
  const builtOut = join(project, 'out')
  await mkdir(project, { recursive: true })
  await run(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
      'build',
      '--outDir',
      builtOut,
      '--logLevel',
      'error',
    ],
    { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
  )
  for (const file of ['package.json', 'package-lock.json']) {
    await copyFile(join(REPO_ROOT, file), join(project, file))
  }
  for (const folder of ['templates', 'build']) {
    await cp(join(REPO_ROOT, folder), join(project, folder), { recursive: true })
  }
  for (const [path, content] of Object.entries(options.stage ?? {})) {
    await mkdir(dirname(join(project, path)), { recursive: true })
    await writeFile(join(project, path), content)
  }
  // The installed packages as a real folder: from a symlinked one electron-builder packed only the direct
  // dependencies, none of theirs (pdfmake without pdfkit). Hard links cost no copy; across file systems, a copy.
  const modules = join(project, 'node_modules')
  await run('cp', ['-al', join(REPO_ROOT, 'node_modules'), modules]).catch(() =>
    cp(join(REPO_ROOT, 'node_modules'), modules, { recursive: true, verbatimSymlinks: true }),
  )

  const electronDist = join(workDir, 'electron')
  await mkdir(join(electronDist, 'resources'), { recursive: true })
  const wire = `${FUSE_SENTINEL}\x01${String.fromCharCode(FUSES.length)}${ELECTRON_DEFAULT_WIRE}`
  await writeFile(join(electronDist, 'electron'), `#!/bin/sh\nexit 0\n# ${wire}\n`, 'latin1')
  await chmod(join(electronDist, 'electron'), 0o755)
  await writeFile(join(electronDist, 'LICENSE'), 'stub\n')
  await writeFile(join(electronDist, 'LICENSES.chromium.html'), '<p>stub</p>\n')
  const electronVersion = (
    JSON.parse(await readFile(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
      version: string
    }
  ).version
  await writeFile(join(electronDist, 'version'), electronVersion)

  const output = join(workDir, 'dist')
  const started = performance.now()
  await run(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'electron-builder', 'cli.js'),
      '--config',
      'build/electron-builder.yml',
      '--dir',
      '--linux',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${electronVersion}`,
      `-c.directories.output=${output}`,
    ],
    { cwd: project, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: 'true' } },
  )
  const packMs = performance.now() - started
  const appOutDir = join(output, 'linux-unpacked')
  return {
    appOutDir,
    asarPath: join(appOutDir, 'resources', 'app.asar'),
    executable: join(appOutDir, 'hecsos-studio'),
    builtOut,
    packMs,
  }
}

/** The fuses as written in a binary: true on, false off, undefined when left to Electron (or unknown). */
export function readFuses(binary: Buffer): Record<Fuse, boolean | undefined> {
  const start = binary.indexOf(FUSE_SENTINEL, 0, 'latin1')
  if (start < 0) throw new Error('No fuse wire in this binary.')
  const wire = start + FUSE_SENTINEL.length
  const length = binary[wire + 1] ?? 0
  const fuses = {} as Record<Fuse, boolean | undefined>
  FUSES.forEach((fuse, index) => {
    const state = index < length ? String.fromCharCode(binary[wire + 2 + index] ?? 0) : ''
    fuses[fuse] = state === '1' ? true : state === '0' ? false : undefined
  })
  return fuses
}
