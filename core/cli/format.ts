import type {
  DocumentSummary,
  ProjectCheck,
  ProjectSummary,
  ProjectView,
  TemplateList,
} from '../api/contract'
import type { PackageSummary } from '../package'

/** Plain-text tables for a terminal: columns padded to the widest cell, measured in characters, not bytes. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => [...(row[column] ?? '')].length)),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - [...cell].length)))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n')
}

/** Dates as a person reads them in a terminal: the day and minute, in UTC to stay unambiguous across partners. */
export function shortDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

export function formatProjectList(projects: readonly ProjectSummary[]): string {
  if (projects.length === 0)
    return 'The library has no projects yet. Create one with: hecsos create --title "…"'
  return table(
    ['Title', 'Acronym', 'Documents', 'Last change', 'Id'],
    projects.map((project) => [
      project.damage ? `${project.title} [damaged: ${project.damage.reason}]` : project.title,
      project.acronym,
      String(project.documentCount),
      shortDate(project.updatedAt),
      project.id,
    ]),
  )
}

const STATUS_LABELS: Record<DocumentSummary['status'], string> = {
  draft: 'draft',
  review: 'in review',
  final: 'final',
}

export function formatProject(view: ProjectView): string {
  const { project } = view
  const partners = project.partners.map((partner) => `${partner.name} (${partner.country}, ${partner.role})`)
  const lines = [
    project.title,
    '',
    `Acronym:      ${project.acronym || '—'}`,
    `Programme:    ${project.programme || '—'}`,
    `Grant number: ${project.grantNumber || '—'}`,
    `Languages:    ${project.languages.join(', ') || '—'}`,
    `Partners:     ${partners.length > 0 ? partners.join('; ') : '—'}`,
    `Created:      ${shortDate(project.createdAt)}`,
    `Last change:  ${shortDate(project.updatedAt)}`,
    `Id:           ${project.id}`,
  ]
  if (view.readOnly)
    lines.push('', 'Read-only: another HECSOs Studio window or process is editing this project.')
  lines.push('')
  if (view.documents.length === 0) {
    lines.push('No documents yet.')
  } else {
    lines.push(
      table(
        ['Document', 'Status', 'Language', 'Last change', 'Id'],
        view.documents.map((document) => [
          document.damage ? `${document.title} [damaged: ${document.damage.reason}]` : document.title,
          STATUS_LABELS[document.status],
          document.language,
          shortDate(document.updatedAt),
          document.id,
        ]),
      ),
    )
  }
  return lines.join('\n')
}

export function formatTemplateList(list: TemplateList): string {
  if (list.templates.length === 0) return 'No templates are installed.'
  return table(
    ['Id', 'Version', 'Kind', 'Objective', 'Title', 'Languages', 'Origin'],
    list.templates.map((template) => [
      template.id,
      String(template.version),
      template.kind,
      template.objective,
      template.title.en,
      template.languages.join(' '),
      template.origin,
    ]),
  )
}

/** What `hecsos check` prints: each document's completeness, its issues, then the issues across documents. */
export function formatProjectCheck(projectTitle: string, check: ProjectCheck): string {
  const lines = [`${projectTitle}: ${check.documents.length} document(s) checked`, '']
  const titles = new Map(check.documents.map((document) => [document.documentId, document.title]))
  for (const document of check.documents) {
    const heading = `${document.title} (${document.templateId})`
    if (document.problem) {
      lines.push(`✗ ${heading}: not checked: ${document.problem}`)
      continue
    }
    const completeness = document.completeness?.document
    if (!completeness) {
      lines.push(`· ${heading}: free text, nothing to check`)
      continue
    }
    const missing = completeness.issues.some((issue) => issue.severity === 'error')
    // Optional fields left empty lower the percentage without making the document incomplete.
    lines.push(
      `${missing ? '✗' : '✓'} ${heading}: ${missing ? 'incomplete' : 'complete'}, ${completeness.percent}% of fields written`,
    )
    for (const issue of completeness.issues) lines.push(`    ${issue.severity}: ${issue.message}`)
  }
  lines.push('')
  if (check.issues.length === 0) {
    lines.push('Across documents: no problems.')
  } else {
    lines.push('Across documents:')
    for (const issue of check.issues) {
      lines.push(
        `    ${issue.severity}: ${titles.get(issue.documentId) ?? issue.documentId}: ${issue.message}`,
      )
    }
  }
  return lines.join('\n')
}

export function formatPackageSummary(summary: PackageSummary): string {
  const made = `${summary.madeBy || 'someone'} on ${shortDate(summary.madeAt)} (HECSOs Studio ${summary.appVersion})`
  return [
    `A valid package of “${summary.title}”${summary.acronym ? ` (${summary.acronym})` : ''}, made by ${made}.`,
    '',
    table(
      ['Document', 'Template', 'Language'],
      summary.documents.map((document) => [document.title, document.templateId, document.language]),
    ),
  ].join('\n')
}
