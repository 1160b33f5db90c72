import { Command, CommanderError } from 'commander'
import packageJson from '../../package.json' with { type: 'json' }
import { join } from 'node:path'
import { readFile, stat, writeFile } from 'node:fs/promises'
import {
  MAX_PACKAGE_BYTES,
  type Channel,
  type ChannelInput,
  type ChannelOutputs,
  type DocumentSummary,
  type Handlers,
  type ProjectSummary,
} from '../api/contract'
import { createAppDeps, LIBRARY_TEMPLATES_FOLDER } from '../api/deps'
import { createHandlers } from '../api/handlers'
import { EU_LANGUAGES, LanguageSchema } from '../model'
import { packFolder, PackageError, readPackage, summarisePackage, unpackToFolder } from '../package'
import { formatProblem } from '../templates'
import { checkTemplateFile, loadCatalogue } from '../templates/load-from-disk'
import { SHIPPED_TEMPLATES_DIR } from '../templates/shipped-folder'
import {
  formatPackageSummary,
  formatProject,
  formatProjectCheck,
  formatProjectList,
  formatTemplateList,
} from './format'
import { addExportCommand } from './export-command'
import { addMergeCommand } from './merge-command'
import { defaultLibraryPath, type PathEnvironment } from './library-path'

export interface CliIo extends PathEnvironment {
  stdout(text: string): void
  stderr(text: string): void
}

/** A failure the user caused or can fix: printed as one sentence, never as a stack trace. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** False when the output already said it all (e.g. --json), so only the exit code tells. */
    readonly printed = true,
  ) {
    super(message)
  }
}

interface Session {
  call<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<ChannelOutputs[K]>
}

