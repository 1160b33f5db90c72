import { builtinModules } from 'node:module'
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import asar from '@electron/asar'
import { load } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packWithStubElectron, readFuses, type StubPack } from '../.ci/stub-pack'

/**
 * What `npm run dist` ships. The configuration is read and checked item by item (fast); then the app is built
 * and packed for real with electron-builder against a stub Electron (.ci/stub-pack.ts), and the ASAR is opened.
 */

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))

interface BuilderConfig {
  appId?: string
  productName?: string
  fileAssociations?: { ext?: string; mimeType?: string; role?: string; name?: string }[]
  electronFuses?: Record<string, boolean>
  win?: { target?: string[]; icon?: string }
  mac?: { target?: string[]; icon?: string }
  linux?: { target?: string[]; icon?: string }
}

interface PackageJson {
  productName: string
  main: string
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

const config = load(await readFile(join(REPO_ROOT, 'build', 'electron-builder.yml'), 'utf8')) as BuilderConfig
const packageJson = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson

describe('the electron-builder configuration', () => {
  it('names the app and gives it a reverse-domain id', () => {
    expect(config.appId).toBe('org.hecsos.studio')
    expect(config.productName).toBe(packageJson.productName)
  })

  it('builds an NSIS installer for Windows, a dmg for macOS, an AppImage and a deb for Linux', () => {
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
  })

  it('registers .hecsos files with their own MIME type, opened by the app', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'hecsos', mimeType: 'application/vnd.hecsos+zip', role: 'Editor' }),
    ])
  })

  it('sets the fuses: no run-as-node, no NODE_OPTIONS, no inspector, ASAR integrity, only the ASAR', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('has an icon for each platform, made from build/icon.png', async () => {
    const png = await readFile(join(REPO_ROOT, 'build', 'icon.png'))
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512])

    const ico = await readFile(join(REPO_ROOT, 'build', 'icon.ico'))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, index) => ico[6 + index * 16] || 256)
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]))

    const icns = await readFile(join(REPO_ROOT, 'build', 'icon.icns'))
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)

    expect(config.win?.icon).toBe('build/icon.ico')
    expect(config.mac?.icon).toBe('build/icon.icns')
    expect(config.linux?.icon).toBe('build/icon.png')
  })

  it('is what `npm run dist` builds with, after the typecheck, the build and fetching the dictionaries', () => {
    expect(packageJson.scripts.dist).toMatch(
      /^npm run build && tsx build\/fetch-dictionaries\.ts && electron-builder --config build\/electron-builder\.yml/,
    )
  })
})

const STAGED_DICTIONARY = 'build/dictionaries/el-GR-3-0.bdic'

