import { createContext, useContext } from 'react'
import type { Template } from '../../../core/templates/template-schema'

/** What the list of values kept from an older template version needs to say where each one was. */
export interface OutlineData {
  /** The document's language: labels are shown in it, falling back to English. */
  lang: string
  template: Template
  /** The document's values, as loaded: kept values are never edited. */
  fields: Readonly<Record<string, unknown>>
}

export const OutlineContext = createContext<OutlineData | null>(null)

export function useOutline(): OutlineData {
  const data = useContext(OutlineContext)
  if (!data) throw new Error('The kept values need an <OutlineContext> above them.')
  return data
}
