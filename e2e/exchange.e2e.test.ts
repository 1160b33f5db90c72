import { createHash } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Channel, ChannelInput, ChannelOutputs, PackageFile } from '../core/api/contract'
import { createAppDeps, type AppDeps } from '../core/api/deps'
import type { PackageFileShell } from '../core/api/file-handlers'
import { createHandlers } from '../core/api/handlers'
import { documentContentOf, plainTextOf, richTextFromParagraphs, type RichText } from '../core/model'
import { rawZip } from '../core/package/test-support'
import { SHIPPED_TEMPLATES_DIR } from '../core/templates/shipped-folder'
import { accessibilityProblems } from './support/accessibility'
import { useApps } from './support/harness'
import {
  currentIds,
  documentFile,
  projectFile,
  projectIdsOnDisk,
  readJson,
  screenshot,
  toast,
} from './support/flows'

const folders: string[] = []

const { start } = useApps(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
})

async function temporaryFolder(prefix: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix))
  folders.push(folder)
  return folder
}

/** A library prepared through the store, as an earlier session (or the partner's own app) left it. */
async function prepareLibrary(build: (deps: AppDeps) => Promise<void>): Promise<string> {
  const libraryDir = await mkdtemp(join(tmpdir(), 'hecsos-e2e-library-'))
  const deps = await createAppDeps({
    dataDir: libraryDir,
    templatesDir: SHIPPED_TEMPLATES_DIR,
    appVersion: '0.0.0-e2e',
  })
  try {
    await build(deps)
  } finally {
    await deps.close()
  }
  return libraryDir
}

/**
 * The desktop's side of package files, over a real folder: the save dialog answers with `folder/<name>`, the open
 * dialog with whatever the test put in `toChoose`, and double-clicked files wait in `doubleClicked`.
 */
function desktopFiles(folder: string) {
  const toChoose: string[] = []
  const doubleClicked: string[] = []
  const read = async (path: string): Promise<PackageFile> => ({
    fileName: basename(path),
    // A copy as a plain Uint8Array: like Electron's IPC, the page bridge carries typed arrays, not Buffers.
    bytes: new Uint8Array(await readFile(path)),
  })
  const shell: PackageFileShell = {
    savePackage: async (suggestedName, bytes) => {
      await writeFile(join(folder, suggestedName), bytes)
      return { fileName: suggestedName }
    },
    choosePackage: async () => {
      const path = toChoose.shift()
      return path === undefined ? undefined : read(path)
    },
    takeOpenedPackages: async () => Promise.all(doubleClicked.splice(0).map(read)),
  }
  return { shell, toChoose, doubleClicked }
}

/** Every file of a library with a hash of its bytes: what "the library is unchanged" means on disk. */
async function libraryContents(libraryDir: string): Promise<Record<string, string>> {
  const contents: Record<string, string> = {}
  for (const entry of await readdir(libraryDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    contents[path.slice(libraryDir.length)] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex')
  }
  return contents
}

/** Drops a file on the window the way the system does: a drop event whose data transfer holds the file. */
async function dropFile(page: Page, fileName: string, bytes: Uint8Array): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, data }) => {
      // Typed by hand: the e2e code is compiled without the DOM library.
      const web = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } }
        File: new (parts: unknown[], name: string) => unknown
        Uint8Array: typeof Uint8Array
      }
      const dataTransfer = new web.DataTransfer()
      dataTransfer.items.add(new web.File([new web.Uint8Array(data)], name))
      return dataTransfer
    },
    { name: fileName, data: [...bytes] },
  )
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer })
}

function summaryDialog(page: Page) {
  return page.getByRole('dialog', { name: /^Open “.*”\?$/ })
}

