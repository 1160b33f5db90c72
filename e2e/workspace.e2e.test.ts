import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { useApps } from './support/harness'
import { REPO_ROOT } from './support/paths'
import {
  createDocument,
  createProject,
  currentIds,
  documentFile,
  editor,
  readJson,
  screenshot,
  waitForSaved,
} from './support/flows'

const { start } = useApps()

/** axe-core's browser bundle, from node_modules: injected into the page, nothing is fetched. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeViolation {
  id: string
  impact: string | null
  nodes: Array<{ target: string[] }>
}

/** The accessibility problems axe-core finds on the page as it is, by rule and the elements concerned. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the page's CSP (rightly) refuses inline scripts.
  await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
    })
    return result.violations
  })
  return violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  )
}

/** Presses Tab until `predicate` holds for the focused element; fails after `limit` presses. */
async function tabTo(page: Page, description: string, limit = 40): Promise<void> {
  for (let step = 0; step < limit; step += 1) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const element = document.activeElement
      return element
        ? `${element.getAttribute('aria-label') ?? ''}|${element.textContent?.trim() ?? ''}|${element.id}`
        : ''
    })
    if (focused.includes(description)) return
  }
  throw new Error(`Tab never reached “${description}”.`)
}

async function typeDocument(page: Page, title: string, text: string): Promise<string> {
  const id = await createDocument(page, title)
  await editor(page).click()
  await page.keyboard.type(text)
  await waitForSaved(page)
  return id
}

async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement
    return element?.getAttribute('aria-label') ?? element?.id ?? ''
  })
}