describe('the packed app', () => {
  let workDir: string
  let pack: StubPack
  let files: Set<string>

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'hecsos-pack-'))
    // What build/fetch-dictionaries.ts leaves for `npm run dist` (it needs the internet, which tests have not).
    pack = await packWithStubElectron(workDir, { stage: { [STAGED_DICTIONARY]: 'Greek words' } })
    files = new Set(asar.listPackage(pack.asarPath, { isPack: false }).map((file) => file.replace(/^\//, '')))
  }, 600_000)

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true })
  })

  const read = (file: string) => asar.extractFile(pack.asarPath, file).toString('utf8')

  it('has its fuses flipped in the binary itself', async () => {
    expect(readFuses(await readFile(pack.executable))).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('holds the built main process, preload and renderer, and starts from the main bundle', async () => {
    const built = (await listFiles(pack.builtOut)).map((file) => `out/${file}`)
    expect(built).toContain('out/main/index.js')
    expect(built).toContain('out/preload/index.cjs')
    expect(built).toContain('out/renderer/index.html')
    for (const file of built.filter((name) => !name.endsWith('.map'))) expect(files, file).toContain(file)
    const manifest = JSON.parse(read('package.json')) as PackageJson
    expect(files).toContain(manifest.main)
  })

  it('ships the spellchecker dictionaries beside the ASAR, where the app looks for them, and nothing else there', async () => {
    const dictionaries = join(pack.appOutDir, 'resources', 'dictionaries')
    expect(await readdir(dictionaries)).toEqual(['el-GR-3-0.bdic'])
    expect(await readFile(join(dictionaries, 'el-GR-3-0.bdic'), 'utf8')).toBe('Greek words')
    expect([...files].filter((file) => file.includes('dictionaries'))).toEqual([])
  })

  it('holds the whole template catalogue', async () => {
    const templates = (await listFiles(join(REPO_ROOT, 'templates'))).filter((file) => file.endsWith('.json'))
    expect(templates.length).toBeGreaterThan(10)
    for (const file of templates) expect(files, file).toContain(`templates/${file}`)
  })

  it('holds the fonts the PDF export embeds', () => {
    for (const face of ['Regular', 'Medium', 'Italic', 'MediumItalic']) {
      expect(files).toContain(`node_modules/pdfmake/fonts/Roboto/Roboto-${face}.ttf`)
    }
  })

  it('holds every production package the lock file installs, at its version', async () => {
    const lock = JSON.parse(await readFile(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; dev?: boolean; optional?: boolean }>
    }
    // Type declarations are left out (build/electron-builder.yml): nothing reads them at run time.
    const production = Object.entries(lock.packages).filter(
      ([path, entry]) =>
        path.startsWith('node_modules/') &&
        !entry.dev &&
        !entry.optional &&
        !path.includes('node_modules/@types/'),
    )
    const names = production.map(([path]) =>
      path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
    )
    expect(names).toEqual(expect.arrayContaining(['pdfmake', 'pdfkit', 'steno', 'png-js']))
    const manifests = [...files].filter((file) =>
      /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(file),
    )
    // electron-builder hoists packages its own way: a nested one may land higher up, where Node still finds it.
    production.forEach(([path, entry], index) => {
      const versions = manifests
        .filter((file) => file.endsWith(`node_modules/${names[index]}/package.json`))
        .map((file) => (JSON.parse(read(file)) as { version?: string }).version)
      expect(versions, path).toContain(entry.version)
    })
  })

  it('holds every package the main process and its export worker import at run time', () => {
    const bundles = [...files].filter((file) => /^out\/main\/.*\.[cm]?js$/.test(file))
    expect(bundles).toContain('out/main/index.js')
    const imported = [...new Set(bundles.flatMap((bundle) => bareImports(read(bundle))))]
    expect(imported).toEqual(expect.arrayContaining(['lowdb', 'zod', 'pdfmake', 'docx', 'harfbuzzjs']))
    for (const name of imported) expect(files, name).toContain(`node_modules/${name}/package.json`)
  })

  it('holds the HarfBuzz WebAssembly the export worker shapes words with, and not its unused subsetter', () => {
    expect(files).toContain('node_modules/harfbuzzjs/dist/harfbuzz.wasm')
    expect(files).not.toContain('node_modules/harfbuzzjs/dist/harfbuzz-subset.wasm')
  })

  it('holds no tests, source maps, TypeScript sources or documentation', () => {
    const unwanted = [...files].filter(
      (file) =>
        /\.(map|ts|mts|cts|tsx|md)$/.test(file) ||
        /\.(test|spec)\.[cm]?js$/.test(file) ||
        /(^|\/)(test|tests|__tests__|__mocks__)\//.test(file),
    )
    expect(unwanted).toEqual([])
  })

  it('holds no development dependency and no browser build of pdfmake', () => {
    const devOnly = Object.keys(packageJson.devDependencies).filter(
      (name) => !Object.hasOwn(packageJson.dependencies, name),
    )
    expect(devOnly.filter((name) => files.has(`node_modules/${name}/package.json`))).toEqual([])
    expect([...files].filter((file) => file.startsWith('node_modules/@types/'))).toEqual([])
    expect([...files].filter((file) => /^node_modules\/pdfmake\/(build|src)\//.test(file))).toEqual([])
  })

  it('is one archive file of some size', async () => {
    expect((await stat(pack.asarPath)).size).toBeGreaterThan(1024 * 1024)
  })
})

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
}

/** The packages a bundle loads by name (import, dynamic import, require), without Node's and Electron's own. */
function bareImports(code: string): string[] {
  const names = new Set<string>()
  const patterns = [
    /^import\s[^;]*?\bfrom\s*"([^"]+)"/gm,
    /^import\s*"([^"]+)"/gm,
    /\bimport\(\s*"([^"./][^"]*)"\s*\)/g,
    // createRequire's function keeps its name or gets a suffix from the bundler (require$1).
    /\brequire[\w$]*(?:\.resolve)?\(\s*"([^"./][^"]*)"\s*\)/g,
  ]
  for (const match of patterns.flatMap((pattern) => [...code.matchAll(pattern)])) {
    const specifier = match[1] as string
    if (/^[./]/.test(specifier)) continue
    if (specifier.startsWith('node:') || builtinModules.includes(specifier) || specifier === 'electron')
      continue
    const parts = specifier.split('/')
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string))
  }
  return [...names].sort()
}
