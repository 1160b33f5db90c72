import type { PathSegment } from './problems'
import type { GroupField, Section, Subsection, Template, TemplateField } from './template-schema'

/** A section or subsection, in reading order (a section comes before its subsections). */
export interface SectionEntry {
  section: Section | Subsection
  /** The enclosing section, for a subsection. */
  parentId?: string
  /** Where it is in the template file, e.g. `['sections', 1, 'sections', 0]`. */
  path: PathSegment[]
}

/** A top-level field: a key of `document.fields`. */
export interface FieldEntry {
  field: TemplateField
  sectionId: string
  path: PathSegment[]
}

export function sectionsOf(template: Template): SectionEntry[] {
  const entries: SectionEntry[] = []
  template.sections.forEach((section, index) => {
    entries.push({ section, path: ['sections', index] })
    section.sections?.forEach((subsection, subIndex) =>
      entries.push({
        section: subsection,
        parentId: section.id,
        path: ['sections', index, 'sections', subIndex],
      }),
    )
  })
  return entries
}

export function topLevelFields(template: Template): FieldEntry[] {
  return sectionsOf(template).flatMap(({ section, path }) =>
    section.fields.map((field, index) => ({
      field,
      sectionId: section.id,
      path: [...path, 'fields', index],
    })),
  )
}

export function findField(template: Template, fieldId: string): TemplateField | undefined {
  return topLevelFields(template).find(({ field }) => field.id === fieldId)?.field
}

export type GroupPathResolution =
  | { ok: true; group: GroupField; /** the groups along the path, outermost first */ chain: GroupField[] }
  | { ok: false; reason: string }

/** Follows `areas.competences` from the template's top-level fields down through group members. */
export function resolveGroupPath(template: Template, path: string): GroupPathResolution {
  const segments = path.split('.')
  const chain: GroupField[] = []
  let candidates: readonly TemplateField[] = topLevelFields(template).map(({ field }) => field)
  for (const [index, segment] of segments.entries()) {
    const field = candidates.find((candidate) => candidate.id === segment)
    const where = index === 0 ? 'this template' : `the group "${segments.slice(0, index).join('.')}"`
    if (!field) return { ok: false, reason: `${where} has no field "${segment}"` }
    if (field.type !== 'group')
      return {
        ok: false,
        reason: `"${segments.slice(0, index + 1).join('.')}" is a ${field.type} field, not a repeatable group`,
      }
    chain.push(field)
    candidates = field.fields
  }
  return { ok: true, group: chain[chain.length - 1]!, chain }
}

/** Every field of a template with its place in the file, group members included (depth first). */
export function eachField(
  template: Template,
  visit: (field: TemplateField, path: PathSegment[], enclosingGroups: readonly GroupField[]) => void,
): void {
  const walk = (field: TemplateField, path: PathSegment[], groups: readonly GroupField[]) => {
    visit(field, path, groups)
    if (field.type === 'group')
      field.fields.forEach((member, index) => walk(member, [...path, 'fields', index], [...groups, field]))
  }
  for (const { field, path } of topLevelFields(template)) walk(field, path, [])
}
