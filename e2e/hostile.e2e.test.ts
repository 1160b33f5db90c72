import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { PackageFile } from '../core/api/contract'
import { createAppDeps } from '../core/api/deps'
import type { PackageFileShell } from '../core/api/file-handlers'
import { createHandlers } from '../core/api/handlers'
import { richTextFromParagraphs, type FieldValues } from '../core/model'
import {
  MANIFEST_NAME,
  canonicalJson,
  entriesOf,
  readPackage,
  sha256Hex,
  utf8,
  writePackage,
  type PackageManifest,
} from '../core/package'
import { SHIPPED_TEMPLATES_DIR } from '../core/templates/shipped-folder'
import type { AppHarness } from './support/app'
import { createProject, editor } from './support/flows'
import { useApps } from './support/harness'

/**
 * Documents from strangers, in the real renderer: the payloads that turned shared notes into code execution in
 * other Electron writing apps (see docs/SECURITY.md for where each comes from), put everywhere a package or a
 * template file can carry text. Each payload calls `__pwned(<name>)` if it ever runs. After every screen:
 * no payload ran, the page never left the app, no window opened, no link was opened without the confirmation
 * path, and the DOM holds none of the active elements the payloads carry. Pasted and markdown-typed payloads
 * are tested in e2e/rich-text.e2e.test.ts.
 */

const PAYLOADS: ReadonlyArray<readonly [name: string, text: string]> = [
  ['img-onerror', `<img src=x onerror="__pwned('img-onerror')">`],
  ['iframe-srcdoc', `<iframe srcdoc="<script>parent.__pwned('iframe-srcdoc')</script>"></iframe>`],
  ['iframe-js', `<iframe src="javascript:parent.__pwned('iframe-js')"></iframe>`],
  ['svg-script', `<svg><script>__pwned('svg-script')</script></svg>`],
  ['svg-onload', `<svg onload="__pwned('svg-onload')"></svg>`],
  ['script', `<script>__pwned('script')</script>`],
  ['attr-break', `"><script>__pwned('attr-break')</script>`],
  ['details', `<details open ontoggle="__pwned('details')">x</details>`],
  ['embed', `<embed src="data:text/html,<script>parent.__pwned('embed')</script>">`],
  ['object', `<object data="javascript:__pwned('object')"></object>`],
  ['meta-refresh', `<meta http-equiv="refresh" content="0;url=javascript:__pwned('meta-refresh')">`],
  ['js-link', `<a href="javascript:__pwned('js-link')">click</a>`],
  [
    'mxss-style',
    `<math><mtext><table><mglyph><style><!--</style><img src=x onerror="__pwned('mxss-style')">`,
  ],
  [
    'mxss-noscript',
    `<noscript><p title="</noscript><img src=x onerror=__pwned('mxss-noscript')>"></p></noscript>`,
  ],
  ['template-expression', `{{constructor.constructor("__pwned('template-expression')")()}}`],
  ['markdown-link', `[click](javascript:__pwned('markdown-link'))`],
  ['markdown-image', `![x](x" onerror="__pwned('markdown-image'))`],
]
const ALL = PAYLOADS.map(([, text]) => text).join(' ')
/** What a package can say about a picture. */
const IMAGE_TEXT = {
  caption: `<img src=x onerror="__pwned('caption')">`,
  alt: `"><svg onload="__pwned('alt')">`,
  credit: `<a href="javascript:__pwned('credit')">me</a>`,
}

const scratch: string[] = []
const { start } = useApps()