async function prepareCaseStudyLibrary(): Promise<{ libraryDir: string; projectId: string }> {
  let projectId = ''
  const libraryDir = await prepareLibrary(async ({ store }) => {
    await store.saveAuthorProfile({
      formatVersion: 1,
      name: 'Eleni Papadaki',
      organisation: 'University of Patras',
      email: '',
    })
    const view = await store.createProject({
      title: 'Practice cases of community engagement',
      acronym: 'PCCE',
    })
    projectId = view.project.id
    for (const [title, text] of [
      ['Neighbourhood kitchens in Patras', 'Residents cook together every Thursday.'],
      ['Repair café in Cluj-Napoca', 'Volunteers repair what neighbours bring.'],
    ] as const) {
      const stored = await store.createDocument(projectId, { title })
      await store.saveDocument(
        projectId,
        stored.document.id,
        { ...stored.document, fields: { body: richTextFromParagraphs([text]) as never } },
        stored.revision,
      )
    }
  })
  folders.push(libraryDir)
  return { libraryDir, projectId }
}

describe('sending a project to a partner', () => {
  it('saves the project as one file, which the partner opens by double-click, then as a copy by drop', async () => {
    const { libraryDir, projectId } = await prepareCaseStudyLibrary()
    const outbox = await temporaryFolder('hecsos-e2e-outbox-')
    const sender = desktopFiles(outbox)
    const eleni = await start({ libraryDir, packageFiles: sender.shell })
    await eleni.page.goto(`${new URL(eleni.page.url()).origin}/#/projects/${projectId}`)
    await eleni.page
      .getByRole('heading', { level: 1, name: 'Practice cases of community engagement' })
      .waitFor()

    await eleni.page.getByRole('button', { name: 'Save a copy…' }).click()
    await toast(eleni.page, 'Saved “PCCE.hecsos”.').waitFor()
    await eleni.page.getByRole('button', { name: 'Send to partner…' }).click()
    const sent = toast(eleni.page, '“PCCE.hecsos” is ready to send')
    await sent.waitFor()
    await sent.getByText('Attach it to an e-mail to your partners').waitFor()
    expect(await readdir(outbox)).toEqual(['PCCE.hecsos'])
    const packageBytes = await readFile(join(outbox, 'PCCE.hecsos'))

    // The partner double-clicks the file while the app is running: the system hands it over, the page is told.
    const inbox = desktopFiles(outbox)
    const ana = await start({ packageFiles: inbox.shell })
    inbox.doubleClicked.push(join(outbox, 'PCCE.hecsos'))
    await ana.emit('files:package-waiting', {})
    const summary = summaryDialog(ana.page)
    await summary.getByRole('heading', { name: 'Open “Practice cases of community engagement”?' }).waitFor()
    await summary.getByText('PCCE.hecsos').waitFor()
    await summary.getByText('Eleni Papadaki').waitFor()
    await summary.getByText('HECSOs Studio 0.0.0-e2e').waitFor()
    await summary.getByRole('heading', { name: '2 documents' }).waitFor()
    await summary.getByText('Neighbourhood kitchens in Patras').waitFor()
    await summary.getByText('Repair café in Cluj-Napoca').waitFor()
    await summary.getByText('This project is not in your library yet.').waitFor()
    await screenshot(ana.page, 'exchange-package-summary')
    expect(await accessibilityProblems(ana.page)).toEqual([])
    await summary.getByRole('button', { name: 'Open', exact: true }).click()

    await ana.page
      .getByRole('heading', { level: 1, name: 'Practice cases of community engagement' })
      .waitFor()
    await toast(ana.page, 'Opened “Practice cases of community engagement”.').waitFor()
    // The project keeps its id, so that a later merge knows it is the same project.
    expect(currentIds(ana.page).projectId).toBe(projectId)
    expect(await projectIdsOnDisk(ana.libraryDir)).toEqual([projectId])
    await ana.page.getByRole('link', { name: 'Repair café in Cluj-Napoca' }).waitFor()

    // Dropped again, the same file is known: it can be opened beside the first as a copy.
    await dropFile(ana.page, 'PCCE.hecsos', packageBytes)
    await summary.getByText('This project is already in your library.', { exact: false }).waitFor()
    await summary.getByRole('button', { name: 'Open as a copy' }).click()
    await ana.page
      .getByRole('heading', { level: 1, name: 'Practice cases of community engagement (copy)' })
      .waitFor()
    const ids = await projectIdsOnDisk(ana.libraryDir)
    expect(ids).toHaveLength(2)
    const copyId = currentIds(ana.page).projectId
    expect(copyId).not.toBe(projectId)
    expect(await readJson(projectFile(ana.libraryDir, copyId ?? ''))).toMatchObject({
      title: 'Practice cases of community engagement (copy)',
    })
  })

  it('opens a project file from File ▸ Open…, and asks for a project first when saving from the library', async () => {
    const { libraryDir } = await prepareCaseStudyLibrary()
    const deps = await createAppDeps({
      dataDir: libraryDir,
      templatesDir: SHIPPED_TEMPLATES_DIR,
      appVersion: '0.0.0-e2e',
    })
    const projectId = (await deps.store.listProjects())[0]!.id
    const outbox = await temporaryFolder('hecsos-e2e-outbox-')
    const packed = await createHandlers(deps)['projects:pack']({ projectId })
    await deps.close()
    if (!packed.ok) throw new Error(packed.error.message)
    await writeFile(join(outbox, 'From Patras.hecsos'), packed.data.bytes)

    const files = desktopFiles(outbox)
    const app = await start({ packageFiles: files.shell })
    await app.emit('menu:command', { command: 'save-copy' })
    await toast(app.page, 'Open a project first: the file is made from the project on screen.').waitFor()

    files.toChoose.push(join(outbox, 'From Patras.hecsos'))
    await app.emit('menu:command', { command: 'open-package' })
    const summary = summaryDialog(app.page)
    await summary.getByText('From Patras.hecsos').waitFor()
    await summary.getByRole('button', { name: 'Open', exact: true }).click()
    await app.page
      .getByRole('heading', { level: 1, name: 'Practice cases of community engagement' })
      .waitFor()
    expect(await projectIdsOnDisk(app.libraryDir)).toEqual([projectId])
  })
})

