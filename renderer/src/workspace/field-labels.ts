import { localise } from '../../../core/templates/localise'
import type { Template, TemplateField } from '../../../core/templates/template-schema'
import { findField } from '../../../core/templates/template-walk'
import type { FieldPath } from './field-anchors'

/** The template field a path names: a top-level field, or a member of a group item; undefined if none. */
export function fieldAt(template: Template | undefined, path: FieldPath): TemplateField | undefined {
  if (!template) return undefined
  const segments = path.split('/')
  let field = findField(template, segments[0] ?? '')
  for (let index = 2; field && index < segments.length; index += 2) {
    if (field.type === 'table') {
      const cell =
        segments.length === index + 1 && field.columns.some((column) => column.id === segments[index])
      return cell ? field : undefined
    }
    if (field.type !== 'group') return undefined
    field = field.fields.find((candidate) => candidate.id === segments[index])
  }
  return field
}

/**
 * The labels along a field path, outermost first: `practices/<itemId>/title` reads "Practices › Title". Item ids
 * are skipped; a table cell ends at its column's label. Unknown segments end the walk (the template changed).
 */
export function fieldLabels(template: Template | undefined, path: FieldPath, language: string): string[] {
  if (!template) return []
  const segments = path.split('/')
  const top = findField(template, segments[0] ?? '')
  if (!top) return []
  const labels = [localise(top.label, language).text]
  let field: TemplateField = top
  for (let index = 2; index < segments.length; index += 2) {
    const id = segments[index]
    if (field.type === 'group') {
      const member = field.fields.find((candidate) => candidate.id === id)
      if (!member) break
      labels.push(localise(member.label, language).text)
      field = member
    } else if (field.type === 'table') {
      const column = field.columns.find((candidate) => candidate.id === id)
      if (column) labels.push(localise(column.label, language).text)
      break
    } else {
      break
    }
  }
  return labels
}
