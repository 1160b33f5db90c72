import { PLAIN_TEMPLATE } from '../../../core/model/document'
import type { Template } from '../../../core/templates/template-schema'
import { fieldLabels } from '../workspace/field-labels'

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
  const labels = fieldLabels(template, path, language)
  return labels.length > 0 ? labels.join(' › ') : path
}