describe('a package that must not get in', () => {
  it('is refused with the reader’s reason and leaves the library exactly as it was', async () => {
    const { libraryDir } = await prepareCaseStudyLibrary()
    const app = await start({ libraryDir })
    await app.page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor()
    const before = await libraryContents(libraryDir)

    const zipSlip = rawZip([
      { name: 'manifest.json', data: new TextEncoder().encode('{}') },
      { name: '../../escaped.json', data: new TextEncoder().encode('{"owned": true}') },
    ])
    await dropFile(app.page, 'Urgent partner update.hecsos', zipSlip)
    const refused = app.page.getByRole('dialog', { name: 'This file cannot be opened' })
    await refused.getByText('HECSOs Studio checked “Urgent partner update.hecsos” and refused it:').waitFor()
    const reason = await refused.getByRole('alert').innerText()
    expect(reason).toMatch(/\.\.\/\.\.\/escaped\.json/)
    await refused.getByText('Your library has not been changed.').waitFor()
    await screenshot(app.page, 'exchange-refused')
    expect(await accessibilityProblems(app.page)).toEqual([])
    await refused.getByRole('button', { name: 'Close' }).click()

    await dropFile(app.page, 'minutes.docx', new TextEncoder().encode('not a package'))
    await toast(app.page, '“minutes.docx” is not a HECSOs project file').waitFor()

    expect(await libraryContents(libraryDir)).toEqual(before)
    expect(app.bridge.callsOf('projects:open-package')).toHaveLength(0)
  })
})

/**
 * A partner's own library, driven through the handlers the app uses: setup only (each partner's editing and
 * packing); merging is done in the app, as the coordinator would.
 */