describe('the project workspace', () => {
  it('lists the project’s documents by kind with status and completeness, and outlines the open one', async () => {
    const { page } = await start()
    await page.getByRole('button', { name: 'Open the example project' }).click()
    await page.getByRole('link', { name: /^Ανοιχτές Αυλές/ }).click()
    const sidebar = page.getByRole('navigation', { name: 'Project' })
    await sidebar.waitFor()

    // Grouped by kind, in the catalogue's order; the open document is marked as the current page.
    const kinds = sidebar.getByRole('heading', { level: 3 })
    await expect.poll(() => kinds.count()).toBe(9)
    await expect(kinds.first().textContent()).resolves.toBe('Practice case study')
    const current = sidebar.locator('a[aria-current="page"]')
    await expect(current.textContent()).resolves.toMatch(/^Ανοιχτές Αυλές/)
    await expect.poll(() => sidebar.getByRole('meter').count()).toBe(9)
    await expect(sidebar.locator('.badge').count()).resolves.toBe(9)

    // The outline lists the template's sections; Enter on one moves the caret to that section.
    const outline = sidebar.getByRole('list').filter({ has: page.locator('.ws-outline-link') })
    await expect.poll(() => outline.getByRole('button').count()).toBe(7)
    await outline.getByRole('button').nth(2).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^section-/)

    // In a field, the guidance panel shows what the field asks for.
    const guide = page.getByRole('complementary', { name: 'Guidance' })
    await page.locator('#field-practiceTitle-input').focus()
    await expect.poll(() => guide.getByRole('heading', { level: 3 }).count()).toBe(1)
    await expect(guide.locator('.ws-guidance-text').textContent()).resolves.not.toBe('')
    await guide.getByRole('textbox', { name: 'Comment on this field' }).waitFor()
    await screenshot(page, 'workspace')
    await screenshot(page, 'workspace-dark', 'dark')

    // Another document opens in the same workspace: the sidebar stays, the current mark moves.
    await sidebar.getByRole('link').nth(1).click()
    await expect.poll(() => currentIds(page).documentId).toBeTruthy()
    await expect.poll(() => current.textContent()).not.toMatch(/^Ανοιχτές Αυλές/)
  })

  it('finds across the project and in the open document, by keyboard alone, and jumps to the match', async () => {
    const { page } = await start()
    await createProject(page, 'Find project')
    const gardenId = await typeDocument(
      page,
      'Field notes',
      'The community garden in Nicosia opened in spring.',
    )
    await page.getByRole('link', { name: 'Find project' }).click()
    await typeDocument(page, 'Workshop diary', 'We met at the school first. Șansa comunității.')

    // Keyboard only from here: the find box is reached with Tab.
    await page.locator('body').focus()
    await tabTo(page, 'ws-find-input')
    await page.keyboard.type('garden')
    const results = page.locator('.ws-find-results')
    await results.getByText('Field notes').waitFor()
    await page.getByRole('status').filter({ hasText: '1 match' }).waitFor()
    await screenshot(page, 'workspace-find')
    await screenshot(page, 'workspace-find-dark', 'dark')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => currentIds(page).documentId).toBe(gardenId)
    // The match is marked in the text (CSS highlight, the text itself untouched) and the caret is in the text.
    await expect
      .poll(() =>
        page.evaluate(
          () => (CSS.highlights as unknown as Map<string, Set<Range>>).get('hecsos-find')?.size ?? 0,
        ),
      )
      .toBe(1)
    await expect.poll(() => focusedName(page)).toBe('Document text')

    // Diacritics need not be typed: "sansa" finds "Șansa".
    await page.getByRole('searchbox', { name: 'Find in project' }).fill('sansa')
    await results.getByText('Workshop diary').waitFor()
    await expect(results.locator('mark').first().textContent()).resolves.toBe('Șansa')

    // Ctrl+F finds in the open document.
    await editor(page).focus()
    await page.keyboard.press('Control+f')
    await expect.poll(() => focusedName(page)).toBe('ws-findbar-input')
    await page.keyboard.type('in')
    const count = page.locator('.ws-findbar-count')
    await expect.poll(() => count.textContent()).toMatch(/^1 of \d+$/)
    await page.keyboard.press('Enter')
    await expect.poll(() => count.textContent()).toMatch(/^2 of \d+$/)
    await page.keyboard.press('Escape')
    await expect(page.locator('.ws-findbar').count()).resolves.toBe(0)
  })

  it('lets a reviewer comment on a field, resolve it from the sidebar, and keeps comments with the document', async () => {
    const app = await start()
    const { page } = app
    const projectId = await createProject(page, 'Review project')
    const documentId = await typeDocument(page, 'Draft chapter', 'A first paragraph to review.')

    // The caret is in the text: the guidance panel offers a comment on it.
    await editor(page).click()
    const guide = page.getByRole('complementary', { name: 'Guidance' })
    await guide.getByRole('heading', { name: 'Document text' }).waitFor()
    await guide.getByRole('textbox', { name: 'Comment on this field' }).fill('Please add a source.')
    await guide.getByRole('button', { name: 'Add comment' }).click()

    const sidebar = page.getByRole('navigation', { name: 'Project' })
    await sidebar.getByRole('button', { name: /Comments \(1 open\)/ }).waitFor()
    await sidebar.getByText('Please add a source.').waitFor()
    await screenshot(page, 'workspace-comments')
    const onDisk = (await readJson(documentFile(app.libraryDir, projectId, documentId))) as {
      comments?: Array<{ text: string; resolved: boolean; fieldPath: string }>
    }
    expect(onDisk.comments).toEqual([
      expect.objectContaining({ text: 'Please add a source.', resolved: false, fieldPath: 'body' }),
    ])

    // Typing after the comment saves normally: no conflict with the comment's write.
    await editor(page).click()
    await page.keyboard.press('End')
    await page.keyboard.type(' More.')
    await waitForSaved(page)

    await sidebar.getByRole('button', { name: 'Resolve the comment “Please add a source.”' }).click()
    await sidebar.getByRole('button', { name: /Comments \(0 open\)/ }).waitFor()
    await app.reload()
    await sidebar.getByRole('button', { name: 'Show 1 resolved comment' }).click()
    await sidebar.getByText('Please add a source.').waitFor()
    await expect.poll(() => editor(page).innerText()).toBe('A first paragraph to review. More.')
  })

  it('passes an axe-core accessibility scan of the library, project and workspace, in light and dark', async () => {
    const { page } = await start()
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor()
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Open the example project' }).click()
    await page.getByRole('heading', { level: 1, name: /example project/ }).waitFor()
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole('link', { name: /^Ανοιχτές Αυλές/ }).click()
    await page.getByRole('navigation', { name: 'Project' }).waitFor()
    expect(await axeViolations(page)).toEqual([])
    await page.emulateMedia({ colorScheme: 'dark' })
    // Buttons fade their background to the new theme while their text switches at once; axe must measure the
    // colours the user ends up with, not a frame of the fade.
    await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)))
    expect(await axeViolations(page)).toEqual([])
  })
})

