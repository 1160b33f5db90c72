import type { Issue, IssueSeverity } from './completeness'
import type { MatrixValue, ReferenceTarget } from './field-values'
import { eachValue, groupItemsAt, locationText, type ItemContext, type ResolvedItem } from './group-paths'
import type { MatrixField, ReferenceField, Template } from './template-schema'
import { findField } from './template-walk'

/**
 * Checks across the documents of one project, and the derived tables the exports print. Generic: nothing here
 * knows a template by name (domain-checks.ts does, on top of these functions).
 */

/** What the checks read of a document; a HecsosDocument is one. */
export interface ProjectDocument {
  id: string
  title: string
  templateId: string
  fields: Readonly<Record<string, unknown>>
}

/** The documents of one project and the templates they are written against (by template id). */
export interface ProjectDocuments {
  documents: readonly ProjectDocument[]
  templates: ReadonlyMap<string, Template>
}

export type ConsistencyCode =
  'reference-document-missing' | 'reference-wrong-kind' | 'reference-item-missing' | 'reference-unchecked'

export interface ConsistencyIssue<Code extends string = ConsistencyCode> extends Issue<Code> {
  /** The document the issue is found in (the one holding the reference). */
  documentId: string
}

export interface ResolvedReference {
  document: ProjectDocument
  template?: Template
  /** The target item, when the reference names one and it exists. */
  item?: ResolvedItem
}

/** Every reference value of a document, group members included, with where it sits. */
export function referencesIn(
  template: Template,
  fields: Readonly<Record<string, unknown>>,
): Array<{ field: ReferenceField; target: ReferenceTarget; path: string[]; chain: readonly ItemContext[] }> {
  const found: Array<{
    field: ReferenceField
    target: ReferenceTarget
    path: string[]
    chain: readonly ItemContext[]
  }> = []
  eachValue(template, fields, (field, value, path, chain) => {
    if (field.type !== 'reference' || !Array.isArray(value)) return
    for (const target of value as ReferenceTarget[])
      if (target !== null && typeof target === 'object' && typeof target.documentId === 'string')
        found.push({ field, target, path, chain })
  })
  return found
}

/** Follows a reference to its document and, for item references, to the item (via the field's `target.items`). */
export function resolveReference(
  project: ProjectDocuments,
  field: ReferenceField,
  target: ReferenceTarget,
): ResolvedReference | undefined {
  const document = project.documents.find((candidate) => candidate.id === target.documentId)
  if (!document) return undefined
  const template = project.templates.get(document.templateId)
  if (!template || target.itemId === undefined || field.target.items === undefined)
    return { document, template }
  const item = groupItemsAt(template, document.fields, field.target.items).find(
    (candidate) => candidate.id === target.itemId,
  )
  return { document, template, ...(item ? { item } : {}) }
}

/** Broken references anywhere in the project: target document gone, target of the wrong kind, item gone. */
export function checkReferences(project: ProjectDocuments): ConsistencyIssue[] {
  const issues: ConsistencyIssue[] = []
  for (const document of project.documents) {
    const template = project.templates.get(document.templateId)
    if (!template) continue
    for (const { field, target, path, chain } of referencesIn(template, document.fields)) {
      const subject = `“${field.label.en}”${locationText(chain)}`
      const add = (
        code: ConsistencyCode,
        severity: IssueSeverity,
        message: string,
        params: Record<string, string | number>,
      ) =>
        issues.push({
          code,
          severity,
          message,
          params: { field: field.id, label: field.label.en, targetDocumentId: target.documentId, ...params },
          path: [...path, target.itemId ?? target.documentId],
          documentId: document.id,
        })
      const resolved = resolveReference(project, field, target)
      if (!resolved) {
        add(
          'reference-document-missing',
          'error',
          `${subject} points to a document that is no longer in this project.`,
          {},
        )
        continue
      }
      const targetTitle = resolved.document.title
      if (!resolved.template) {
        if (field.target.kind !== undefined || target.itemId !== undefined)
          add(
            'reference-unchecked',
            'warning',
            `${subject} points to “${targetTitle}”, whose template “${resolved.document.templateId}” is not installed, so the link cannot be checked.`,
            { targetTitle, templateId: resolved.document.templateId },
          )
        continue
      }
      if (field.target.kind !== undefined && resolved.template.kind !== field.target.kind) {
        add(
          'reference-wrong-kind',
          'error',
          `${subject} points to “${targetTitle}”, which is a ${resolved.template.kind} document, not a ${field.target.kind}.`,
          { targetTitle, kind: resolved.template.kind, expectedKind: field.target.kind },
        )
        continue
      }
      if (target.itemId !== undefined && field.target.items !== undefined && !resolved.item)
        add(
          'reference-item-missing',
          'error',
          `${subject} points to an entry of “${targetTitle}” that no longer exists.`,
          { targetTitle, itemId: target.itemId },
        )
    }
  }
  return issues
}

export interface LevelMatrixRow extends ResolvedItem {
  /** One per column, in column order; '' where nothing is written yet. */
  cells: Array<{ columnId: string; descriptor: string }>
}

export interface LevelMatrix {
  field: MatrixField
  /** The scale's items (e.g. the levels, with their `band`), in order. */
  columns: ResolvedItem[]
  rows: LevelMatrixRow[]
  /** Descriptors kept for rows or columns that no longer exist: kept in the document, not printed. */
  orphans: Array<{ rowId: string; columnId: string; descriptor: string }>
}

/** The table a matrix field prints: its rows' items × its columns' items, each cell a descriptor. */
export function levelMatrix(
  document: Pick<ProjectDocument, 'fields'>,
  template: Template,
  matrixFieldId: string,
): LevelMatrix | undefined {
  const field = findField(template, matrixFieldId)
  if (field?.type !== 'matrix') return undefined
  const rows = groupItemsAt(template, document.fields, field.rows)
  const columns = groupItemsAt(template, document.fields, field.columns)
  const stored = document.fields[matrixFieldId]
  const cells: MatrixValue =
    stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? (stored as MatrixValue) : {}
  const descriptorAt = (rowId: string, columnId: string): string => {
    const row = Object.hasOwn(cells, rowId) ? cells[rowId] : undefined
    const text = row && Object.hasOwn(row, columnId) ? row[columnId] : undefined
    return typeof text === 'string' ? text : ''
  }
  const rowIds = new Set(rows.map((row) => row.id))
  const columnIds = new Set(columns.map((column) => column.id))
  const orphans: LevelMatrix['orphans'] = []
  for (const [rowId, row] of Object.entries(cells)) {
    if (row === null || typeof row !== 'object') continue
    for (const [columnId, descriptor] of Object.entries(row))
      if (
        (!rowIds.has(rowId) || !columnIds.has(columnId)) &&
        typeof descriptor === 'string' &&
        descriptor.trim() !== ''
      )
        orphans.push({ rowId, columnId, descriptor })
  }
  return {
    field,
    columns,
    rows: rows.map((row) => ({
      ...row,
      cells: columns.map((column) => ({ columnId: column.id, descriptor: descriptorAt(row.id, column.id) })),
    })),
    orphans,
  }
}
