import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The independent readers the export tests use (poppler, pandoc, LibreOffice, the OOXML schemas), and whether
 * this machine has them: a test group is skipped, saying why, only when its program is missing.
 */

/** In CI the readers are required (.ci/run installs them): a missing one fails its tests instead of skipping them. */
export function has(...commands: string[]): boolean {
  if (process.env.CI) return true
  try {
    execFileSync('which', commands, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

// The schemas sit beside the repository: /work/shared here, ../shared in CI; both are the repo root's parent.
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const DOCX_VALIDATOR = join(REPO_ROOT, '..', 'shared', 'ooxml', 'validate-docx.sh')

/** Why the schema check cannot run here, or undefined when it can. */
export const validatorMissing = process.env.CI
  ? undefined
  : !existsSync(DOCX_VALIDATOR)
    ? `${DOCX_VALIDATOR} is absent`
    : !has('xmllint', 'python3', 'unzip')
      ? 'xmllint, python3 or unzip is not installed'
      : undefined

export const run = (command: string, args: string[]) =>
  execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })

/** Text as poppler's XML and HTML outputs (pdftohtml -xml, pdftotext -bbox) escape it, read back. */
export const unescapeXml = (value: string) =>
  value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')

/** Words as a reader sees them: any run of white space is one space. */
export const normalise = (value: string) => value.replace(/\s+/gu, ' ').trim()

/** Converts a file with LibreOffice in a profile of its own (a shared profile makes parallel runs fail). */
export function sofficeToPdf(file: string, folder: string): string {
  execFileSync(
    'soffice',
    [
      '--headless',
      `-env:UserInstallation=file://${join(folder, 'soffice-profile')}`,
      '--convert-to',
      'pdf',
      '--outdir',
      folder,
      file,
    ],
    { stdio: 'ignore', timeout: 170_000 },
  )
  return join(
    folder,
    `${file
      .split('/')
      .pop()!
      .replace(/\.docx$/, '')}.pdf`,
  )
}
