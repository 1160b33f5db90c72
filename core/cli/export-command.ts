import type { Command } from 'commander'
import { writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import type { Channel, ChannelInput, ChannelOutputs, DocumentSummary, ProjectSummary } from '../api/contract'
import { HOUSE_STYLE_IDS } from '../model'

/**
 * `hecsos export <project> [--document <id>] [--format pdf|docx] [--style classic|compact] [--paper A4|Letter]
 * --out <file>`: the project's deliverable (or, without one, the whole project in order), or one document, as PDF
 * or DOCX, through the projects:export channel.
 */

export interface ExportCommandDeps {
  call<K extends Channel>(channel: K, input: ChannelInput<K>): Promise<ChannelOutputs[K]>
  resolveProject(reference: string, projects: readonly ProjectSummary[]): ProjectSummary
  resolveDocument(reference: string, documents: readonly DocumentSummary[]): DocumentSummary
  /** A mistake on the command line: exit code 2, the message printed. */
  usageError(message: string): Error
  stdout(text: string): void
}

interface ExportOptions {
  document?: string
  format?: string
  style?: string
  paper?: string
  out: string
}

const FORMATS = ['pdf', 'docx'] as const
const PAPERS = { a4: 'A4', letter: 'LETTER' } as const

export function addExportCommand(program: Command, deps: ExportCommandDeps): void {
  program
    .command('export')
    .description(
      'export the project’s deliverable (or the whole project in order), or one document, as PDF or DOCX',
    )
    .argument('<project>', 'the project: its id (or the first characters of it), acronym or title')
    .option('--document <document>', 'one document: its id (or the first characters of it) or title')
    .option('--format <format>', 'pdf or docx (default: from the --out file’s extension, else pdf)')
    .option('--style <style>', `house style: ${HOUSE_STYLE_IDS.join(' or ')} (default: the project’s)`)
    .option('--paper <paper>', 'A4 or Letter (default: the project’s, else A4)')
    .requiredOption('--out <file>', 'where to write the file')
    .action(async (reference: string, options: ExportOptions) => {
      const format = options.format ?? (extname(options.out).toLowerCase() === '.docx' ? 'docx' : 'pdf')
      if (!(FORMATS as readonly string[]).includes(format))
        throw deps.usageError(`"${format}" is not a format this version exports; use pdf or docx.`)
      const style = options.style
      if (style !== undefined && !(HOUSE_STYLE_IDS as readonly string[]).includes(style))
        throw deps.usageError(`"${style}" is not a house style; use ${HOUSE_STYLE_IDS.join(' or ')}.`)
      const paperKey = options.paper?.toLowerCase()
      if (paperKey !== undefined && !Object.hasOwn(PAPERS, paperKey))
        throw deps.usageError(`"${options.paper}" is not a paper size; use A4 or Letter.`)
      const project = deps.resolveProject(reference, await deps.call('projects:list', {}))
      const documentId =
        options.document === undefined
          ? undefined
          : deps.resolveDocument(
              options.document,
              (await deps.call('projects:get', { projectId: project.id })).documents,
            ).id
      const exported = await deps.call('projects:export', {
        projectId: project.id,
        format: format as (typeof FORMATS)[number],
        ...(documentId !== undefined ? { documentId } : {}),
        ...(style !== undefined ? { style: style as (typeof HOUSE_STYLE_IDS)[number] } : {}),
        ...(paperKey !== undefined ? { paper: PAPERS[paperKey as keyof typeof PAPERS] } : {}),
      })
      await writeFile(options.out, exported.bytes)
      deps.stdout(`${options.out}\n`)
    })
}
