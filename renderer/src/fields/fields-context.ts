import { createContext, useContext } from 'react'
import type { Template, Vocabulary } from '../../../core/templates/template-schema'
import type { DocumentSummary } from '../api/types'
import type { CompletenessTracker } from './completeness-tracker'
import type { FieldStore } from './field-store'

/** What every field editor of one document shares; it does not change while the document is open. */
export interface FieldsData {
  store: FieldStore
  completeness: CompletenessTracker
  projectId: string
  documentId: string
  /** The document's language: labels, units and choices are shown in it, and what is typed is tagged with it. */
  lang: string
  template: Template
  vocabularies: ReadonlyMap<string, Vocabulary>
  /** The other documents of the project, which references point at. */
  documents: readonly DocumentSummary[]
  readOnly: boolean
}

export const FieldsContext = createContext<FieldsData | null>(null)

export function useFields(): FieldsData {
  const data = useContext(FieldsContext)
  if (!data) throw new Error('Field editors need a <StructuredEditor> above them.')
  return data
}

/** Stable ids for new group items, table rows and sources: UUIDs match the stored item-id pattern. */
export function newItemId(): string {
  return crypto.randomUUID()
}