async function partnerLibrary(name: string, libraryDir?: string) {
  const dataDir = libraryDir ?? (await temporaryFolder('hecsos-e2e-partner-'))
  const deps = await createAppDeps({ dataDir, templatesDir: SHIPPED_TEMPLATES_DIR, appVersion: '0.0.0-e2e' })
  const handlers = createHandlers(deps)
  const run = async <K extends Channel>(channel: K, input: ChannelInput<K>): Promise<ChannelOutputs[K]> => {
    const result = await handlers[channel](input)
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
    return result.data
  }
  await run('profile:save', { formatVersion: 1, name, organisation: '', email: '' })
  return {
    libraryDir: dataDir,
    run,
    /** Rewrites one paragraph of a document's text, as its author typing would. */
    async editParagraph(projectId: string, documentId: string, index: number, text: string) {
      const { document, revision } = await run('documents:get', { projectId, documentId })
      const paragraphs = bodyParagraphs(document)
      paragraphs[index] = text
      await run('documents:save', {
        projectId,
        documentId,
        content: documentContentOf(document, {
          fields: { body: richTextFromParagraphs(paragraphs) as never },
        }),
        baseRevision: revision,
      })
    },
    async pack(projectId: string, folder: string, fileName: string): Promise<string> {
      const { bytes } = await run('projects:pack', { projectId })
      const path = join(folder, fileName)
      await writeFile(path, bytes)
      return path
    },
    close: () => deps.close(),
  }
}

function bodyParagraphs(document: { fields: Record<string, unknown> }): string[] {
  return plainTextOf(document.fields.body as RichText).split('\n\n')
}

async function paragraphsOnDisk(
  libraryDir: string,
  projectId: string,
  documentId: string,
): Promise<string[]> {
  return bodyParagraphs((await readJson(documentFile(libraryDir, projectId, documentId))) as never)
}