/**
 * Runs one CLI invocation and resolves to its exit code: 0 success, 1 the operation failed, 2 the command line
 * was wrong. It goes through the same handler map as the app, on the library chosen by --data or HECSOS_DATA.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let handlers: Handlers | undefined
  let closeDeps: (() => Promise<void>) | undefined

  const program = new Command('hecsos')
    .description(
      'HECSOs Studio on the command line: the project library of the desktop app, without the window.',
    )
    .version(packageJson.version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--data <folder>', 'library folder (default: $HECSOS_DATA, else the desktop app’s library)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run hecsos --help for the list of commands)')

  const libraryPath = () => program.opts<{ data?: string }>().data ?? defaultLibraryPath(io)
  const session: Session = {
    async call(channel, input) {
      if (!handlers) {
        const dataDir = libraryPath()
        const deps = await createAppDeps({
          dataDir,
          appVersion: packageJson.version,
          templatesDir: SHIPPED_TEMPLATES_DIR,
        })
        closeDeps = deps.close
        // A bug reaches the user as one calm sentence; HECSOS_DEBUG=1 shows what went wrong, for a bug report.
        const log = io.env.HECSOS_DEBUG
          ? (error: unknown) => io.stderr(`${String((error as Error)?.stack ?? error)}\n`)
          : undefined
        handlers = createHandlers({ ...deps, log })
      }
      const result = await handlers[channel](input)
      if (!result.ok) throw new CliError(result.error.message)
      return result.data
    },
  }

  program
    .command('projects')
    .description('list the projects in the library, most recently changed first')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const projects = await session.call('projects:list', {})
      io.stdout(options.json ? json(projects) : `${formatProjectList(projects)}\n`)
    })

  program
    .command('create')
    .description('create a project and print its id; --example creates the Example project')
    .option('--title <title>', 'the project’s title (required unless --example)')
    .option('--acronym <acronym>', 'short name, e.g. HECSOs')
    .option('--example', 'create the Example project: one realistic document per template')
    .option('--json', 'print the whole project as JSON')
    .action(async (options: { title?: string; acronym?: string; example?: boolean; json?: boolean }) => {
      if (options.example && options.title !== undefined) {
        throw new CliError('--example makes its own title: leave out --title.', 2)
      }
      if (!options.example && options.title === undefined) {
        throw new CliError('a project needs a title: hecsos create --title "…" (or --example).', 2)
      }
      const view = options.example
        ? await session.call('projects:create-example', {})
        : await session.call('projects:create', { title: options.title!, acronym: options.acronym ?? '' })
      io.stdout(options.json ? json(view) : `${view.project.id}\n`)
    })

  program
    .command('show')
    .description('show a project and its documents')
    .argument('<project>', 'the project: its id (or the first characters of it), acronym or title')
    .option('--json', 'print JSON')
    .action(async (reference: string, options: { json?: boolean }) => {
      const project = resolveProject(reference, await session.call('projects:list', {}))
      const view = await session.call('projects:get', { projectId: project.id })
      io.stdout(options.json ? json(view) : `${formatProject(view)}\n`)
    })

  program
    .command('templates')
    .description('list the templates documents can be written with')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await session.call('templates:list', {})
      io.stdout(options.json ? json(list) : `${formatTemplateList(list)}\n`)
      for (const problem of list.problems)
        io.stderr(`hecsos: template not loaded: ${formatProblem(problem)}\n`)
    })

  program
    .command('template')
    .description('work with template files')
    .command('check')
    .description('check a template file before importing it; exit code 1 when it has problems')
    .argument('<file>', 'the template file (JSON)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const catalogue = await loadCatalogue({
        builtInDir: SHIPPED_TEMPLATES_DIR,
        userDir: join(libraryPath(), LIBRARY_TEMPLATES_FOLDER),
      })
      const checked = await checkTemplateFile(file, catalogue)
      if (options.json) io.stdout(json(checked.ok ? { ok: true, template: checked.value } : checked))
      if (checked.ok) {
        if (!options.json)
          io.stdout(
            `${file}: the template "${checked.value.id}" (version ${checked.value.version}) is valid.\n`,
          )
        return
      }
      if (!options.json) for (const problem of checked.problems) io.stderr(`${formatProblem(problem)}\n`)
      throw new CliError(`${checked.problems.length} problem(s) in ${file}.`, 1, !options.json)
    })

  program
    .command('add')
    .description('add a document to a project and print its id')
    .argument('<project>', 'the project: its id (or the first characters of it), acronym or title')
    .requiredOption('--template <id>', 'the template (see hecsos templates)')
    .requiredOption('--title <title>', 'the document’s title')
    .option('--language <code>', 'the language it is written in, e.g. el', 'en')
    .option('--json', 'print the whole document as JSON')
    .action(
      async (
        reference: string,
        options: { template: string; title: string; language: string; json?: boolean },
      ) => {
        const project = resolveProject(reference, await session.call('projects:list', {}))
        const language = LanguageSchema.safeParse(options.language)
        if (!language.success) {
          throw new CliError(
            `"${options.language}" is not a language code; use one of: ${EU_LANGUAGES.join(', ')}.`,
            2,
          )
        }
        const created = await session.call('documents:create', {
          projectId: project.id,
          document: { templateId: options.template, title: options.title, language: language.data },
        })
        io.stdout(options.json ? json(created) : `${created.document.id}\n`)
      },
    )

  program
    .command('check')
    .description(
      'check a project: completeness of each document and consistency across them; exit code 1 when a required item is missing',
    )
    .argument('<project>', 'the project: its id (or the first characters of it), acronym or title')
    .option('--json', 'print JSON')
    .action(async (reference: string, options: { json?: boolean }) => {
      const project = resolveProject(reference, await session.call('projects:list', {}))
      const check = await session.call('projects:check', { projectId: project.id })
      io.stdout(options.json ? json(check) : `${formatProjectCheck(project.title, check)}\n`)
      if (check.missingRequired)
        throw new CliError('required items are missing (see above).', 1, !options.json)
    })

  addExportCommand(program, {
    call: (channel, input) => session.call(channel, input),
    resolveProject,
    resolveDocument,
    usageError: (message) => new CliError(message, 2),
    stdout: io.stdout,
  })

  program
    .command('pack')
    .description('pack a project (or an unpacked folder) into one .hecsos file to send to a partner')
    .argument(
      '<project-or-folder>',
      'a project (id, id prefix, acronym or title) or a folder made by hecsos unpack',
    )
    .requiredOption('--out <file>', 'the .hecsos file to write')
    .action(async (reference: string, options: { out: string }) => {
      const folder = await stat(reference).then(
        (found) => found.isDirectory(),
        () => false,
      )
      const bytes = folder
        ? await packageStep(() => packFolder(reference, { acceptEdits: true }))
        : (
            await session.call('projects:pack', {
              projectId: resolveProject(reference, await session.call('projects:list', {})).id,
            })
          ).bytes
      await writeFile(options.out, bytes)
      io.stdout(`${options.out}\n`)
    })

  program
    .command('verify')
    .description('check a .hecsos file without opening it; exit code 1 when it would be refused')
    .argument('<file>', 'the .hecsos file')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const verdict = await readPackage(file).then(
        (pkg) => ({ ok: true as const, summary: summarisePackage(pkg) }),
        (error: unknown) => {
          if (error instanceof PackageError)
            return { ok: false as const, code: error.code, message: error.message }
          throw error
        },
      )
      if (options.json) io.stdout(json(verdict))
      else if (verdict.ok) io.stdout(`${formatPackageSummary(verdict.summary)}\n`)
      if (!verdict.ok) throw new CliError(`${file} would be refused: ${verdict.message}`, 1, !options.json)
    })

  program
    .command('unpack')
    .description('unpack a .hecsos file into a folder of readable JSON (diffs well in git)')
    .argument('<file>', 'the .hecsos file')
    .requiredOption('--out <folder>', 'the folder to write')
    .action(async (file: string, options: { out: string }) => {
      await packageStep(async () => unpackToFolder(await readPackage(file), options.out))
      io.stdout(`${options.out}\n`)
    })

  program
    .command('open')
    .description('open a .hecsos file into the library and print the new project’s id')
    .argument('<file>', 'the .hecsos file')
    .option('--as-copy', 'give the project and its documents new ids, to keep it next to the original')
    .option('--json', 'print the whole project as JSON')
    .action(async (file: string, options: { asCopy?: boolean; json?: boolean }) => {
      const bytes = await readPackageBytes(file)
      const view = await session.call('projects:open-package', { bytes, asCopy: options.asCopy ?? false })
      io.stdout(options.json ? json(view) : `${view.project.id}\n`)
    })

  addMergeCommand(program, {
    call: (channel, input) => session.call(channel, input),
    resolveProject,
    readPackageBytes,
    failure: (message, printed) => new CliError(message, 1, printed),
    stdout: io.stdout,
  })

  try {
    await program.parseAsync([...argv], { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2
    }
    if (error instanceof CliError) {
      if (error.printed) io.stderr(`hecsos: ${error.message}\n`)
      return error.exitCode
    }
    io.stderr(`hecsos: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  } finally {
    await closeDeps?.()
  }
}

/** A package refused for what it holds is the user's to fix (or the sender's): say so in one sentence. */
async function packageStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (error) {
    if (error instanceof PackageError) throw new CliError(error.message)
    throw error
  }
}

