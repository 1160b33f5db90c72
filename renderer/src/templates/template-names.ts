import { PLAIN_TEMPLATE } from '../../../core/model/document'
import { localise } from '../../../core/templates/localise'
import type { TemplateSummary } from '../api/types'

/** The objectives of the HECSOs project, in the order the picker groups templates by. */
export const OBJECTIVE_ORDER = ['SO1', 'SO2', 'SO3', 'all'] as const
export type Objective = (typeof OBJECTIVE_ORDER)[number]

export function isStructured(templateId: string): boolean {
  return templateId !== PLAIN_TEMPLATE.id
}

export type TemplateName =
  | { kind: 'plain' }
  | { kind: 'known'; text: string; lang: string }
  | { kind: 'missing'; templateId: string }
  | { kind: 'loading' }

/**
 * What to call a document's template in the interface language: the catalogue's own title, the words for the
 * plain template, or (for a template this installation lacks) its id, so the user can say which one to get.
 */
export function templateName(
  templateId: string,
  templates: readonly TemplateSummary[] | null,
  interfaceLanguage: string,
): TemplateName {
  if (!isStructured(templateId)) return { kind: 'plain' }
  if (templates === null) return { kind: 'loading' }
  const summary = templates.find((template) => template.id === templateId)
  if (!summary) return { kind: 'missing', templateId }
  const title = localise(summary.title, interfaceLanguage)
  return { kind: 'known', text: title.text, lang: title.language }
}

/** The file's own name from a path of either platform, for headings; the full path stays as detail. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path
}