describe('bringing partners’ copies back together', () => {
  it('shows a partner’s version under a structured field until the conflict is settled', async () => {
    const mailbox = await temporaryFolder('hecsos-e2e-mailbox-')
    const maria = await partnerLibrary('Maria Ionescu')
    const ana = await partnerLibrary('Ana García')
    try {
      const { project } = await maria.run('projects:create', { title: 'Repair cafés', acronym: 'RC' })
      const projectId = project.id
      const caseStudy = (
        await maria.run('documents:create', {
          projectId,
          document: { title: 'Case study: Cluj', templateId: 'case-study' },
        })
      ).document.id
      const retitle = async (partner: typeof maria, title: string) => {
        const { document, revision } = await partner.run('documents:get', {
          projectId,
          documentId: caseStudy,
        })
        await partner.run('documents:save', {
          projectId,
          documentId: caseStudy,
          content: documentContentOf(document, { fields: { ...document.fields, practiceTitle: title } }),
          baseRevision: revision,
        })
      }
      await retitle(maria, 'Repair café')
      const sent = await readFile(await maria.pack(projectId, mailbox, 'RC.hecsos'))
      await ana.run('projects:open-package', { bytes: new Uint8Array(sent) })
      await retitle(ana, 'Repair café in Cluj-Napoca')
      const fromAna = await ana.pack(projectId, mailbox, 'RC from Ana.hecsos')
      await retitle(maria, 'Community repair café')
      await maria.close()

      const app = await start({ libraryDir: maria.libraryDir })
      await dropFile(app.page, basename(fromAna), new Uint8Array(await readFile(fromAna)))
      await summaryDialog(app.page).getByRole('button', { name: 'Merge' }).click()
      await app.page.getByRole('heading', { level: 1, name: 'Settle the conflicts' }).waitFor()
      await app.page.getByRole('button', { name: 'Show in the document' }).click()

      // In the document the field keeps this library's value, and the partner's is right under it.
      const field = app.page.locator('.sf-field').filter({ has: app.page.locator('.sf-conflict') })
      await field.locator('.sf-conflict').getByText('Repair café in Cluj-Napoca').waitFor()
      await field
        .locator('.sf-conflict')
        .getByText(/Ana García/)
        .waitFor()
      await expect.poll(() => field.getByRole('textbox').first().inputValue()).toBe('Community repair café')

      await field.getByRole('link', { name: 'Settle the conflicts…' }).click()
      await app.page.getByRole('button', { name: 'Keep theirs' }).click()
      await app.page.getByRole('status').getByText('No conflicts remain: the merge is complete.').waitFor()
      const onDisk = (await readJson(documentFile(maria.libraryDir, projectId, caseStudy))) as {
        fields: Record<string, unknown>
      }
      expect(onDisk.fields.practiceTitle).toBe('Repair café in Cluj-Napoca')
    } finally {
      await ana.close()
    }
  })

  it('merges two partners’ packages without a conflict, then settles a true conflict in the app', async () => {
    const mailbox = await temporaryFolder('hecsos-e2e-mailbox-')
    const maria = await partnerLibrary('Maria Ionescu')
    const ana = await partnerLibrary('Ana García')
    const nikos = await partnerLibrary('Nikos Pappas')
    try {
      // The coordinator starts the project and sends the same package to both partners.
      const { project } = await maria.run('projects:create', {
        title: 'Community engagement results',
        acronym: 'CER',
      })
      const projectId = project.id
      const caseStudy = (
        await maria.run('documents:create', {
          projectId,
          document: { title: 'Case study: repair café in Cluj-Napoca' },
        })
      ).document.id
      const framework = (
        await maria.run('documents:create', {
          projectId,
          document: { title: 'Competency framework for CSO staff' },
        })
      ).document.id
      await maria.editParagraph(projectId, caseStudy, 0, 'Volunteers repair what neighbours bring.')
      await maria.editParagraph(projectId, caseStudy, 1, 'The café opens every second Saturday.')
      await maria.editParagraph(projectId, framework, 0, 'Area 1: working with communities.')
      const sent = await readFile(await maria.pack(projectId, mailbox, 'CER.hecsos'))
      await maria.close()
      for (const partner of [ana, nikos])
        await partner.run('projects:open-package', { bytes: new Uint8Array(sent) })

      // Ana rewrites the case study's first paragraph; Nikos the framework and the case study's other one.
      await ana.editParagraph(
        projectId,
        caseStudy,
        0,
        'Volunteers from three parishes repair what neighbours bring.',
      )
      await nikos.editParagraph(
        projectId,
        framework,
        0,
        'Area 1: working with communities and local authorities.',
      )
      await nikos.editParagraph(projectId, caseStudy, 1, 'The café opens every second and fourth Saturday.')
      const fromAna = await ana.pack(projectId, mailbox, 'CER from Ana.hecsos')
      const fromNikos = await nikos.pack(projectId, mailbox, 'CER from Nikos.hecsos')

      // The coordinator merges both packages in the app, one after the other: nothing conflicts.
      let app = await start({ libraryDir: maria.libraryDir })
      for (const [index, [file, author]] of (
        [
          [fromAna, 'Ana García'],
          [fromNikos, 'Nikos Pappas'],
        ] as const
      ).entries()) {
        await dropFile(app.page, basename(file), new Uint8Array(await readFile(file)))
        const summary = summaryDialog(app.page)
        await summary.getByText(author).waitFor()
        await summary.getByText('This project is already in your library.', { exact: false }).waitFor()
        if (author === 'Ana García') await screenshot(app.page, 'exchange-merge-summary')
        await summary.getByRole('button', { name: 'Merge' }).click()
        const merged = toast(app.page, 'Merged “Community engagement results”: everything fitted together.')
        await expect.poll(() => merged.count()).toBe(index + 1)
      }
      await app.page.getByRole('heading', { level: 1, name: 'Community engagement results' }).waitFor()
      expect(await paragraphsOnDisk(maria.libraryDir, projectId, caseStudy)).toEqual([
        'Volunteers from three parishes repair what neighbours bring.',
        'The café opens every second and fourth Saturday.',
      ])
      expect(await paragraphsOnDisk(maria.libraryDir, projectId, framework)).toEqual([
        'Area 1: working with communities and local authorities.',
      ])
      await app.close({ keepLibrary: true })

      // Then Ana and the coordinator both rewrite the same paragraph: a true conflict.
      await ana.editParagraph(
        projectId,
        caseStudy,
        0,
        'Volunteers and a vocational school repair what neighbours bring.',
      )
      await ana.editParagraph(projectId, framework, 0, 'Area 1: listening to communities.')
      const secondFromAna = await ana.pack(projectId, mailbox, 'CER from Ana, second.hecsos')
      const mariaAgain = await partnerLibrary('Maria Ionescu', maria.libraryDir)
      await mariaAgain.editParagraph(
        projectId,
        caseStudy,
        0,
        'Volunteers repair bicycles, radios and clothes.',
      )
      await mariaAgain.editParagraph(projectId, framework, 0, 'Area 1: engaging communities.')
      await mariaAgain.close()

      app = await start({ libraryDir: maria.libraryDir })
      await dropFile(app.page, basename(secondFromAna), new Uint8Array(await readFile(secondFromAna)))
      await summaryDialog(app.page).getByRole('button', { name: 'Merge' }).click()
      await toast(app.page, 'Merged: 2 places need your decision').waitFor()
      await app.page.getByRole('heading', { level: 1, name: 'Settle the conflicts' }).waitFor()
      await app.page.getByRole('status').getByText('2 conflicts remain').waitFor()
      // Until it is settled the project is usable, and the paragraph holds both versions, the coordinator's first.
      expect(await paragraphsOnDisk(maria.libraryDir, projectId, caseStudy)).toEqual([
        'Volunteers repair bicycles, radios and clothes.',
        'Volunteers and a vocational school repair what neighbours bring.',
        'The café opens every second and fourth Saturday.',
      ])
      const conflict = app.page.getByRole('article', { name: /Case study: repair café in Cluj-Napoca/ })
      const mine = conflict.locator('.conflict-side-ours')
      const theirs = conflict.locator('.conflict-side-theirs')
      await mine.getByText(/^By Maria Ionescu, /).waitFor()
      await mine.getByText('Volunteers repair bicycles, radios and clothes.').waitFor()
      await theirs.getByText(/^By Ana García, /).waitFor()
      await theirs.getByText('Volunteers and a vocational school repair what neighbours bring.').waitFor()
      await screenshot(app.page, 'exchange-conflicts')
      expect(await accessibilityProblems(app.page)).toEqual([])

      await conflict.getByRole('button', { name: 'Keep theirs' }).click()
      await app.page.getByRole('status').getByText('1 conflict remains').waitFor()

      // The other one the coordinator settles by writing the text herself.
      const other = app.page.getByRole('article', { name: /Competency framework for CSO staff/ })
      await other.getByRole('button', { name: 'Edit…' }).click()
      await other.getByLabel('The text to keep').fill('Area 1: listening to and engaging communities.')
      await other.getByRole('button', { name: 'Keep this text' }).click()
      await app.page.getByRole('status').getByText('No conflicts remain: the merge is complete.').waitFor()
      await toast(app.page, 'All conflicts are settled: the merge is complete.').waitFor()
      expect(await paragraphsOnDisk(maria.libraryDir, projectId, caseStudy)).toEqual([
        'Volunteers and a vocational school repair what neighbours bring.',
        'The café opens every second and fourth Saturday.',
      ])
      expect(await paragraphsOnDisk(maria.libraryDir, projectId, framework)).toEqual([
        'Area 1: listening to and engaging communities.',
      ])
    } finally {
      await ana.close()
      await nikos.close()
    }
  })
})