/** The bytes of a package file; a huge file is refused from its size alone, before it is read. */
async function readPackageBytes(file: string): Promise<Uint8Array> {
  try {
    const { size, isFile } = await stat(file).then((found) => ({
      size: found.size,
      isFile: found.isFile(),
    }))
    if (!isFile) throw new CliError(`${file} is not a file.`)
    if (size > MAX_PACKAGE_BYTES)
      throw new CliError(`${file} is far larger than any HECSOs package; it was not opened.`)
    return new Uint8Array(await readFile(file))
  } catch (error) {
    if (error instanceof CliError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new CliError(
      code === 'ENOENT' ? `The file ${file} does not exist.` : `The file ${file} cannot be read (${code}).`,
    )
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

/** Finds a document of a project by exact id, id prefix or title, as resolveProject does for projects. */
function resolveDocument(reference: string, documents: readonly DocumentSummary[]): DocumentSummary {
  const wanted = reference.trim().toLocaleLowerCase()
  const matches =
    [
      documents.filter((document) => document.id === wanted),
      documents.filter((document) => wanted.length >= 4 && document.id.startsWith(wanted)),
      documents.filter((document) => document.title.toLocaleLowerCase() === wanted),
    ].find((found) => found.length > 0) ?? []
  if (matches.length === 1) return matches[0]!
  if (matches.length === 0)
    throw new CliError(`No document matches "${reference}". List them with: hecsos show <project>`)
  throw new CliError(`"${reference}" matches ${matches.length} documents; use an id.`)
}

/** Finds a project by exact id, id prefix, acronym or title; refuses to guess between several. */
export function resolveProject(reference: string, projects: readonly ProjectSummary[]): ProjectSummary {
  const wanted = reference.trim().toLocaleLowerCase()
  const byId = projects.find((project) => project.id === wanted)
  if (byId) return byId
  const candidates = [
    projects.filter((project) => wanted.length >= 4 && project.id.startsWith(wanted)),
    projects.filter((project) => project.acronym.toLocaleLowerCase() === wanted && wanted !== ''),
    projects.filter((project) => project.title.toLocaleLowerCase() === wanted),
  ].find((matches) => matches.length > 0)
  if (!candidates) {
    throw new CliError(`No project matches "${reference}". List the projects with: hecsos projects`)
  }
  if (candidates.length > 1) {
    const names = candidates.map((project) => `  ${project.id}  ${project.title}`).join('\n')
    throw new CliError(`"${reference}" matches ${candidates.length} projects; use an id:\n${names}`)
  }
  return candidates[0]!
}
