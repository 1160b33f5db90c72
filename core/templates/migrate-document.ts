import type { FieldValues, HecsosDocument } from '../model'
import { emptyValue } from './field-values'
import type { GroupField, Template, TemplateField } from './template-schema'
import { topLevelFields } from './template-walk'

/**
 * Template evolution (docs/template-format.md, "Template evolution"). Renames follow the template's explicit
 * mapping and apply to top-level fields only: a group member is addressed by its item, and a mapping such as
 * `modules.hours` would have to rewrite every item of every document, which no template has needed yet.
 * Nothing is ever dropped: a value whose field is gone stays in `document.fields` (see retiredFields).
 */

export interface Rename {
  from: string
  to: string
}

export type DocumentMigration =
  | {
      ok: true
      document: HecsosDocument
      /** False when the document was already current and complete: nothing to save. */
      changed: boolean
      fromVersion: number
      toVersion: number
      renamed: Rename[]
      /** Fields the document had no value for, now present and empty. */
      added: string[]
      /**
       * Renames not applied because the new name already held a value: both values are kept, the old one
       * under its old name (where it shows as "no longer in this template").
       */
      conflicts: Rename[]
    }
  | {
      ok: false
      code: 'template-outdated' | 'other-template'
      /** For the author, in plain words; the document itself is untouched. */
      message: string
    }

function renamesBetween(template: Template, fromVersion: number): Array<Record<string, string>> {
  return (template.migrations ?? [])
    .filter((step) => step.from >= fromVersion && step.to <= template.version)
    .sort((a, b) => a.from - b.from)
    .map((step) => step.renamedFields)
}

/**
 * Brings a document written against an older version of its template up to `template`. Pure: the caller saves
 * the result (the store sets the timestamps). `newId` makes the item ids of any group defaults.
 */
export function migrateDocument(
  document: HecsosDocument,
  template: Template,
  newId: () => string,
): DocumentMigration {
  if (document.templateId !== template.id)
    return {
      ok: false,
      code: 'other-template',
      message: `This document uses the template "${document.templateId}", not "${template.id}".`,
    }
  if (document.templateVersion > template.version)
    return {
      ok: false,
      code: 'template-outdated',
      message:
        `This document was written with version ${document.templateVersion} of the template “${template.title.en}”, ` +
        `but this installation has version ${template.version}. Update the template (or HECSOs Studio) to edit it; ` +
        `nothing in the document has been changed.`,
    }

  let fields: FieldValues = { ...document.fields }
  const renamed: Rename[] = []
  const conflicts: Rename[] = []
  for (const mapping of renamesBetween(template, document.templateVersion)) {
    // All renames of one step happen at once, so a step may swap two names.
    const before = fields
    const next: FieldValues = { ...before }
    let applied = Object.entries(mapping).filter(([from]) => Object.hasOwn(before, from))
    // A rename may land only on a free name or on one that another rename of this step vacates; holding one
    // back can keep its old name occupied and block another, so settle until nothing changes.
    for (;;) {
      const vacated = new Set(applied.map(([from]) => from))
      const claimed = new Set<string>()
      const blocked = applied.filter(([, to]) => {
        const taken = (Object.hasOwn(before, to) && !vacated.has(to)) || claimed.has(to)
        claimed.add(to)
        return taken
      })
      if (blocked.length === 0) break
      for (const [from, to] of blocked) conflicts.push({ from, to })
      applied = applied.filter((rename) => !blocked.includes(rename))
    }
    for (const [from] of applied) delete next[from]
    for (const [from, to] of applied) {
      next[to] = before[from]!
      renamed.push({ from, to })
    }
    fields = next
  }

  const added: string[] = []
  for (const { field } of topLevelFields(template)) {
    if (Object.hasOwn(fields, field.id)) continue
    fields[field.id] = emptyValue(field, newId)
    added.push(field.id)
  }

  const changed = document.templateVersion !== template.version || renamed.length > 0 || added.length > 0
  return {
    ok: true,
    document: changed ? { ...document, templateVersion: template.version, fields } : document,
    changed,
    fromVersion: document.templateVersion,
    toVersion: template.version,
    renamed,
    added,
    conflicts,
  }
}

/** A value kept in a document although its template no longer has a place for it. */
export interface RetiredValue {
  /**
   * Where it is: `['oldField']` for a top-level field; `['modules', '<itemId>', 'oldMember']` for a group
   * member; `['workload', '<rowId>', 'oldColumn']` for a table cell.
   */
  path: string[]
  value: unknown
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function retiredInside(field: TemplateField, value: unknown, path: string[], out: RetiredValue[]): void {
  if (field.type === 'group' && Array.isArray(value)) {
    for (const item of value) {
      if (!isRecord(item) || typeof item.id !== 'string' || !isRecord(item.values)) continue
      retiredInMembers(field, item.values, [...path, item.id], out)
    }
  } else if (field.type === 'table' && isRecord(value) && Array.isArray(value.rows)) {
    const columns = new Set(field.columns.map((column) => column.id))
    for (const row of value.rows) {
      if (!isRecord(row) || typeof row.id !== 'string' || !isRecord(row.cells)) continue
      for (const [columnId, cell] of Object.entries(row.cells))
        if (!columns.has(columnId)) out.push({ path: [...path, row.id, columnId], value: cell })
    }
  }
}

function retiredInMembers(
  group: GroupField,
  values: Record<string, unknown>,
  path: string[],
  out: RetiredValue[],
) {
  const members = new Map(group.fields.map((member) => [member.id, member]))
  for (const [key, value] of Object.entries(values)) {
    const member = members.get(key)
    if (member) retiredInside(member, value, [...path, key], out)
    else out.push({ path: [...path, key], value })
  }
}

/**
 * Everything "no longer in this template": values the document keeps for fields, group members or table
 * columns the template does not have. The UI shows them read-only; the exports leave them out.
 */
export function retiredFields(document: Pick<HecsosDocument, 'fields'>, template: Template): RetiredValue[] {
  const out: RetiredValue[] = []
  const current = new Map(topLevelFields(template).map(({ field }) => [field.id, field]))
  for (const [key, value] of Object.entries(document.fields)) {
    const field = current.get(key)
    if (field) retiredInside(field, value, [key], out)
    else out.push({ path: [key], value })
  }
  return out
}
