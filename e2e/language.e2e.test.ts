import { describe, expect, it } from 'vitest'
import { useApps } from './support/harness'
import { createProject } from './support/flows'

const { start } = useApps()

describe('the interface language', () => {
  it('switches to Greek from the menu and stays Greek after a reload', async () => {
    const app = await start()
    const { page } = app
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor()
    await page.getByRole('button', { name: 'Interface language: English' }).click()
    await page.getByRole('menuitemradio', { name: 'Ελληνικά' }).click()
    await page.getByRole('heading', { level: 1, name: 'Έργα' }).waitFor()
    await page.getByRole('button', { name: 'Δημιουργήστε το πρώτο σας έργο' }).waitFor()
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('el')

    await app.reload()
    await page.getByRole('heading', { level: 1, name: 'Έργα' }).waitFor()
    await page.getByRole('button', { name: 'Γλώσσα περιβάλλοντος: Ελληνικά' }).waitFor()
  })

  it('starts in the system language when the interface has it', async () => {
    const { page } = await start({ locale: 'ro-RO' })
    await page.getByRole('heading', { level: 1, name: 'Proiecte' }).waitFor()
    await page.getByRole('button', { name: 'Creați primul proiect' }).waitFor()
  })

  it('follows the menu: set-language, new-project, open-library and new-document', async () => {
    const app = await start()
    const { page } = app
    await app.emit('menu:command', { command: 'set-language', argument: 'de' })
    await page.getByRole('heading', { level: 1, name: 'Projekte' }).waitFor()
    await app.emit('menu:command', { command: 'set-language', argument: 'en' })
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor()

    await app.emit('menu:command', { command: 'new-project' })
    await page.getByRole('dialog', { name: 'New project' }).getByRole('button', { name: 'Cancel' }).click()
    await createProject(page, 'Menu-driven project')
    await app.emit('menu:command', { command: 'new-document' })
    await page.getByRole('dialog', { name: 'New document' }).waitFor()
    await page.keyboard.press('Escape')
    await app.emit('menu:command', { command: 'open-library' })
    await page.getByRole('heading', { level: 1, name: 'Projects' }).waitFor()
    await app.emit('menu:command', { command: 'new-document' })
    await page.getByText('Open a project first, then add a document to it.', { exact: true }).waitFor()
  })

  it('speaks Spanish throughout a flow, with its plural forms and relative times', async () => {
    const { page } = await start({ locale: 'es-ES' })
    await page.getByRole('button', { name: 'Crea tu primer proyecto' }).click()
    const dialog = page.getByRole('dialog', { name: 'Nuevo proyecto' })
    await dialog.getByLabel('Título del proyecto').fill('Participación comunitaria en Andalucía')
    await dialog.getByRole('button', { name: 'Crear proyecto' }).click()
    await page.getByRole('heading', { level: 1, name: 'Participación comunitaria en Andalucía' }).waitFor()
    await page.getByRole('link', { name: 'Proyectos' }).click()
    await page.getByText('0 documentos').waitFor()
    await page.getByText('Modificado hace un momento').waitFor()
  })
})
