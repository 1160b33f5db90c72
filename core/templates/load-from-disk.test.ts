import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkUserTemplateText, templateSummaries } from './catalogue'
import { checkTemplateFile, importTemplate, loadCatalogue } from './load-from-disk'
import { formatProblem } from './problems'
import { BROKEN, BUILT_IN, fixtureText } from './test-support'

let dir: string
let builtInDir: string
let userDir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hecsos-templates-'))
  builtInDir = join(dir, 'templates')
  userDir = join(dir, 'library', 'templates')
  await cp(BUILT_IN, builtInDir, { recursive: true })
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A valid user template: a copy of mini-practice under another id. */
function userTemplate(
  id: string,
  version = 1,
  change: (value: Record<string, unknown>) => void = () => {},
): string {
  const value = JSON.parse(fixtureText('built-in', 'catalogue', 'mini-practice.json')) as Record<
    string,
    unknown
  >
  Object.assign(value, { id, version, migrations: [] })
  change(value)
  return JSON.stringify(value, null, 2)
}

describe('loadCatalogue', () => {
  it('loads the built-in templates and vocabularies, and the library’s own templates', async () => {
    await mkdir(userDir, { recursive: true })
    await writeFile(join(userDir, 'our-sheet.json'), userTemplate('our-sheet'))
    await writeFile(join(userDir, 'notes.txt'), 'not a template')
    const catalogue = await loadCatalogue({ builtInDir, userDir })
    expect(catalogue.problems).toEqual([])
    expect(
      templateSummaries(catalogue).map(({ id, origin, languages }) => ({ id, origin, languages })),
    ).toEqual([
      { id: 'mini-practice', origin: 'built-in', languages: ['en'] },
      { id: 'test-curriculum', origin: 'built-in', languages: ['en'] },
      { id: 'test-framework', origin: 'built-in', languages: ['en'] },
      { id: 'our-sheet', origin: 'user', languages: ['en'] },
    ])
  })

  it('reports every broken file precisely and still loads the others', async () => {
    for (const name of await readdir(BROKEN))
      await cp(join(BROKEN, name), join(builtInDir, 'catalogue', name))
    await writeFile(
      join(builtInDir, 'catalogue', 'too-large.json'),
      `{"padding":"${'x'.repeat(1024 * 1024)}"}`,
    )
    await writeFile(join(builtInDir, 'catalogue', 'latin1.json'), Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]))
    await writeFile(join(builtInDir, 'catalogue', 'wrong-name.json'), userTemplate('right-name'))
    await writeFile(join(builtInDir, 'catalogue', 'copy.json'), userTemplate('mini-practice'))
    const catalogue = await loadCatalogue({ builtInDir })
    const at = (name: string) => join(builtInDir, 'catalogue', name)
    const problems = catalogue.problems
    expect(problems).toEqual([
      { file: at('bad-json.json'), path: '', message: expect.stringMatching(/^is not valid JSON/) },
      {
        file: at('bad-path.json'),
        path: 'sections[0].fields[2].rows',
        message: expect.stringMatching(/^"areas.competence" does not lead/),
      },
      {
        file: at('copy.json'),
        path: 'id',
        message: 'the file of "mini-practice" must be named mini-practice.json',
      },
      {
        file: at('duplicate-id.json'),
        path: 'sections[1].fields[1].id',
        message: expect.stringMatching(/^the field id "summary"/),
      },
      { file: at('latin1.json'), path: '', message: 'the file is not UTF-8 text; save it as UTF-8' },
      {
        file: at('min-greater-than-max.json'),
        path: 'sections[0].fields[1].minWords',
        message: 'minWords (600) is greater than maxWords (100)',
      },
      {
        file: at('missing-en-label.json'),
        path: 'sections[0].fields[1].label.en',
        message: 'the English text ("en") is required',
      },
      {
        file: at('proto-key.json'),
        path: '',
        message: expect.stringMatching(/^contains the key "__proto__" \(line 7, column 39\)/),
      },
      {
        file: at('too-large.json'),
        path: '',
        message: 'the file is 1.0 MiB; a template file may be at most 1 MiB',
      },
      {
        file: at('unknown-field-type.json'),
        path: 'sections[0].fields[0].type',
        message: expect.stringMatching(/^"paragraph" is not a known type/),
      },
      {
        file: at('wrong-name.json'),
        path: 'id',
        message: 'the file of "right-name" must be named right-name.json',
      },
    ])
    expect([...catalogue.templates.keys()].sort()).toEqual([
      'mini-practice',
      'test-curriculum',
      'test-framework',
    ])
    expect(catalogue.origins.get('mini-practice')?.file).toBe(at('mini-practice.json'))
  })

  it('refuses user templates that take a built-in id or each other’s, and links', async () => {
    await mkdir(userDir, { recursive: true })
    await writeFile(join(userDir, 'a.json'), userTemplate('test-framework'))
    await writeFile(join(userDir, 'b.json'), userTemplate('ours'))
    await writeFile(join(userDir, 'c.json'), userTemplate('ours'))
    await writeFile(join(userDir, '.ours.json.123-1.tmp'), 'half a file')
    await symlink(join(builtInDir, 'catalogue', 'mini-practice.json'), join(userDir, 'link.json'))
    const catalogue = await loadCatalogue({ builtInDir, userDir })
    expect(catalogue.problems.map(formatProblem)).toEqual([
      `${join(userDir, 'a.json')}: id: "test-framework" is the id of a template that comes with HECSOs Studio; give your template an id of its own`,
      `${join(userDir, 'c.json')}: id: the template id "ours" is already used by ${join(userDir, 'b.json')}`,
    ])
    expect(catalogue.templates.get('test-framework')?.title.en).toBe('Test competency framework')
    expect(catalogue.origins.get('ours')).toEqual({ origin: 'user', file: join(userDir, 'b.json') })
  })

  it('checks a user template’s reference paths against the built-in templates of that kind', async () => {
    await mkdir(userDir, { recursive: true })
    const profile = userTemplate('role-profile-plus', 1, (value) => {
      value.kind = 'role-profile'
      value.sections = [
        {
          id: 'main',
          title: { en: 'Main' },
          fields: [
            {
              id: 'competences',
              type: 'reference',
              multiple: true,
              target: { kind: 'competency-framework', items: 'competences' },
              label: { en: 'Required competences' },
              guidance: { en: 'From the framework.' },
            },
          ],
        },
      ]
    })
    await writeFile(join(userDir, 'role-profile-plus.json'), profile)
    const catalogue = await loadCatalogue({ builtInDir, userDir })
    expect(catalogue.problems.map(formatProblem)).toEqual([
      `${join(userDir, 'role-profile-plus.json')}: sections[0].fields[0].target.items: "competences" does not lead to a repeatable group in the template "test-framework": this template has no field "competences"`,
    ])
  })

  it('reports a missing catalogue folder; a library without templates is normal', async () => {
    const catalogue = await loadCatalogue({
      builtInDir: join(dir, 'nowhere'),
      userDir: join(dir, 'no-library'),
    })
    expect(catalogue.problems.map(({ file, message }) => ({ file, message }))).toEqual([
      { file: join(dir, 'nowhere', 'catalogue'), message: 'the folder does not exist' },
      { file: join(dir, 'nowhere', 'vocabularies'), message: 'the folder does not exist' },
    ])
    expect(catalogue.templates.size).toBe(0)
  })
})

