import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import asar from '@electron/asar'
import { packWithStubElectron } from '../../.ci/stub-pack'
import type { BenchSection, Figure } from './report'

const MB = 1024 * 1024

/**
 * The size of what `npm run dist` ships: the app packed with the real configuration against a stub Electron
 * (main/packaging.test.ts checks what is inside). Sizes do not vary between runs, so one pack is enough.
 */
export async function benchPackaging(): Promise<BenchSection> {
  const workDir = await mkdtemp(join(tmpdir(), 'hecsos-pack-bench-'))
  try {
    const pack = await packWithStubElectron(workDir)
    const files = asar.listPackage(pack.asarPath, { isPack: false }).map((file) => file.replace(/^\//, ''))
    const bytesByPart = new Map<string, number>()
    let fileCount = 0
    for (const file of files) {
      const entry = asar.statFile(pack.asarPath, file, false) as { size?: number; files?: unknown }
      if (entry.files !== undefined || entry.size === undefined) continue
      fileCount += 1
      const part = partOf(file)
      bytesByPart.set(part, (bytesByPart.get(part) ?? 0) + entry.size)
    }
    const unpacked = await folderBytes(`${pack.asarPath}.unpacked`)
    const largest = [...bytesByPart]
      .filter(([part]) => part.startsWith('node_modules/'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
    const sum = (prefix: string) =>
      [...bytesByPart]
        .filter(([part]) => part.startsWith(prefix))
        .reduce((total, [, bytes]) => total + bytes, 0)
    const figures: Figure[] = [
      { label: 'app.asar', value: round((await stat(pack.asarPath)).size / MB), unit: 'MB' },
      { label: 'app.asar.unpacked (native binaries)', value: round(unpacked / MB), unit: 'MB' },
      { label: 'files in app.asar', value: fileCount, unit: 'count' },
      { label: 'the built app (out/)', value: round(sum('out/') / MB), unit: 'MB' },
      { label: 'templates', value: round(sum('templates/') / MB), unit: 'MB' },
      {
        label: 'production dependencies (node_modules/, in and beside the ASAR)',
        value: round(sum('node_modules/') / MB),
        unit: 'MB',
      },
      ...largest.map(([part, bytes]): Figure => ({ label: part, value: round(bytes / MB), unit: 'MB' })),
      { label: 'electron-builder --dir (build excluded)', value: round(pack.packMs / 1000), unit: 's' },
    ]
    return {
      id: 'packaging',
      title: 'What the installers ship',
      method:
        '`electron-vite build`, then electron-builder `--dir --linux` with build/electron-builder.yml against a stub ' +
        'Electron folder (the Electron zip cannot be downloaded here); sizes read from the resulting app.asar with ' +
        '@electron/asar, by top-level part and by package. The Electron runtime itself (≈ 100 MB per platform) comes ' +
        'on top. Source: `e2e/bench/packaging-bench.ts`, `.ci/stub-pack.ts`.',
      runs: 1,
      figures,
    }
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}

/** `out/renderer`, `templates/catalogue`, or the package for a file under node_modules. */
function partOf(file: string): string {
  const parts = file.split('/')
  if (parts[0] !== 'node_modules') return parts.slice(0, 2).join('/')
  return parts.slice(0, parts[1]?.startsWith('@') ? 3 : 2).join('/')
}

async function folderBytes(folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])
  let total = 0
  for (const entry of entries)
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size
  return total
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