describe('the history of a project', () => {
  it('lists versions with author and name, compares two word by word, and restores one as a new version', async () => {
    const eleni = await partnerLibrary('Eleni Papadaki')
    const { project } = await eleni.run('projects:create', { title: 'Toolkit for participatory workshops' })
    const projectId = project.id
    const documentId = (
      await eleni.run('documents:create', { projectId, document: { title: 'World café method' } })
    ).document.id
    await eleni.editParagraph(projectId, documentId, 0, 'Tables of four talk for twenty minutes.')
    await eleni.run('history:name-version', { projectId, name: 'First draft' })
    await eleni.editParagraph(projectId, documentId, 0, 'Tables of five talk for thirty minutes.')
    await eleni.run('history:name-version', { projectId, name: 'Sent to partners, 12 May' })
    await eleni.close()

    const app = await start({ libraryDir: eleni.libraryDir })
    const { page } = app
    await page.getByRole('link', { name: 'Toolkit for participatory workshops' }).click()
    await page.getByRole('link', { name: 'History' }).click()
    await page
      .getByRole('heading', { level: 1, name: 'History of “Toolkit for participatory workshops”' })
      .waitFor()
    const versions = page.getByRole('list', { name: 'Versions' })
    const sentVersion = versions.getByRole('listitem').filter({ hasText: 'Sent to partners, 12 May' })
    const firstDraft = versions.getByRole('listitem').filter({ hasText: 'First draft' })
    await sentVersion.getByText('Current').waitFor()
    await sentVersion.getByText(/^By Eleni Papadaki, /).waitFor()

    // Naming the current version records it under that name.
    await page.getByLabel('Name the current version').fill('Before the Patras workshop')
    await page.getByRole('button', { name: 'Name version' }).click()
    await toast(page, 'The current version is now called “Before the Patras workshop”.').waitFor()
    await versions
      .getByRole('listitem')
      .filter({ hasText: 'Before the Patras workshop' })
      .getByText('Current')
      .waitFor()

    await firstDraft.getByRole('checkbox').check()
    await sentVersion.getByRole('checkbox').check()
    await page.getByRole('button', { name: 'Compare', exact: true }).click()
    const compared = page.getByRole('article', { name: 'World café method' })
    await expect.poll(() => compared.locator('del').allTextContents()).toEqual(['four', 'twenty'])
    await expect.poll(() => compared.locator('ins').allTextContents()).toEqual(['five', 'thirty'])
    await compared.scrollIntoViewIfNeeded()
    await screenshot(page, 'exchange-history')
    expect(await accessibilityProblems(page)).toEqual([])

    await firstDraft.getByRole('button', { name: 'Restore' }).click()
    await toast(page, 'is back, as the newest version.').waitFor()
    expect(await paragraphsOnDisk(app.libraryDir, projectId, documentId)).toEqual([
      'Tables of four talk for twenty minutes.',
    ])
    // The restore is itself a version; the versions before it are all still there.
    await versions.getByRole('listitem').first().getByText('Current').waitFor()
    await expect(
      versions.getByRole('listitem').filter({ hasText: 'Before the Patras workshop' }).count(),
    ).resolves.toBe(1)

    // One document's history, chosen on the same screen: restoring there brings back that document only.
    await page.getByLabel('Show the history of').selectOption({ label: 'World café method' })
    await page.getByRole('heading', { level: 1, name: 'History of “World café method”' }).waitFor()
    expect(currentIds(page)).toEqual({ projectId, documentId })
    await versions
      .getByRole('listitem')
      .filter({ hasText: 'Sent to partners, 12 May' })
      .getByRole('button', { name: 'Restore' })
      .click()
    await expect
      .poll(() => paragraphsOnDisk(app.libraryDir, projectId, documentId))
      .toEqual(['Tables of five talk for thirty minutes.'])
    await toast(page, 'is back, as the newest version.').first().waitFor()
  })
})
