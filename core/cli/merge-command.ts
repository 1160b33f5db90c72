import type { Command } from 'commander'
import type {
  Channel,
  ChannelInput,
  ChannelOutputs,
  MergeConflict,
  MergeSummary,
  ProjectSummary,
} from '../api/contract'
import { emptyRichText, plainTextOf, type SerializedNode } from '../model'

/**
 * `hecsos merge <project> <F.hecsos> [--json]`: merges a partner's package of the same project into it, through
 * the projects:merge-package channel, and reports the conflicts left open without settling any (that needs a
 * person: the app's resolution screen). Exit code 0 when nothing is left to decide, 1 when conflicts are open
 * or the merge failed, 2 when the command line is wrong.
 */

export interface MergeCommandDeps {
  call<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<ChannelOutputs[K]>
  resolveProject(reference: string, projects: readonly ProjectSummary[]): ProjectSummary
  readPackageBytes(file: string): Promise<Uint8Array>
  /** The operation ended with something for the user to do: exit code 1; printed unless `printed` is false. */
  failure(message: string, printed: boolean): Error
  stdout(text: string): void
}

export function addMergeCommand(program: Command, deps: MergeCommandDeps): void {
  program
    .command('merge')
    .description(
      'merge a partner’s .hecsos file of the same project into it; conflicts are listed, not settled (exit code 1 while any are open)',
    )
    .argument('<project>', 'the project: its id (or the first characters of it), acronym or title')
    .argument('<file>', 'the .hecsos file of the same project')
    .option('--json', 'print the merge summary as JSON')
    .action(async (reference: string, file: string, options: { json?: boolean }) => {
      const project = deps.resolveProject(reference, await deps.call('projects:list', {}))
      const bytes = await deps.readPackageBytes(file)
      const summary = await deps.call('projects:merge-package', { projectId: project.id, bytes })
      const { conflicts } = await deps.call('conflicts:list', { projectId: project.id })
      deps.stdout(
        options.json
          ? `${JSON.stringify({ ...summary, open: conflicts }, null, 2)}\n`
          : formatMerge(summary, conflicts),
      )
      if (conflicts.length > 0)
        throw deps.failure(
          `${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'} left to settle in the app (see above).`,
          !options.json,
        )
    })
}

function formatMerge(summary: MergeSummary, open: readonly MergeConflict[]): string {
  const lines: string[] = []
  const from = summary.from.madeBy ? `${summary.from.madeBy}, ${summary.from.madeAt}` : summary.from.madeAt
  lines.push(
    summary.outcome === 'up-to-date'
      ? `Nothing to merge: the project already holds everything in this package (made ${from}).`
      : summary.outcome === 'fast-forward'
        ? `Took the package’s changes (made ${from}); the project had no changes of its own since.`
        : `Merged the package (made ${from}) with this project’s own changes.`,
  )
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  if (summary.outcome !== 'up-to-date')
    lines.push(
      `${count(summary.documentsAdded.length, 'document')} added, ${summary.documentsChanged.length} changed, ${summary.documentsRemoved.length} moved to the trash; ${count(summary.assetsAdded, 'image')} added.`,
    )
  if (summary.conflicts.length > 0)
    lines.push(`This merge found ${count(summary.conflicts.length, 'conflict')}.`)
  if (open.length > 0) {
    lines.push('', `Open conflicts (${open.length}):`)
    for (const conflict of open) {
      const where = conflict.path === '' ? 'the whole document' : conflict.path
      lines.push(
        `  ${conflict.title} — ${where}: ${side(conflict, conflict.ours.value)} (${conflict.ours.author.name || 'here'}) vs ${side(conflict, conflict.theirs.value)} (${conflict.theirs.author.name || 'package'})`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}

/** One side of a conflict, short enough for a line. */
function side(conflict: MergeConflict, value: unknown): string {
  if (value === undefined) return 'deleted'
  const text =
    conflict.kind === 'paragraphs'
      ? plainTextOf({
          ...emptyRichText(),
          root: { type: 'root', version: 1, children: value as SerializedNode[] },
        })
      : typeof value === 'string'
        ? value
        : JSON.stringify(value)
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text)
}
