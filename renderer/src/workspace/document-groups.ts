import { PLAIN_TEMPLATE } from '../../../core/model/document'
import { TEMPLATE_KINDS, type LocalisedText } from '../../../core/templates/template-schema'
import type { DocumentSummary, TemplateSummary } from '../api/types'

export interface DocumentGroup {
  /** A template kind, 'plain' for free text, 'unknown' for documents whose template is not installed. */
  key: string
  title?: LocalisedText
  documents: DocumentSummary[]
}

/**
 * Documents by the kind of their template, in the catalogue's order of kinds (case studies first, the
 * deliverable last), then free text and unknown templates; within a group, by title.
 */
export function groupByKind(
  documents: readonly DocumentSummary[],
  templates: readonly TemplateSummary[] | null,
): DocumentGroup[] {
  const byId = new Map((templates ?? []).map((template) => [template.id, template]))
  const groups = new Map<string, DocumentGroup>()
  for (const document of documents) {
    const template = byId.get(document.templateId)
    const key = document.templateId === PLAIN_TEMPLATE.id ? 'plain' : template ? template.kind : 'unknown'
    let group = groups.get(key)
    if (!group) {
      group = { key, ...(template ? { title: template.title } : {}), documents: [] }
      groups.set(key, group)
    }
    group.documents.push(document)
  }
  const order = [...TEMPLATE_KINDS, 'plain', 'unknown'] as readonly string[]
  return [...groups.values()]
    .sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key))
    .map((group) => ({
      ...group,
      documents: group.documents.sort((a, b) => a.title.localeCompare(b.title)),
    }))
}
