import { createWriteStream } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import yazl from 'yazl'
import { extractPartnerDictionaries, isPartnerDictionary } from './fetch-dictionaries'

let folder: string
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'hecsos-fetch-dictionaries-'))
})
afterEach(async () => {
  await rm(folder, { recursive: true, force: true })
})

/** A zip shaped like Electron's hunspell_dictionaries.zip, with the given files. */
async function zipOf(files: Record<string, string>): Promise<string> {
  const zip = new yazl.ZipFile()
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name)
  zip.end()
  const path = join(folder, 'hunspell_dictionaries.zip')
  await pipeline(zip.outputStream, createWriteStream(path))
  return path
}

describe('the dictionaries shipped with the app', () => {
  it("are Chromium's files for the six languages, and no others", () => {
    for (const name of ['en-GB-10-1.bdic', 'en-US-10-1.bdic', 'de-DE-3-0.bdic', 'el-GR-3-0.bdic'])
      expect(isPartnerDictionary(name), name).toBe(true)
    for (const name of ['it-IT-3-0.bdic', 'ro-RO-3-0.bdic', 'es-ES-3-0.bdic'])
      expect(isPartnerDictionary(name), name).toBe(true)
    for (const name of [
      'fr-FR-3-0.bdic',
      'es-MX-3-0.bdic',
      'en-GB.bdic',
      'el-GR-3-0.bdic.exe',
      'de-DE-3-0.aff',
    ])
      expect(isPartnerDictionary(name), name).toBe(false)
  })

  it('are taken out of the release zip by file name, wherever it keeps them, and nothing else is', async () => {
    const zip = await zipOf({
      'en-GB-10-1.bdic': 'English',
      'fr-FR-3-0.bdic': 'French',
      'dictionaries/el-GR-3-0.bdic': 'Greek',
      'nested/deeper/ro-RO-3-0.bdic': 'Romanian',
      'LICENSE.txt': 'licence',
    })
    const out = join(folder, 'out')
    expect(await extractPartnerDictionaries(zip, out)).toEqual([
      'el-GR-3-0.bdic',
      'en-GB-10-1.bdic',
      'ro-RO-3-0.bdic',
    ])
    expect((await readdir(out)).sort()).toEqual(['el-GR-3-0.bdic', 'en-GB-10-1.bdic', 'ro-RO-3-0.bdic'])
    expect(await readFile(join(out, 'ro-RO-3-0.bdic'), 'utf8')).toBe('Romanian')
    expect(await readdir(folder)).not.toContain('dictionaries')
  })

  it('refuses a file that is not a zip, writing nothing', async () => {
    const out = join(folder, 'out')
    const notZip = join(folder, 'broken.zip')
    await writeFile(notZip, 'not a zip')
    await expect(extractPartnerDictionaries(notZip, out)).rejects.toThrow()
    expect(await readdir(out)).toEqual([])
  })
})
