import { useCallback, useRef, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../api/client'
import type { ProjectView, StoredDocument } from '../api/types'
import { Breadcrumbs } from '../ui/Breadcrumbs'
import { LoadError } from '../ui/LoadError'
import { useLoader } from '../ui/use-loader'
import { DocumentEditor } from './DocumentEditor'

interface Loaded {
  project: ProjectView
  stored: StoredDocument
  /** Bumped on every load so a reload after a conflict starts a fresh editor and a fresh autosave. */
  generation: number
}

export function DocumentScreen({
  projectId,
  documentId,
}: {
  projectId: string
  documentId: string
}): JSX.Element {
  const { t } = useTranslation()
  const generation = useRef(0)
  const fetchDocument = useCallback(async (): Promise<Loaded> => {
    const [project, stored] = await Promise.all([
      call('projects:get', { projectId }),
      call('documents:get', { projectId, documentId }),
    ])
    generation.current += 1
    return { project, stored, generation: generation.current }
  }, [projectId, documentId])
  const { data: loaded, error: loadError, reload: load } = useLoader(fetchDocument)

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
    <DocumentEditor key={loaded.generation} project={loaded.project} stored={loaded.stored} onReload={load} />
  )
}
