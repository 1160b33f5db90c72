import { Command, CommanderError } from 'commander'
import packageJson from '../../package.json' with { type: 'json' }
import type { Channel, ChannelInput, ChannelOutputs, Handlers } from '../api/contract'
import { createAppDeps } from '../api/deps'
import { createHandlers } from '../api/handlers'
import type { ProjectSummary } from '../api/contract'
import { formatProject, formatProjectList } from './format'
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

  const session: Session = {
    async call(channel, input) {
      if (!handlers) {
        const dataDir = program.opts<{ data?: string }>().data ?? defaultLibraryPath(io)
        const deps = await createAppDeps({ dataDir, appVersion: packageJson.version })
        closeDeps = deps.close
        handlers = createHandlers(deps)
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
    .description('create a project and print its id')
    .requiredOption('--title <title>', 'the project’s title')
    .option('--acronym <acronym>', 'short name, e.g. HECSOs')
    .option('--json', 'print the whole project as JSON')
    .action(async (options: { title: string; acronym?: string; json?: boolean }) => {
      const view = await session.call('projects:create', {
        title: options.title,
        acronym: options.acronym ?? '',
      })
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

  try {
    await program.parseAsync([...argv], { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2
    }
    if (error instanceof CliError) {
      io.stderr(`hecsos: ${error.message}\n`)
      return error.exitCode
    }
    io.stderr(`hecsos: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  } finally {
    await closeDeps?.()
  }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
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
