import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { has } from '../export/reader-support'
import { runCliOn } from './test-support'

/** poppler reads the PDFs back; in CI it is required, elsewhere its checks are left out without it. */
const hasPoppler = has('pdfinfo', 'pdftotext')

let dataDir: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'hecsos-export-cli-'))
})
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

const cli = (...argv: string[]) => runCliOn(dataDir, argv)

const pdfInfo = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' })
const pdfText = (file: string) =>
  execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
const pagesOf = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(pdfInfo(file))?.[1])

describe('hecsos export', () => {
  it('exports the project’s deliverable when no document is named, in either house style and paper', async () => {
    const view = JSON.parse((await cli('create', '--example', '--json')).stdout)
    const classic = join(dataDir, 'deliverable.pdf')
    expect(await cli('export', view.project.id, '--out', classic)).toMatchObject({
      code: 0,
      stdout: `${classic}\n`,
    })
    const compact = join(dataDir, 'deliverable-compact.pdf')
    const result = await cli(
      'export',
      view.project.id,
      '--style',
      'compact',
      '--paper',
      'letter',
      '--out',
      compact,
    )
    expect(result.code).toBe(0)
    const docx = join(dataDir, 'deliverable.docx')
    // The format follows the file's extension when --format is left out.
    expect((await cli('export', view.project.id, '--out', docx)).code).toBe(0)
    expect((await readFile(docx)).subarray(0, 2).toString()).toBe('PK')
    if (!hasPoppler) return
    expect(pdfText(classic)).toContain('Co-funded by the European Union')
    expect(pdfText(classic)).toContain('D3.2')
    expect(pdfInfo(classic)).toMatch(/\(A4\)/)
    expect(pdfInfo(compact)).toMatch(/612 x 792 pts \(letter\)/)
    // The compact style puts the same publication on fewer pages.
    expect(pagesOf(compact)).toBeLessThan(pagesOf(classic))
  }, 60_000)

  it('exports a project without a deliverable whole, every document a chapter in order', async () => {
    const id = (await cli('create', '--title', 'Two case studies', '--acronym', 'TWO')).stdout.trim()
    expect((await cli('add', id, '--template', 'case-study', '--title', 'Open schoolyards')).code).toBe(0)
    expect(
      (await cli('add', id, '--template', 'case-study', '--title', 'Street kitchens', '--language', 'ro'))
        .code,
    ).toBe(0)
    const out = join(dataDir, 'two.pdf')
    expect((await cli('export', 'TWO', '--out', out)).code).toBe(0)
    if (!hasPoppler) return
    expect(pdfInfo(out)).toMatch(/^Title:\s+Two case studies$/m)
    expect(pdfText(out)).toMatch(/1 Open schoolyards.*2 Street kitchens/)
  }, 60_000)

  it('refuses a wrong format, style or paper with exit code 2, and an unknown document with 1', async () => {
    const id = (await cli('create', '--title', 'Empty', '--acronym', 'EMPTY')).stdout.trim()
    const out = join(dataDir, 'x.pdf')
    expect((await cli('export', id, '--format', 'odt', '--out', out)).code).toBe(2)
    expect((await cli('export', id, '--style', 'fancy', '--out', out)).code).toBe(2)
    expect((await cli('export', id, '--paper', 'A5', '--out', out)).code).toBe(2)
    expect((await cli('export', id, '--document', 'nothing', '--out', out)).code).toBe(1)
    const empty = await cli('export', id, '--out', out)
    expect(empty).toMatchObject({
      code: 1,
      stderr: 'hecsos: This project has no documents yet: there is nothing to export.\n',
    })
  })
})
