import { createContext, useContext } from 'react'
import type { Template, Vocabulary } from '../../../core/templates/template-schema'
import type { DocumentSummary } from '../api/types'
import type { TargetItems } from './use-reference-targets'

/** What every part of the outline needs to turn a stored value into words. */
export interface OutlineData {
  projectId: string
  /** The document's language: labels, units and choices are shown in it, falling back to English. */
  lang: string
  template: Template
  vocabularies: ReadonlyMap<string, Vocabulary>
  /** The document's own values, which matrices read their rows and columns from. */
  fields: Readonly<Record<string, unknown>>
  documents: ReadonlyMap<string, DocumentSummary>
  targets: TargetItems
}

export const OutlineContext = createContext<OutlineData | null>(null)

export function useOutline(): OutlineData {
  const data = useContext(OutlineContext)
  if (!data) throw new Error('The outline parts need a <StructuredOutline> above them.')
  return data
}
