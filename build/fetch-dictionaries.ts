import { createWriteStream } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { downloadArtifact } from '@electron/get'
import yauzl, { type Entry, type ZipFile } from 'yauzl'

/**
 * Packaging step of `npm run dist`: puts Chromium's spellchecker dictionaries for the partners' languages into
 * build/dictionaries, which electron-builder ships as resources/dictionaries (build/electron-builder.yml). On
 * Windows and Linux the app copies them where Chromium looks at start-up (main/spellcheck.ts), so the text is
 * checked offline, with no download at run time. They come from the `hunspell_dictionaries.zip` Electron publishes
 * with each release (the files Chromium would otherwise fetch from Google), for the Electron the app is built with,
 * through @electron/get, which checks it against the release's SHA-256 sums. This step needs the internet, as
 * fetching Electron itself does; without it the app is packed without dictionaries and says so here.
 */

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))
export const DICTIONARIES_DIR = join(REPO_ROOT, 'build', 'dictionaries')

/**
 * Chromium's files for the six languages: English (British and American), German, Greek, Italian, Romanian and
 * Spanish, then the format's version (`en-GB-10-1.bdic`).
 */
const PARTNER_DICTIONARY = /^(?:en-GB|en-US|de-DE|el-GR|it-IT|ro-RO|es-ES)-\d+-\d+\.bdic$/

export function isPartnerDictionary(name: string): boolean {
  return PARTNER_DICTIONARY.test(name)
}

const openZip = (path: string) =>
  new Promise<ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    ),
  )

/**
 * Writes the partner languages' dictionaries of an Electron `hunspell_dictionaries.zip` into `outDir`, each under its
 * own file name whatever folder the archive keeps it in (so nothing lands outside `outDir`), and returns their names.
 */
export async function extractPartnerDictionaries(zipPath: string, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true })
  const zip = await openZip(zipPath)
  const written: string[] = []
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject)
    zip.on('end', resolve)
    zip.on('entry', (entry: Entry) => {
      const name = basename(entry.fileName.replaceAll('\\', '/'))
      if (!isPartnerDictionary(name)) return zip.readEntry()
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error)
        const target = join(outDir, name)
        const partial = `${target}.partial`
        pipeline(stream, createWriteStream(partial))
          .then(() => rename(partial, target))
          .then(() => {
            written.push(name)
            zip.readEntry()
          })
          .catch(async (failure: unknown) => {
            await rm(partial, { force: true })
            reject(failure)
          })
      })
    })
    zip.readEntry()
  })
  return written.sort()
}

async function electronVersion(): Promise<string> {
  const manifest = await readFile(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')
  return (JSON.parse(manifest) as { version: string }).version
}

async function main(): Promise<void> {
  const version = await electronVersion()
  let zipPath: string
  try {
    zipPath = await downloadArtifact({ version, artifactName: 'hunspell_dictionaries.zip', isGeneric: true })
  } catch (error) {
    console.warn(
      `No spellchecker dictionaries for Electron ${version} (${String(error)}): the app is packed without them, ` +
        'and checks spelling only where the system does (macOS, Windows with the language installed).',
    )
    return
  }
  // Those of an earlier Electron go: Chromium asks for its own versions' files by name.
  for (const name of await readdir(DICTIONARIES_DIR))
    if (name.endsWith('.bdic')) await rm(join(DICTIONARIES_DIR, name))
  const written = await extractPartnerDictionaries(zipPath, DICTIONARIES_DIR)
  console.log(`Spellchecker dictionaries for Electron ${version}: ${written.join(', ')}`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main()