// WCAG AA for the theme colours, computed from the stylesheet itself (it runs in Node: no page needed).

/** The colour tokens of one theme, from tokens.css as shipped: light is `:root`, dark the media query's. */
function themes(): { light: Map<string, string>; dark: Map<string, string> } {
  const css = readFileSync(join(REPO_ROOT, 'renderer/src/styles/tokens.css'), 'utf8')
  const darkStart = css.indexOf('@media (prefers-color-scheme: dark)')
  const tokens = (text: string) =>
    new Map(
      [...text.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((match) => [match[1]!, match[2]!]),
    )
  const light = tokens(css.slice(0, darkStart))
  // The dark theme overrides some tokens; the others are inherited from the light one.
  const dark = new Map([...light, ...tokens(css.slice(darkStart))])
  return { light, dark }
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16) / 255)
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2.x contrast ratio of two opaque colours. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

const SURFACES = ['bg', 'surface', 'surface-raised', 'surface-sunken']

/** Text tokens and the backgrounds they are written on; AA asks 4.5:1 for text of ordinary size. */
const TEXT_PAIRS: Array<[text: string, backgrounds: string[]]> = [
  ['text', [...SURFACES, 'accent-soft', 'find-match', 'find-current']],
  ['text-muted', SURFACES],
  ['text-subtle', ['bg', 'surface', 'surface-raised']],
  ['accent', ['bg', 'surface', 'surface-raised']],
  ['accent-text', ['accent']],
  ['accent-soft-text', ['accent-soft', 'surface', 'surface-sunken']],
  ['danger', ['bg', 'surface']],
  ['danger-soft-text', ['danger-soft']],
  ['warning-soft-text', ['warning-soft']],
  ['success-soft-text', ['success-soft', 'surface-sunken']],
  ['info-soft-text', ['info-soft']],
  ['status-draft-text', ['status-draft-bg']],
  ['status-review-text', ['status-review-bg']],
  ['status-final-text', ['status-final-bg']],
]

describe.each(['light', 'dark'] as const)('the design tokens of the %s theme', (theme) => {
  const tokens = themes()[theme]
  const colour = (name: string) => {
    const value = tokens.get(name)
    if (!value) throw new Error(`tokens.css has no --${name} in the ${theme} theme`)
    return value
  }

  it.each(TEXT_PAIRS)('writes --%s at AA contrast (4.5:1) on its backgrounds', (text, backgrounds) => {
    for (const background of backgrounds) {
      const ratio = contrast(colour(text), colour(background))
      expect(ratio, `--${text} on --${background}: ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(4.5)
    }
  })

  it('draws the focus ring at 3:1 against the surfaces (non-text contrast)', () => {
    for (const surface of SURFACES) {
      const ratio = contrast(colour('focus'), colour(surface))
      expect(ratio, `--focus on --${surface}: ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(3)
    }
  })
})

describe('the contrast ratio', () => {
  it('gives the extremes of the WCAG scale', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#777777', '#777777')).toBe(1)
  })
})
