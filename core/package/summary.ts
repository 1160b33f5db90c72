import type { VerifiedPackage } from './verify-entries'

/** What a received package holds, shown before anything is opened so the user knows what they let in. */
export interface PackageSummary {
  projectId: string
  title: string
  acronym: string
  documents: Array<{ id: string; title: string; templateId: string; language: string }>
  /** Who packed it, from their author profile (may be empty). */
  madeBy: string
  madeAt: string
  appVersion: string
}

export function summarisePackage({ manifest, contents }: VerifiedPackage): PackageSummary {
  const { project, documents } = contents
  return {
    projectId: project.id,
    title: project.title,
    acronym: project.acronym,
    documents: documents.map(({ id, title, templateId, language }) => ({ id, title, templateId, language })),
    madeBy: manifest.madeBy.name,
    madeAt: manifest.madeAt,
    appVersion: manifest.appVersion,
  }
}