afterAll(async () => {
  for (const dir of scratch.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function scratchDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  scratch.push(dir)
  return dir
}

interface Watch {
  ran: string[]
  navigations: string[]
  popups: string[]
}

/** Listens for every way a payload could show it worked; set up right after the app has loaded. */
async function watch(app: AppHarness): Promise<Watch> {
  const seen: Watch = { ran: [], navigations: [], popups: [] }
  const start = new URL(app.page.url())
  await app.page.exposeFunction('__pwned', (name: string) => seen.ran.push(name))
  app.page.on('framenavigated', (frame) => {
    const url = new URL(frame.url())
    // The app keeps its place in the URL hash; anything else is a navigation away from it.
    if (frame !== app.page.mainFrame() || url.origin !== start.origin || url.pathname !== start.pathname)
      seen.navigations.push(frame.url())
  })
  app.page.context().on('page', (page) => seen.popups.push(page.url()))
  return seen
}

/** Elements and attributes that run code or leave the page; the app's own markup has none of them. */
const ACTIVE_CONTENT = `(() => {
  const found = []
  for (const element of document.querySelectorAll('iframe, frame, object, embed, script:not([src]), svg script, body meta, meta[http-equiv=refresh i], base, math, noscript, details[ontoggle]')) {
    if (element.tagName === 'SCRIPT' && element.type === 'module') continue
    found.push(element.outerHTML.slice(0, 120))
  }
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const value = attribute.value.trim().toLowerCase()
      if (attribute.name.startsWith('on') || attribute.name === 'srcdoc') found.push(element.tagName + ' ' + attribute.name)
      else if (['href', 'src', 'action', 'data', 'formaction', 'xlink:href'].includes(attribute.name) && /^(javascript|data|vbscript|file):/.test(value))
        found.push(element.tagName + ' ' + attribute.name + '=' + value.slice(0, 60))
    }
  }
  return found
})()`

async function expectInert(page: Page, seen: Watch, where: string): Promise<void> {
  expect(await page.evaluate<string[]>(ACTIVE_CONTENT), `active content on ${where}`).toEqual([])
  expect(seen.ran, `payloads that ran on ${where}`).toEqual([])
  expect(seen.navigations, `navigations on ${where}`).toEqual([])
  expect(seen.popups, `windows opened on ${where}`).toEqual([])
}

/** Only http, https and mailto ever reach the confirm-then-open path, and none opened (the harness declines). */
function expectNoExternalOpen(app: AppHarness): void {
  for (const call of app.bridge.callsOf('shell:open-external')) {
    const url = (call.input as { url?: unknown }).url
    if (call.result.ok) expect(call.result.data, String(url)).toBe(false)
    if (typeof url === 'string' && !/^(https?|mailto):/i.test(url)) expect(call.result.ok, url).toBe(false)
  }
}

/** A partner's package, made with the app's own handlers: every text a package can carry is a payload. */
async function hostilePackage(): Promise<{ bytes: Uint8Array; projectTitle: string; titles: string[] }> {
  const libraryDir = await scratchDir('hecsos-e2e-stranger-')
  const deps = await createAppDeps({
    dataDir: libraryDir,
    templatesDir: SHIPPED_TEMPLATES_DIR,
    appVersion: '6.6.6',
  })
  try {
    const handlers = createHandlers(deps)
    const ok = <T>(result: { ok: true; data: T } | { ok: false; error: { message: string } }): T => {
      if (!result.ok) throw new Error(result.error.message)
      return result.data
    }
    await deps.store.saveAuthorProfile({
      formatVersion: 1,
      name: `<img src=x onerror="__pwned('author')">`,
      organisation: ALL.slice(0, 200),
      email: '',
    })
    const projectTitle = `<img src=x onerror="__pwned('project-title')">`
    const created = ok(await handlers['projects:create']({ title: projectTitle, acronym: `<svg onload=x>` }))
    const projectId = created.project.id
    const titles: string[] = []

    // A free-text document: payloads as its title and as every paragraph of its text.
    const plainTitle = `<iframe srcdoc="<script>parent.__pwned('document-title')</script>">`
    titles.push(plainTitle)
    const plain = ok(await handlers['documents:create']({ projectId, document: { title: plainTitle } }))
    ok(
      await handlers['documents:save']({
        projectId,
        documentId: plain.document.id,
        baseRevision: plain.revision,
        content: {
          title: plainTitle,
          language: 'en',
          status: 'draft',
          authors: [],
          fields: {
            body: richTextFromParagraphs(PAYLOADS.map(([, text]) => text)) as unknown as FieldValues[string],
          },
        },
      }),
    )

    // A structured document: payloads in text, rich-text and list fields, and in an image's caption and alt text.
    const caseTitle = `"><script>__pwned('case-title')</script>`
    titles.push(caseTitle)
    const structured = ok(
      await handlers['documents:create']({
        projectId,
        document: { title: caseTitle, templateId: 'case-study' },
      }),
    )
    const asset = ok(
      await handlers['assets:add']({
        projectId,
        bytes: await readFile(join(import.meta.dirname, '..', 'build', 'icon.png')),
      }),
    )
    const fields = {
      ...structured.document.fields,
      practiceTitle: PAYLOADS[0]![1],
      region: PAYLOADS[1]![1],
      locality: PAYLOADS[12]![1],
      summary: richTextFromParagraphs(PAYLOADS.map(([, text]) => text)),
      keywords: PAYLOADS.slice(0, 5).map(([, text]) => text),
      mainImage: { assetId: asset.assetId, ...IMAGE_TEXT },
    } as unknown as FieldValues
    ok(
      await handlers['documents:save']({
        projectId,
        documentId: structured.document.id,
        baseRevision: structured.revision,
        content: { title: caseTitle, language: 'en', status: 'draft', authors: [], fields },
      }),
    )
    const packed = ok(await handlers['projects:pack']({ projectId }))
    return { bytes: await withHostileLinks(packed.bytes, plain.document.id), projectTitle, titles }
  } finally {
    await deps.close()
  }
}

/** Link URLs no app of ours writes: the package is re-made by hand, as an attacker would, with a valid manifest. */
const HOSTILE_LINKS = [
  `javascript:__pwned('link-javascript')`,
  ' JaVaScRiPt:__pwned("link-mixed-case")',
  `data:text/html,<script>parent.__pwned('link-data')</script>`,
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'ms-msdt:/id PCWDiagnostic',
  `https://example.org/"><img src=x onerror="__pwned('link-https')">`,
]

async function withHostileLinks(bytes: Uint8Array, documentId: string): Promise<Uint8Array> {
  // The history is left out: it records the document as the app saved it, and this one is changed by hand.
  const entries = entriesOf(await readPackage(bytes)).filter((each) => !each.name.startsWith('history/'))
  const name = `documents/${documentId}.json`
  const entry = entries.find((each) => each.name === name)!
  const document = JSON.parse(Buffer.from(entry.data).toString('utf8')) as {
    fields: { body: { root: { children: unknown[] } } }
  }
  document.fields.body.root.children.push({
    type: 'paragraph',
    version: 1,
    format: '',
    indent: 0,
    direction: null,
    textFormat: 0,
    textStyle: '',
    children: HOSTILE_LINKS.map((url, index) => ({
      type: 'link',
      version: 1,
      url,
      rel: 'noreferrer',
      target: null,
      title: null,
      format: '',
      indent: 0,
      direction: null,
      children: [
        {
          type: 'text',
          version: 1,
          text: `hostile link ${index}; `,
          format: 0,
          style: '',
          mode: 'normal',
          detail: 0,
        },
      ],
    })),
  })
  entry.data = utf8(canonicalJson(document))
  const manifestEntry = entries.find((each) => each.name === MANIFEST_NAME)!
  const manifest = JSON.parse(Buffer.from(manifestEntry.data).toString('utf8')) as PackageManifest
  manifest.entries = manifest.entries.filter((each) => !each.name.startsWith('history/'))
  const listed = manifest.entries.find((each) => each.name === name)!
  listed.size = entry.data.byteLength
  listed.sha256 = sha256Hex(entry.data)
  manifestEntry.data = utf8(canonicalJson(manifest))
  return writePackage(entries)
}

/** The desktop hands the app a double-clicked file. */
function doubleClicked(file: PackageFile): PackageFileShell {
  const waiting = [file]
  return {
    savePackage: async () => undefined,
    choosePackage: async () => undefined,
    takeOpenedPackages: async () => waiting.splice(0),
  }
}

describe('a package from a stranger', () => {
  it('shows every payload as text, on every screen, and runs none of them', async () => {
    const { bytes, projectTitle, titles } = await hostilePackage()
    const fileName = `<img src=x onerror="__pwned('file-name')">.hecsos`
    const app = await start({ packageFiles: doubleClicked({ fileName, bytes }) })
    const seen = await watch(app)
    const { page } = app

    await app.emit('files:package-waiting', {})
    const summary = page.getByRole('dialog', { name: /^Open “.*”\?$/ })
    await summary.getByText(titles[0]!, { exact: true }).waitFor()
    await expectInert(page, seen, 'the package summary')
    await summary.getByRole('button', { name: 'Open', exact: true }).click()

    await page.getByRole('heading', { level: 1, name: projectTitle, exact: true }).waitFor()
    await expectInert(page, seen, 'the project')

    await page
      .getByRole('list', { name: 'Documents' })
      .getByRole('link', { name: titles[0]!, exact: true })
      .click()
    await editor(page).waitFor()
    for (const [, text] of PAYLOADS) await editor(page).getByText(text, { exact: true }).waitFor()
    await expectInert(page, seen, 'the free-text document')
    // Links whose scheme is not http, https or mailto arrive as their text only; the ones left are clicked as a
    // user would (plain and with Ctrl), and none goes anywhere unasked.
    for (let index = 0; index < HOSTILE_LINKS.length; index += 1)
      await editor(page).getByText(`hostile link ${index}`).waitFor()
    const links = editor(page).locator('a')
    expect(await links.count()).toBeLessThanOrEqual(1)
    for (const link of await links.all()) {
      expect(await link.getAttribute('href')).toMatch(/^https:\/\/example\.org\//)
      await link.click()
      await link.click({ modifiers: ['Control'] })
    }
    await expectInert(page, seen, 'the links of the free-text document')
    expectNoExternalOpen(app)

    await page.goBack()
    await page
      .getByRole('list', { name: 'Documents' })
      .getByRole('link', { name: titles[1]!, exact: true })
      .click()
    await page.getByText(PAYLOADS[12]![1], { exact: true }).first().waitFor()
    // The picture's texts are shown in its fields, as values (whether or not the picture itself travelled along).
    await expect(page.getByLabel('Caption', { exact: true }).inputValue()).resolves.toBe(IMAGE_TEXT.caption)
    await expect(page.getByLabel(/^Alternative text/).inputValue()).resolves.toBe(IMAGE_TEXT.alt)
    await expectInert(page, seen, 'the structured document')

    await page
      .getByRole('navigation', { name: 'You are here' })
      .getByRole('link', { name: 'Projects' })
      .click()
    await page
      .getByRole('list', { name: 'Projects' })
      .getByText(projectTitle, { exact: true })
      .first()
      .waitFor()
    await expectInert(page, seen, 'the library')
    expectNoExternalOpen(app)
    await app.close()
    expect(seen.ran).toEqual([])
  })
})

describe('a template file from a stranger', () => {
  it('imports with its payloads as plain text in the picker and the document outline', async () => {
    const dir = await scratchDir('hecsos-e2e-template-')
    const file = join(dir, 'practice.json')
    const text = (id: string, label: string, guidance: string) => ({
      id,
      type: 'text',
      label: { en: label },
      guidance: { en: guidance },
      example: { en: PAYLOADS[11]![1] },
    })
    const templateTitle = `<img src=x onerror="__pwned('template-title')">`
    await writeFile(
      file,
      JSON.stringify({
        formatVersion: 1,
        id: 'stranger-practice',
        version: 1,
        kind: 'custom',
        objective: 'SO1',
        title: { en: templateTitle },
        description: { en: PAYLOADS[1]![1] },
        sections: [
          {
            id: 'main',
            title: { en: PAYLOADS[3]![1] },
            fields: PAYLOADS.slice(0, 10).map(([name, payload], index) =>
              text(`field${index}`, `${name} ${payload}`, PAYLOADS[(index + 5) % PAYLOADS.length]![1]),
            ),
          },
        ],
      }),
    )
    const app = await start({ templateFileToImport: file })
    const seen = await watch(app)
    const { page } = app

    await page.getByRole('button', { name: 'Import template…' }).click()
    const result = page.getByRole('dialog', { name: 'Template imported' })
    await result.getByText(templateTitle, { exact: true }).waitFor()
    await expectInert(page, seen, 'the import result')
    await result.getByRole('button', { name: 'Close' }).click()

    await createProject(page, 'Notes')
    await page
      .getByRole('button', { name: 'Create the first document' })
      .or(page.getByRole('button', { name: 'New document' }))
      .click()
    const dialog = page.getByRole('dialog', { name: 'New document' })
    await dialog.getByRole('radio', { name: new RegExp(`^${escapeRegExp(templateTitle)}`) }).click()
    await dialog.getByText(PAYLOADS[1]![1], { exact: true }).first().waitFor()
    await expectInert(page, seen, 'the template picker')
    await dialog.getByLabel('Document title').fill(PAYLOADS[4]![1])
    await dialog.getByRole('button', { name: 'Create document' }).click()
    await page.getByText(`${PAYLOADS[2]![0]} ${PAYLOADS[2]![1]}`, { exact: true }).first().waitFor()
    await expectInert(page, seen, 'the new document')
    expectNoExternalOpen(app)
  })
})

describe('markup that reached the page anyway', () => {
  it('is noticed by these checks, and the CSP keeps its inline script from running', async () => {
    const app = await start()
    const seen = await watch(app)
    await app.page.evaluate(
      `document.querySelector('main').insertAdjacentHTML('beforeend', ${JSON.stringify(PAYLOADS[0]![1])})`,
    )
    await vi.waitFor(() => expect(app.problems.join('\n')).toMatch(/CSP violation: script-src/))
    expect(await app.page.evaluate<string[]>(ACTIVE_CONTENT)).toEqual(['IMG onerror'])
    expect(seen.ran).toEqual([])
    // The violation was the point of this test; the harness fails any other test that has one.
    app.problems.length = 0
  })
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
