import type { CompletenessCode, Issue } from '../../../core/templates/completeness'
import type { Template, TemplateField } from '../../../core/templates/template-schema'
import { findField } from '../../../core/templates/template-walk'

type PathSegment = string | number

/**
 * The field an issue path names: `['modules', '<itemId>', 'credits']` is the member "credits" of the group
 * "modules". Segments after a non-group field (a list entry, a table row, a source) still belong to it.
 */
export function fieldAtPath(template: Template, path: readonly PathSegment[]): TemplateField | undefined {
  if (path.length === 0) return undefined
  let field = findField(template, String(path[0]))
  for (let index = 2; field && index < path.length; index += 2) {
    if (field.type !== 'group') return field
    const id = path[index]
    field = field.fields.find((member) => member.id === id)
  }
  return field
}

/**
 * Whether an issue means "nothing written where something must be": an empty required field, or an empty
 * list, group or table that needs entries (the engine reports those by their minimum, not as "required").
 */
export function isMissing(issue: Issue<CompletenessCode>): boolean {
  if (issue.code === 'required') return true
  return (issue.code === 'too-few-items' || issue.code === 'too-few-rows') && issue.params.count === 0
}
