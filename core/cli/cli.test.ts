import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import packageJson from '../../package.json' with { type: 'json' }
import { has } from '../export/reader-support'
import { runCliOn } from './test-support'
import { defaultLibraryPath } from './library-path'

const run = promisify(execFile)

const repoRoot = join(import.meta.dirname, '..', '..')

let dataDir: string
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hecsos-cli-'))
})
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

const cli = (...argv: string[]) => runCliOn(dataDir, argv)

describe('hecsos', () => {
  it('prints its version and help without touching a library', async () => {
    expect(await cli('--version')).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` })
    const help = await cli('--help')
    expect(help.code).toBe(0)
    for (const command of ['projects', 'create', 'show', '--data']) expect(help.stdout).toContain(command)
    expect(await readdir(dataDir)).toEqual([])
  })

  it('creates projects, lists them newest first and shows one', async () => {
    const first = await cli(
      'create',
      '--title',
      'Competency framework for community engagers',
      '--acronym',
      'HECSOs',
    )
    expect(first.code).toBe(0)
    const firstId = first.stdout.trim()
    expect(firstId).toMatch(/^[a-z0-9-]{8,64}$/)
    const second = await cli('create', '--title', 'Πολιτικές συστάσεις', '--json')
    const secondView = JSON.parse(second.stdout)
    expect(secondView.project.title).toBe('Πολιτικές συστάσεις')

    const listed = JSON.parse((await cli('projects', '--json')).stdout) as Array<{
      id: string
      title: string
    }>
    expect(listed.map((project) => project.id)).toEqual([secondView.project.id, firstId])

    const table = (await cli('projects')).stdout
    expect(table).toContain('Πολιτικές συστάσεις')
    expect(table).toContain('HECSOs')

    const shown = await cli('show', 'hecsos')
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain('Competency framework for community engagers')
    expect(shown.stdout).toContain('No documents yet.')
    expect(JSON.parse((await cli('show', firstId.slice(0, 6), '--json')).stdout).project.id).toBe(firstId)
  })

  it('says so, on stderr with exit code 1, when a project cannot be found or is ambiguous', async () => {
    expect(await cli('show', 'nothing-like-it')).toMatchObject({ code: 1, stdout: '' })
    expect((await cli('show', 'nothing-like-it')).stderr).toMatch(
      /No project matches "nothing-like-it".*hecsos projects/,
    )
    await cli('create', '--title', 'Twin')
    await cli('create', '--title', 'Twin')
    expect((await cli('show', 'twin')).stderr).toMatch(/matches 2 projects/)
  })

  it('rejects bad command lines with exit code 2', async () => {
    expect((await cli('create')).code).toBe(2)
    expect((await cli('frobnicate')).code).toBe(2)
    const empty = await cli('create', '--title', '   ')
    expect(empty.code).toBe(1)
    expect(empty.stderr).toMatch(/title/i)
  })

  it('keeps listing the good projects when one is damaged', async () => {
    await cli('create', '--title', 'Healthy')
    const broken = join(dataDir, 'projects', 'broken-project-0001')
    await mkdir(broken, { recursive: true })
    await writeFile(join(broken, 'project.json'), '{"formatVersion":1,"title":')
    const { code, stdout } = await cli('projects')
    expect(code).toBe(0)
    expect(stdout).toContain('Healthy')
    expect(stdout).toMatch(/damaged/)
  })
})

describe('templates and checks', () => {
  it('lists the shipped templates', async () => {
    const { code, stdout } = await cli('templates')
    expect(code).toBe(0)
    for (const id of ['case-study', 'competency-framework', 'curriculum', 'deliverable'])
      expect(stdout).toContain(id)
    const listed = JSON.parse((await cli('templates', '--json')).stdout)
    expect(listed.templates).toHaveLength(9)
    expect(listed.problems).toEqual([])
  })

  it('checks a template file, naming the path and the reason of each problem', async () => {
    const good = join(dataDir, 'good.json')
    await writeFile(
      good,
      JSON.stringify({
        formatVersion: 1,
        id: 'mini',
        version: 1,
        kind: 'custom',
        objective: 'all',
        title: { en: 'Mini' },
        description: { en: 'Mini.' },
        sections: [{ id: 'main', title: { en: 'Main' }, fields: [] }],
      }),
    )
    expect(await cli('template', 'check', good)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('"mini" (version 1) is valid'),
    })
    const broken = join(dataDir, 'broken.json')
    await writeFile(broken, (await readFile(good, 'utf8')).replace('"version":1', '"version":0'))
    const checked = await cli('template', 'check', broken)
    expect(checked.code).toBe(1)
    expect(checked.stderr).toContain(`${broken}: version:`)
    expect((await cli('template', 'check', join(dataDir, 'missing.json'))).stderr).toMatch(/does not exist/)
  })

  it('adds documents from a template and checks the project, failing while required fields are empty', async () => {
    const projectId = (await cli('create', '--title', 'Policy work')).stdout.trim()
    const added = await cli(
      'add',
      projectId,
      '--template',
      'policy-recommendations',
      '--title',
      'Recomandări',
      '--language',
      'ro',
    )
    expect(added.code).toBe(0)
    expect((await cli('add', projectId, '--template', 'nope', '--title', 'x')).stderr).toMatch(
      /no template "nope"/,
    )
    expect(
      (await cli('add', projectId, '--template', 'toolkit', '--title', 'x', '--language', 'xx')).code,
    ).toBe(2)

    const checked = await cli('check', projectId)
    expect(checked.code).toBe(1)
    expect(checked.stdout).toContain('Recomandări (policy-recommendations)')
    expect(checked.stdout).toMatch(
      /✗ Recomandări \(policy-recommendations\): incomplete, \d+% of fields written/,
    )
    expect(checked.stderr).toMatch(/required items are missing/)
    const asJson = await cli('check', projectId, '--json')
    expect(asJson.code).toBe(1)
    expect(asJson.stderr).toBe('')
    expect(JSON.parse(asJson.stdout).missingRequired).toBe(true)
  })

  it('creates the Example project, whose check shows only its intended findings', async () => {
    const created = await cli('create', '--example', '--json')
    expect(created.code).toBe(0)
    const view = JSON.parse(created.stdout)
    expect(view.documents).toHaveLength(9)
    const languages = view.documents.map((document: { language: string }) => document.language)
    expect(languages).toEqual(expect.arrayContaining(['el', 'ro', 'en']))
    const checked = await cli('check', view.project.id, '--json')
    const check = JSON.parse(checked.stdout)
    expect(check.missingRequired).toBe(false)
    expect(checked.code).toBe(0)
    // The two findings the example is written to demonstrate, and nothing else.
    expect(check.issues.map((issue: { code: string }) => issue.code).sort()).toEqual([
      'competence-not-developed',
      'module-hours-mismatch',
    ])
    expect((await cli('create', '--example', '--title', 'x')).code).toBe(2)
  })
})

describe('export', () => {
  it('writes a document of the Example project as a PDF and a DOCX that poppler and pandoc read back in Greek', async () => {
    const view = JSON.parse((await cli('create', '--example', '--json')).stdout)
    const greek = view.documents.find((document: { language: string }) => document.language === 'el')
    const out = join(dataDir, 'case-study.pdf')
    const exported = await cli('export', view.project.id, '--document', greek.id.slice(0, 8), '--out', out)
    expect(exported).toMatchObject({ code: 0, stdout: `${out}\n` })
    const bytes = await readFile(out)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    if (has('pdftotext')) {
      const text = await run('pdftotext', ['-layout', out, '-'])
      expect(text.stdout.replace(/\s+/g, ' ')).toContain(greek.title.replace(/\s+/g, ' ').slice(0, 30))
    }
    const docx = join(dataDir, 'case-study.docx')
    const asDocx = await cli(
      'export',
      view.project.id,
      '--document',
      greek.id,
      '--format',
      'docx',
      '--out',
      docx,
    )
    expect(asDocx.code).toBe(0)
    expect((await readFile(docx)).subarray(0, 2).toString()).toBe('PK')
    if (has('pandoc')) {
      // pandoc keeps the title in the metadata; the first section heading and the place are in the body.
      const plain = await run('pandoc', ['-f', 'docx', '-t', 'plain', docx])
      expect(plain.stdout).toMatch(/Η πρακτική με μια ματιά[\s\S]*Θεσσαλονίκη/)
    }
    expect((await cli('export', view.project.id, '--document', 'no such document', '--out', out)).code).toBe(
      1,
    )
    expect(
      (await cli('export', view.project.id, '--document', greek.id, '--format', 'odt', '--out', out)).code,
    ).toBe(2)
  })
})

describe('exchange files', () => {
  it('packs a project, verifies and unpacks it, and packs the folder back to the same bytes', async () => {
    const view = JSON.parse((await cli('create', '--example', '--json')).stdout)
    const packed = join(dataDir, 'hecsos.hecsos')
    expect(await cli('pack', view.project.id, '--out', packed)).toMatchObject({ code: 0 })
    const verified = await cli('verify', packed, '--json')
    expect(verified.code).toBe(0)
    const summary = JSON.parse(verified.stdout).summary
    expect(summary).toMatchObject({ projectId: view.project.id, title: view.project.title })
    expect(summary.documents).toHaveLength(9)
    expect((await cli('verify', packed)).stdout).toMatch(/^A valid package of/)

    const folder = join(dataDir, 'unpacked')
    expect(await cli('unpack', packed, '--out', folder)).toMatchObject({ code: 0 })
    expect((await readdir(folder)).sort()).toEqual(['documents', 'history', 'manifest.json', 'project.json'])
    const repacked = join(dataDir, 'again.hecsos')
    expect(await cli('pack', folder, '--out', repacked)).toMatchObject({ code: 0 })
    expect(Buffer.compare(await readFile(packed), await readFile(repacked))).toBe(0)
  })

  it('refuses a file that is not a package, saying why, with exit code 1', async () => {
    const bogus = join(dataDir, 'bogus.hecsos')
    await writeFile(bogus, 'this is not a zip')
    const verified = await cli('verify', bogus)
    expect(verified.code).toBe(1)
    expect(verified.stderr).toMatch(/would be refused: .*not a zip/)
    const asJson = await cli('verify', bogus, '--json')
    expect(asJson.code).toBe(1)
    expect(JSON.parse(asJson.stdout)).toMatchObject({ ok: false, code: 'not-a-zip' })
    expect((await cli('unpack', bogus, '--out', join(dataDir, 'never'))).code).toBe(1)
    await expect(readdir(join(dataDir, 'never'))).rejects.toThrow()
  })
})

/** Every file under `root` with the sha256 of its bytes: equal snapshots mean nothing was written. */
async function snapshot(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files.set(
      path,
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    )
  }
  return files
}

describe('hecsos open', () => {
  it('opens a package into another library keeping its ids, refuses it twice, and opens a copy', async () => {
    const view = JSON.parse((await cli('create', '--example', '--json')).stdout)
    const packed = join(dataDir, 'example.hecsos')
    expect((await cli('pack', view.project.id, '--out', packed)).code).toBe(0)

    // A second library, as on a partner's computer.
    const partnerDir = join(dataDir, 'partner')
    await mkdir(partnerDir)
    const partner = (...argv: string[]) => cli('--data', partnerDir, ...argv)
    expect(await partner('open', packed)).toMatchObject({ code: 0, stdout: `${view.project.id}\n` })
    const shown = JSON.parse((await partner('show', view.project.id, '--json')).stdout)
    expect(shown.documents.map((document: { id: string }) => document.id)).toEqual(
      view.documents.map((document: { id: string }) => document.id),
    )

    const before = await snapshot(partnerDir)
    const again = await partner('open', packed)
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/^hecsos: .*already in your library.*as a copy/)
    expect(await snapshot(partnerDir)).toEqual(before)

    const copy = await partner('open', packed, '--as-copy', '--json')
    expect(copy.code).toBe(0)
    const copied = JSON.parse(copy.stdout)
    expect(copied.project.id).not.toBe(view.project.id)
    expect(copied.documents).toHaveLength(9)
  })

  it('refuses a file that is not a package, or is missing, with exit code 1 and the library untouched', async () => {
    await cli('create', '--title', 'Community labs')
    const before = await snapshot(dataDir)
    const bogus = join(tmpdir(), `hecsos-bogus-${process.pid}.hecsos`)
    await writeFile(bogus, 'this is not a zip')
    try {
      const refused = await cli('open', bogus)
      expect(refused).toMatchObject({ code: 1, stdout: '' })
      expect(refused.stderr).toMatch(/^hecsos: .*not a zip/)
    } finally {
      await rm(bogus, { force: true })
    }
    const missing = await cli('open', join(dataDir, 'missing.hecsos'))
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/does not exist/) })
    expect(await snapshot(dataDir)).toEqual(before)
  })
})

describe('the library path', () => {
  it('follows HECSOS_DATA, else the desktop app’s folder on each system', () => {
    expect(defaultLibraryPath({ env: { HECSOS_DATA: '/data/lib' }, platform: 'linux', homedir: '/h' })).toBe(
      '/data/lib',
    )
    expect(defaultLibraryPath({ env: {}, platform: 'linux', homedir: '/h' })).toBe(
      '/h/.config/HECSOs Studio/library',
    )
    expect(defaultLibraryPath({ env: {}, platform: 'darwin', homedir: '/h' })).toBe(
      '/h/Library/Application Support/HECSOs Studio/library',
    )
    expect(
      defaultLibraryPath({
        env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' },
        platform: 'win32',
        homedir: 'C:\\Users\\a',
      }),
    ).toContain('HECSOs Studio')
  })
})

describe('as installed', () => {
  it('runs through npm without a build step, and as the declared bin', async () => {
    const env = { ...process.env, HECSOS_DATA: dataDir }
    const viaNpm = await run('npm', ['run', '-s', 'hecsos', '--', 'create', '--title', 'From npm'], {
      cwd: repoRoot,
      env,
    })
    const id = viaNpm.stdout.trim()
    expect(id).toMatch(/^[a-z0-9-]{8,64}$/)
    const viaBin = await run(
      process.execPath,
      [join(repoRoot, packageJson.bin.hecsos), 'projects', '--json'],
      { env },
    )
    expect(JSON.parse(viaBin.stdout).map((project: { id: string }) => project.id)).toEqual([id])
    const failing = await run(process.execPath, [join(repoRoot, packageJson.bin.hecsos), 'show', 'missing'], {
      env,
    }).catch((error: { code: number; stderr: string }) => error)
    expect(failing).toMatchObject({ code: 1 })
    expect((failing as { stderr: string }).stderr).toMatch(/^hecsos: No project matches/)
  })
})
