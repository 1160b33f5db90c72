import { constants, promises as fsp } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { buildCatalogue, checkUserTemplateText, type Catalogue, type SourceFile } from './catalogue'
import type { TemplateProblem } from './problems'
import type { Checked } from './template-checks'
import { MAX_TEMPLATE_FILE_BYTES, type Template } from './template-schema'

/**
 * The Node side of the template engine: reading the catalogue folders and writing imported templates. All rules
 * live in the pure modules; this file only turns files into text and back, so the renderer never imports it.
 */

export interface LoadCatalogueOptions {
  /** The shipped `templates/` folder, holding `catalogue/*.json` and `vocabularies/*.json`. */
  builtInDir: string
  /** The library's `templates/` folder; it need not exist yet. */
  userDir?: string
}

type ReadResult = { ok: true; text: string } | { ok: false; problem: TemplateProblem }

// O_NOFOLLOW is POSIX only; where it is missing, listJsonFiles (which lists regular files only) keeps links out.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0

function codeOf(error: unknown): string | undefined {
  return error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : undefined
}

function readFailure(file: string, error: unknown, what: 'file' | 'folder' = 'file'): TemplateProblem {
  const code = codeOf(error)
  const reason =
    code === 'ENOENT'
      ? `the ${what} does not exist`
      : code === 'ELOOP'
        ? 'it is a symbolic link; put the template file itself here'
        : code === 'EACCES' || code === 'EPERM'
          ? `the ${what} cannot be read (no permission)`
          : code === 'EISDIR'
            ? 'it is a folder, not a file'
            : `the ${what} cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`
  return { file, path: '', message: reason }
}

/** Reads a template or vocabulary file as UTF-8 text, refusing anything over 1 MiB before reading it. */
export async function readTemplateFile(
  file: string,
  options: { followLinks?: boolean } = {},
): Promise<ReadResult> {
  let handle: fsp.FileHandle
  try {
    handle = await fsp.open(file, constants.O_RDONLY | (options.followLinks ? 0 : NO_FOLLOW))
  } catch (error) {
    return { ok: false, problem: readFailure(file, error) }
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) return { ok: false, problem: { file, path: '', message: 'it is not a regular file' } }
    if (stat.size > MAX_TEMPLATE_FILE_BYTES)
      return {
        ok: false,
        problem: {
          file,
          path: '',
          message: `the file is ${(stat.size / 1024 / 1024).toFixed(1)} MiB; a template file may be at most 1 MiB`,
        },
      }
    const bytes = await handle.readFile()
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
    } catch {
      return {
        ok: false,
        problem: { file, path: '', message: 'the file is not UTF-8 text; save it as UTF-8' },
      }
    }
  } catch (error) {
    return { ok: false, problem: readFailure(file, error) }
  } finally {
    await handle.close()
  }
}

/** `*.json` files of a folder, by name; hidden files (our temp files among them) and links are left out. */
async function listJsonFiles(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('.'))
    .map((entry) => join(dir, entry.name))
    .sort()
}

async function readFolder(
  dir: string,
  problems: TemplateProblem[],
  options: { optional: boolean },
): Promise<SourceFile[]> {
  let files: string[]
  try {
    files = await listJsonFiles(dir)
  } catch (error) {
    if (!(options.optional && codeOf(error) === 'ENOENT')) problems.push(readFailure(dir, error, 'folder'))
    return []
  }
  const sources: SourceFile[] = []
  for (const file of files) {
    const read = await readTemplateFile(file)
    if (read.ok) sources.push({ file, text: read.text })
    else problems.push(read.problem)
  }
  return sources
}

/**
 * Loads the shipped catalogue and the library's own templates. Never throws for a bad file: each one becomes a
 * problem in `catalogue.problems` and everything else still loads.
 */
export async function loadCatalogue(options: LoadCatalogueOptions): Promise<Catalogue> {
  const readProblems: TemplateProblem[] = []
  const templates = await readFolder(join(options.builtInDir, 'catalogue'), readProblems, { optional: false })
  const vocabularies = await readFolder(join(options.builtInDir, 'vocabularies'), readProblems, {
    optional: false,
  })
  const user = options.userDir ? await readFolder(options.userDir, readProblems, { optional: true }) : []
  return buildCatalogue({ builtIn: { templates, vocabularies }, user: { templates: user }, readProblems })
}

/** `hecsos template check <file>`: the file checked as a user template against the loaded catalogue. */
export async function checkTemplateFile(file: string, catalogue: Catalogue): Promise<Checked<Template>> {
  const read = await readTemplateFile(file, { followLinks: true })
  if (!read.ok) return { ok: false, problems: [read.problem] }
  return checkUserTemplateText(file, read.text, catalogue)
}

export type ImportResult =
  | {
      ok: true
      template: Template
      /** where it now is */ file: string
      /** an older version was replaced */ replaced: boolean
    }
  | { ok: false; problems: TemplateProblem[] }

let tempCounter = 0

/**
 * Import template: checks the file exactly as `checkTemplateFile` does, then copies it to
 * `<libraryTemplatesDir>/<id>.json` (temp file, fsync, rename, so a crash leaves the old file or the new one).
 * A newer version of a template already in the library replaces it; an older one is refused. The caller
 * reloads the catalogue afterwards.
 */
export async function importTemplate(
  file: string,
  libraryTemplatesDir: string,
  catalogue: Catalogue,
): Promise<ImportResult> {
  const read = await readTemplateFile(file, { followLinks: true })
  if (!read.ok) return { ok: false, problems: [read.problem] }
  const checked = checkUserTemplateText(file, read.text, catalogue)
  if (!checked.ok) return checked
  const template = checked.value
  const target = join(libraryTemplatesDir, `${template.id}.json`)
  const installed = catalogue.templates.get(template.id)
  const installedFile = catalogue.origins.get(template.id)?.file
  const refuse = (message: string): ImportResult => ({
    ok: false,
    problems: [{ file, path: 'version', message }],
  })
  if (installed && installed.version > template.version)
    return refuse(
      `the library already has version ${installed.version} of "${template.id}"; this file is the older version ${template.version}`,
    )
  if (installedFile && resolve(installedFile) !== resolve(target))
    return {
      ok: false,
      problems: [
        {
          file,
          path: 'id',
          message: `the library already has a template "${template.id}" in ${basename(installedFile)}; remove that file first`,
        },
      ],
    }

  try {
    await writeAtomically(target, read.text)
  } catch (error) {
    return {
      ok: false,
      problems: [
        {
          file: target,
          path: '',
          message: `could not be saved in the library (${codeOf(error) ?? String(error)})`,
        },
      ],
    }
  }
  return { ok: true, template, file: target, replaced: installed !== undefined }
}

async function writeAtomically(target: string, text: string): Promise<void> {
  const dir = dirname(target)
  await fsp.mkdir(dir, { recursive: true })
  tempCounter += 1
  const temp = join(dir, `.${basename(target)}.${process.pid}-${tempCounter}.tmp`)
  try {
    const handle = await fsp.open(temp, 'w')
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fsp.rename(temp, target)
  } catch (error) {
    await fsp.rm(temp, { force: true })
    throw error
  }
  await syncFolder(dir)
}

async function syncFolder(dir: string): Promise<void> {
  // Makes the rename durable; Windows cannot open a folder for syncing, and there the rename is already durable.
  try {
    const handle = await fsp.open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (process.platform !== 'win32') throw error
  }
}
