import { PLAIN_TEMPLATE } from '../../../core/model/document'
import { localise } from '../../../core/templates/localise'
import type { Template, TemplateField } from '../../../core/templates/template-schema'
import { findField } from '../../../core/templates/template-walk'

/**
 * A document's own properties, as history and merge name them (`@title`, `@status`…), and `text`, the one field
 * of a document without a structured template.
 */
export const DOCUMENT_PROPERTIES = ['title', 'language', 'status', 'authors', 'comments', 'text'] as const
export type DocumentProperty = (typeof DOCUMENT_PROPERTIES)[number]

function isDocumentProperty(name: string): name is DocumentProperty {
  return name !== 'text' && (DOCUMENT_PROPERTIES as readonly string[]).includes(name)
}

/** The templates whose labels a list of documents needs: plain documents have none to look up. */
export function structuredTemplateIds(documents: ReadonlyArray<{ templateId: string }>): string[] {
  return documents.map(({ templateId }) => templateId).filter((id) => id !== PLAIN_TEMPLATE.id && id !== '')
}

/**
 * What a user calls the place a field path names (see workspace/field-anchors.ts): the labels of the field and
 * of the members or columns below it, in the interface language, joined by "›". Item and row ids mean nothing to
 * a reader and are left out; a path the template does not know (a retired field, a template not installed) is
 * shown as it is rather than hidden.
 */
export function fieldPathLabel(
  template: Template | undefined,
  path: string,
  language: string,
  propertyLabel: (property: DocumentProperty) => string,
): string {
  if (path.startsWith('@')) {
    const property = path.slice(1).split('/')[0] ?? ''
    return isDocumentProperty(property) ? propertyLabel(property) : path
  }
  if (!template && path === PLAIN_TEMPLATE.bodyField) return propertyLabel('text')
  const [fieldId = '', ...rest] = path.split('/')
  const field = template ? findField(template, fieldId) : undefined
  if (!field) return path
  const labels = [localise(field.label, language).text]
  let current: TemplateField = field
  // Below a group or table, segments alternate: an item (or row) id, then a member (or column) id.
  for (let index = 1; index < rest.length; index += 2) {
    const memberId = rest[index]
    if (current.type === 'group') {
      const member = current.fields.find((candidate) => candidate.id === memberId)
      if (!member) break
      labels.push(localise(member.label, language).text)
      current = member
    } else if (current.type === 'table') {
      const column = current.columns.find((candidate) => candidate.id === memberId)
      if (column) labels.push(localise(column.label, language).text)
      break
    } else break
  }
  return labels.join(' › ')
}
