import { storeError } from './test-support'
import { documentContentOf } from '../model'
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { faultyFileSystem } from './faulty-file-system'
import { nodeFileSystem } from './file-system'
import type { DamageReport, LibraryStore, StoredDocument } from './library-store'
import { isLockFile, openTestLibrary, snapshot } from './test-support'
import type { TestLibrary } from './test-support'

/**
 * Hostile and broken files in a library: each one flags its own project or document with a DamageReport,
 * and nothing else in the library is affected or changed.
 */

let library: TestLibrary
let store: LibraryStore

beforeEach(async () => {
  library = await openTestLibrary()
  store = library.store
})

afterEach(async () => {
  await library.dispose()
})

interface Corruption {
  name: string
  reason: DamageReport['reason']
  /** Replaces the file at `path`; `valid` is the JSON text that was there. */
  apply(path: string, valid: string): Promise<void>
}

const write = (text: string | Buffer) => (path: string) => writeFile(path, text)
const withValue = (change: (value: Record<string, unknown>) => unknown) => (path: string, valid: string) =>
  writeFile(path, JSON.stringify(change(JSON.parse(valid) as Record<string, unknown>)))

const CORRUPTIONS: Corruption[] = [
  { name: 'invalid JSON', reason: 'corrupt', apply: write('{"formatVersion":1,') },
  {
    name: 'cut short by a crash of another tool',
    reason: 'corrupt',
    apply: (path, valid) => writeFile(path, valid.slice(0, valid.length / 2)),
  },
  { name: 'zero-length', reason: 'empty', apply: write('') },
  { name: 'only whitespace', reason: 'empty', apply: write(' \n\t') },
  { name: 'binary garbage', reason: 'corrupt', apply: write(Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37])) },
  {
    name: 'a __proto__ key',
    reason: 'corrupt',
    apply: (path, valid) => writeFile(path, valid.replace('{', '{"__proto__":{"polluted":true},')),
  },
  {
    name: 'a constructor key deep inside',
    reason: 'corrupt',
    apply: (path, valid) => writeFile(path, valid.replace(/}$/, ',"x":{"constructor":{"prototype":1}}}')),
  },
  {
    name: 'schema-invalid content',
    reason: 'invalid',
    apply: withValue((value) => ({ ...value, title: 42 })),
  },
  {
    name: 'an id that is a path',
    reason: 'invalid',
    apply: withValue((value) => ({ ...value, id: '../../etc' })),
  },
  { name: 'an array instead of an object', reason: 'invalid', apply: write('[1,2,3]') },
  {
    name: 'no format version',
    reason: 'invalid',
    apply: withValue((value) => ({ ...value, formatVersion: undefined })),
  },
  {
    name: 'a format from a newer version of the app',
    reason: 'too-new',
    apply: withValue((value) => ({ ...value, formatVersion: 99 })),
  },
  {
    name: 'a symbolic link to a file elsewhere',
    reason: 'unreadable',
    apply: async (path) => {
      await rm(path)
      await symlink('/etc/hostname', path)
    },
  },
  {
    name: 'a folder in place of the file',
    reason: 'unreadable',
    apply: async (path) => {
      await rm(path)
      await mkdir(path)
    },
  },
]

async function twoProjects(): Promise<{ victim: string; bystander: string; documents: StoredDocument[] }> {
  const victim = (await store.createProject({ title: 'Victim' })).project.id
  const bystander = (await store.createProject({ title: 'Bystander' })).project.id
  const documents = [
    await store.createDocument(victim, { title: 'Healthy' }),
    await store.createDocument(victim, { title: 'Target' }),
  ]
  await store.createDocument(bystander, { title: 'Elsewhere' })
  return { victim, bystander, documents }
}

