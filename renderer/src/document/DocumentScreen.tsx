import { useCallback, useEffect, useRef, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { asApiError, call } from '../api/client'
import { templateDetails, type TemplateDetails } from '../api/template-details'
import type { ProjectView, StoredDocument } from '../api/types'
import { isStructured } from '../templates/template-names'
import { Breadcrumbs } from '../ui/Breadcrumbs'
import { LoadError } from '../ui/LoadError'
import { useLoader } from '../ui/use-loader'
import { backgroundSaves, type UnsavedDocument } from './background-saves'
import { DocumentEditor, type Structure } from './DocumentEditor'

interface Loaded {
  project: ProjectView
  stored: StoredDocument
  /** Its template, for a structured document; null for free text. */
  structure: Structure | null
  /** `stored` carries edits a background save could not write (see BackgroundSaves). */
  restored: boolean
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
    // A document just left may still be being saved: it is read only once that save has ended.
    await backgroundSaves.settled({ projectId, documentId })
    const [project, onDisk] = await Promise.all([
      call('projects:get', { projectId }),
      call('documents:get', { projectId, documentId }),
    ])
    // A read-only editor could not save them: they stay kept, and closing the window still says so.
    const unsaved = project.readOnly ? null : backgroundSaves.take({ projectId, documentId })
    const stored = unsaved ? withUnsavedEdits(onDisk, unsaved) : onDisk
    let structure: Structure | null = null
    if (isStructured(stored.document.templateId)) {
      // A missing template must not hide the document: its title and status stay editable and the screen says why.
      structure = await templateDetails(stored.document.templateId).then(
        (details) => ({ details }),
        (error: unknown) => ({ error: asApiError(error) }),
      )
    }
    generation.current += 1
    return { project, stored, structure, restored: unsaved !== null, generation: generation.current }
  }, [projectId, documentId])
  const { data: loaded, error: loadError, reload: load, set } = useLoader(fetchDocument)

  // Once the document has been drawn, what the one before it left to save may go to disk (see BackgroundSaves):
  // reading a long text out of its editor takes a moment that would otherwise come before this first frame.
  useEffect(() => {
    if (!loaded) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => backgroundSaves.nextScreenShown())
    })
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [loaded])

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
      restored={loaded.restored}
      onReload={load}
    />
  )
}

/**
 * The document as its editor left it: the edits that could not be saved over what is on disk, at the revision
 * they were to replace, so saving them again writes over nothing that changed in between.
 */
function withUnsavedEdits(onDisk: StoredDocument, unsaved: UnsavedDocument): StoredDocument {
  const { title, status, fields, templateVersion } = unsaved.content
  return {
    ...onDisk,
    revision: unsaved.baseRevision,
    document: { ...onDisk.document, title, status, fields, ...(templateVersion ? { templateVersion } : {}) },
  }
}