describe('hecsos template check', () => {
  it('accepts a valid file and explains a broken one, as the catalogue would', async () => {
    const catalogue = await loadCatalogue({ builtInDir })
    const file = join(dir, 'mine.json')
    await writeFile(file, userTemplate('mine'))
    expect(await checkTemplateFile(file, catalogue)).toMatchObject({ ok: true, value: { id: 'mine' } })
    expect(await checkTemplateFile(join(BROKEN, 'min-greater-than-max.json'), catalogue)).toEqual({
      ok: false,
      problems: [
        {
          file: join(BROKEN, 'min-greater-than-max.json'),
          path: 'sections[0].fields[1].minWords',
          message: 'minWords (600) is greater than maxWords (100)',
        },
      ],
    })
    expect(await checkTemplateFile(join(dir, 'absent.json'), catalogue)).toEqual({
      ok: false,
      problems: [{ file: join(dir, 'absent.json'), path: '', message: 'the file does not exist' }],
    })
    expect(checkUserTemplateText('x.json', userTemplate('test-curriculum'), catalogue)).toMatchObject({
      ok: false,
      problems: [{ path: 'id', message: expect.stringMatching(/comes with HECSOs Studio/) }],
    })
  })
})

describe('importTemplate', () => {
  it('copies a valid template into the library as <id>.json, leaving no temp file', async () => {
    const catalogue = await loadCatalogue({ builtInDir, userDir })
    const source = join(dir, 'Downloaded template (1).json')
    const text = `\uFEFF${userTemplate('partner-sheet')}`
    await writeFile(source, text)
    const result = await importTemplate(source, userDir, catalogue)
    expect(result).toEqual({
      ok: true,
      template: expect.objectContaining({ id: 'partner-sheet' }),
      file: join(userDir, 'partner-sheet.json'),
      replaced: false,
    })
    expect(await readdir(userDir)).toEqual(['partner-sheet.json'])
    // The byte-order mark some editors write is dropped on the way in; the rest is the author's file as it was.
    expect(await readFile(join(userDir, 'partner-sheet.json'), 'utf8')).toBe(text.slice(1))
    const reloaded = await loadCatalogue({ builtInDir, userDir })
    expect(reloaded.problems).toEqual([])
    expect(reloaded.origins.get('partner-sheet')?.origin).toBe('user')
  })

  it('replaces an older version, refuses an older one over a newer', async () => {
    await mkdir(userDir, { recursive: true })
    await writeFile(join(userDir, 'partner-sheet.json'), userTemplate('partner-sheet', 2))
    const catalogue = await loadCatalogue({ builtInDir, userDir })
    const older = join(dir, 'older.json')
    await writeFile(older, userTemplate('partner-sheet', 1))
    expect(await importTemplate(older, userDir, catalogue)).toEqual({
      ok: false,
      problems: [
        {
          file: older,
          path: 'version',
          message: 'the library already has version 2 of "partner-sheet"; this file is the older version 1',
        },
      ],
    })
    const newer = join(dir, 'newer.json')
    await writeFile(newer, userTemplate('partner-sheet', 3))
    expect(await importTemplate(newer, userDir, catalogue)).toMatchObject({ ok: true, replaced: true })
    expect(JSON.parse(await readFile(join(userDir, 'partner-sheet.json'), 'utf8')).version).toBe(3)
  })

  it('refuses an invalid file with the same messages as the check, and writes nothing', async () => {
    const catalogue = await loadCatalogue({ builtInDir, userDir })
    const file = join(BROKEN, 'duplicate-id.json')
    const checked = await checkTemplateFile(file, catalogue)
    expect(await importTemplate(file, userDir, catalogue)).toEqual(checked)
    expect(checked.ok).toBe(false)
    await expect(readdir(userDir)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
