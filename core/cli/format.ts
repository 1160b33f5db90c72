import type { DocumentSummary, ProjectSummary, ProjectView } from '../api/contract'

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