describe.each(CORRUPTIONS)('a manifest with $name', (corruption) => {
  it('flags only that project, says what to do, and changes nothing in the library', async () => {
    const { victim, bystander } = await twoProjects()
    await store.close()
    const manifest = join(library.root, 'projects', victim, 'project.json')
    await corruption.apply(manifest, await readFile(manifest, 'utf8'))
    const before = await snapshot(library.root, isLockFile)

    const reopened = await library.reopen()
    const summaries = await reopened.listProjects()
    expect(summaries.map((s) => s.title).sort()).toEqual(['Bystander', victim].sort())
    const flagged = summaries.find((s) => s.id === victim)!
    expect(flagged.damage).toMatchObject({ file: 'project.json', reason: corruption.reason, backups: [] })
    expect(flagged.damage!.message).toContain(victim)
    expect(flagged.damage!.message).toMatch(/exchange file|trash/)

    const error = await storeError(reopened.getProject(victim))
    expect(error.code).toBe(corruption.reason === 'too-new' ? 'too-new' : 'damaged')
    expect(error.details?.damage).toMatchObject({ file: 'project.json', reason: corruption.reason })
    if (corruption.reason === 'too-new') expect(error.message).toMatch(/newer version.*Update HECSOs Studio/)
    expect((await reopened.getProject(bystander)).documents.map((d) => d.title)).toEqual(['Elsewhere'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(await snapshot(library.root, isLockFile)).toEqual(before)
  })
})

describe.each(CORRUPTIONS)('a document with $name', (corruption) => {
  it('flags only that document; the project and its other documents open', async () => {
    const { victim, documents } = await twoProjects()
    const [healthy, target] = documents as [StoredDocument, StoredDocument]
    await store.close()
    const file = join(library.root, 'projects', victim, 'documents', `${target.document.id}.json`)
    await corruption.apply(file, await readFile(file, 'utf8'))
    const before = await snapshot(library.root, isLockFile)

    const reopened = await library.reopen()
    const view = await reopened.getProject(victim)
    expect(view.documents.map((d) => [d.title, d.damage?.reason])).toEqual([
      ['Healthy', undefined],
      [`documents/${target.document.id}.json`, corruption.reason],
    ])
    expect(view.documents[1]!.damage!.message).toMatch(/project “Victim”/)
    expect((await reopened.getDocument(victim, healthy.document.id)).document).toEqual(healthy.document)
    const error = await storeError(reopened.getDocument(victim, target.document.id))
    expect(error.code).toBe(corruption.reason === 'too-new' ? 'too-new' : 'damaged')
    expect(error.details?.damage?.file).toBe(`documents/${target.document.id}.json`)
    const refused = await storeError(
      reopened.saveDocument(victim, target.document.id, documentContentOf(target.document), target.revision),
    )
    expect(['damaged', 'too-new']).toContain(refused.code)
    const counts = (await reopened.listProjects()).map((s): [string, number] => [s.title, s.documentCount])
    expect(counts.sort()).toEqual([
      ['Bystander', 1],
      ['Victim', 2],
    ])
    expect(await snapshot(library.root, isLockFile)).toEqual(before)
  })
})

describe('recovering a damaged file', () => {
  it('lists the backups in the damage report and restores one; the damaged version is kept as a backup', async () => {
    const { victim, documents } = await twoProjects()
    let target = documents[1]!
    for (const title of ['Second draft', 'Third draft']) {
      target = await store.saveDocument(
        victim,
        target.document.id,
        documentContentOf(target.document, { title }),
        target.revision,
      )
    }
    const file = join(library.root, 'projects', victim, 'documents', `${target.document.id}.json`)
    await writeFile(file, '{"formatVersion":1,"id":')

    // Reading the document is what notices: the store re-reads a document on every get.
    const damaged = (await storeError(store.getDocument(victim, target.document.id))).details!.damage!
    expect((await store.getProject(victim)).documents[1]!.damage).toEqual(damaged)
    expect(damaged.backups).toHaveLength(2)
    expect(damaged.message).toMatch(/Restore its latest backup/)
    await store.restoreBackup(victim, `documents/${target.document.id}.json`, damaged.backups[0]!.id)
    const restored = await store.getDocument(victim, target.document.id)
    expect(restored.document.title).toBe('Second draft')
    const backups = await store.listBackups(victim, `documents/${target.document.id}.json`)
    expect(backups).toHaveLength(3)
    const shelf = join(library.root, 'projects', victim, 'backups', 'documents', target.document.id)
    expect(await readFile(join(shelf, `${backups[0]!.id}.json`), 'utf8')).toBe('{"formatVersion":1,"id":')
    // Editing goes on from the restored version.
    const saved = await store.saveDocument(
      victim,
      target.document.id,
      documentContentOf(restored.document, { title: 'Fourth' }),
      restored.revision,
    )
    expect(saved.document.title).toBe('Fourth')
  })

  it('restores a damaged manifest from its backup', async () => {
    const { victim } = await twoProjects()
    const view = await store.getProject(victim)
    await store.updateProject(victim, { acronym: 'V2' }, view.revision)
    await writeFile(join(library.root, 'projects', victim, 'project.json'), '')
    const reopened = await library.reopen()
    await store.close()
    const error = await storeError(reopened.getProject(victim))
    const [latest] = error.details!.damage!.backups
    await reopened.restoreBackup(victim, 'project.json', latest!.id)
    const healed = await reopened.getProject(victim)
    expect(healed.project).toMatchObject({ title: 'Victim', acronym: '' })
    expect(healed.documents).toHaveLength(2)
  })

  it('refuses to restore a backup that is damaged itself', async () => {
    const { victim, documents } = await twoProjects()
    const target = documents[1]!
    await store.saveDocument(
      victim,
      target.document.id,
      documentContentOf(target.document, { title: 'Two' }),
      target.revision,
    )
    const [backup] = await store.listBackups(victim, `documents/${target.document.id}.json`)
    await writeFile(
      join(
        library.root,
        'projects',
        victim,
        'backups',
        'documents',
        target.document.id,
        `${backup!.id}.json`,
      ),
      '{}',
    )
    const error = await storeError(
      store.restoreBackup(victim, `documents/${target.document.id}.json`, backup!.id),
    )
    expect(error.code).toBe('damaged')
    expect(error.message).toMatch(/Choose another backup/)
    expect((await store.getDocument(victim, target.document.id)).document.title).toBe('Two')
  })
})

describe('other files', () => {
  it('reports a damaged author profile, and a save replaces it (keeping the damaged one as a backup)', async () => {
    await writeFile(join(library.root, 'author.json'), '{"formatVersion":7}')
    const error = await storeError(store.getAuthorProfile())
    expect(error.code).toBe('too-new')
    expect(error.details?.damage?.file).toBe('author.json')
    await store.saveAuthorProfile({ formatVersion: 1, name: 'Ana', organisation: '', email: '' })
    expect((await store.getAuthorProfile()).name).toBe('Ana')
  })

  it('reads a file that starts with a byte-order mark', async () => {
    const { victim, documents } = await twoProjects()
    const file = join(library.root, 'projects', victim, 'documents', `${documents[0]!.document.id}.json`)
    await writeFile(file, `\uFEFF${await readFile(file, 'utf8')}`)
    expect((await store.getDocument(victim, documents[0]!.document.id)).document.title).toBe('Healthy')
  })

  it('lists a project whose folder cannot be read as damaged, and the others as usual', async () => {
    const { victim } = await twoProjects()
    await store.close()
    const denied = faultyFileSystem(nodeFileSystem, (call) =>
      call.step === 'readdir' && call.path.includes(victim) ? 'EACCES' : undefined,
    )
    const summaries = await (await library.reopen({ fileSystem: denied })).listProjects()
    expect(summaries.map((s) => [s.title, s.damage?.reason])).toEqual([
      ['Bystander', undefined],
      [victim, 'unreadable'],
    ])
    expect(summaries[1]!.damage!.message).toMatch(/its folder cannot be read \(EACCES\)/)
  })

  it('ignores what is not a project in the projects folder', async () => {
    await twoProjects()
    await writeFile(join(library.root, 'projects', 'README.txt'), 'hello')
    await mkdir(join(library.root, 'projects', 'Not An Id'))
    await writeFile(join(library.root, 'projects', 'abcdefgh-file'), 'a file with an id-like name')
    expect((await store.listProjects()).map((s) => s.title).sort()).toEqual(['Bystander', 'Victim'])
  })
})
