import { useCallback, useEffect, useRef, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { asApiError, call } from '../api/client'
import { templateDetails, type TemplateDetails } from '../api/template-details'
import type { ProjectView, StoredDocument } from '../api/types'
import { isStructured } from '../templates/template-names'
import { Breadcrumbs } from '../ui/Breadcrumbs'
import { LoadError } from '../ui/LoadError'
import { useLoader } from '../ui/use-loader'
import { DocumentEditor, type Structure } from './DocumentEditor'

interface Loaded {
  project: ProjectView
  stored: StoredDocument
  /** Its template, for a structured document; null for free text. */
  structure: Structure | null
  /** Bumped on every load so a reload after a conflict starts a fresh editor and a fresh autosave. */
  generation: number
}

/** What the workspace around the editor needs of the open document. */
export interface OpenDocument {
  stored: StoredDocument
  /** Its template, for a structured document whose template is installed. */
  details: TemplateDetails | null
  readOnly: boolean
  /**
   * Another writer of the same file (a comment) saved it: the editor bases its next save on that revision
   * instead of reporting a conflict with a change that was not one.
   */
  adoptRevision(revision: string): void
}

export function DocumentScreen({
  projectId,
  documentId,
  onOpened,
}: {
  projectId: string
  documentId: string
  onOpened?: (open: OpenDocument) => void
}): JSX.Element {
  const { t } = useTranslation()
  const generation = useRef(0)
  const fetchDocument = useCallback(async (): Promise<Loaded> => {
    const [project, stored] = await Promise.all([
      call('projects:get', { projectId }),
      call('documents:get', { projectId, documentId }),
    ])
    let structure: Structure | null = null
    if (isStructured(stored.document.templateId)) {
      // A missing template must not hide the document: its title and status stay editable and the screen says why.
      structure = await templateDetails(stored.document.templateId).then(
        (details) => ({ details }),
        (error: unknown) => ({ error: asApiError(error) }),
      )
    }
    generation.current += 1
    return { project, stored, structure, generation: generation.current }
  }, [projectId, documentId])
  const { data: loaded, error: loadError, reload: load, set } = useLoader(fetchDocument)

  useEffect(() => {
    if (!loaded || !onOpened) return
    onOpened({
      stored: loaded.stored,
      details: loaded.structure && 'details' in loaded.structure ? loaded.structure.details : null,
      readOnly: loaded.project.readOnly,
      adoptRevision: (revision) => set({ ...loaded, stored: { ...loaded.stored, revision } }),
    })
  }, [loaded, onOpened, set])

  if (!loaded) {
    return (
      <section className="screen" aria-busy={loadError === null}>
        <Breadcrumbs
          trail={[
            { label: t('library.heading'), to: { screen: 'library' } },
            { label: t('document.backToProject'), to: { screen: 'project', projectId } },
          ]}
        />
        {loadError && <LoadError error={loadError} onRetry={load} />}
      </section>
    )
  }

  return (
    <DocumentEditor
      key={loaded.generation}
      project={loaded.project}
      stored={loaded.stored}
      structure={loaded.structure}
      onReload={load}
    />
  )
}
