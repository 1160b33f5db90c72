import { useCallback, useEffect, useRef, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { DocumentTitleSchema } from '../../../core/model/document'
import type { LanguageCode } from '../../../core/model/languages'
import { ProjectTitleSchema } from '../../../core/model/project'
import { restoreNewestBackup } from '../api/backups'
import { asApiError, call } from '../api/client'
import type { DocumentSummary, ProjectView } from '../api/types'
import { useNavigation } from '../app/navigation'
import { RenameDialog } from '../library/ProjectDialogs'
import { isStructured, templateName } from '../templates/template-names'
import { Breadcrumbs } from '../ui/Breadcrumbs'
import { Icon } from '../ui/Icon'
import { LoadError } from '../ui/LoadError'
import { ReadOnlyNotice } from '../ui/ReadOnlyNotice'
import { useToasts } from '../ui/Toasts'
import { useLoader } from '../ui/use-loader'
import { backgroundSaves } from '../document/background-saves'
import { DocumentRow } from './DocumentRow'
import { NewDocumentDialog } from './NewDocumentDialog'
import { ProjectCheckPanel } from './ProjectCheckPanel'
import { ProjectExchangeActions } from '../exchange/ProjectExchangeActions'
import { ExportButton } from '../export/ExportButton'

interface ProjectScreenProps {
  projectId: string
  createOpen: boolean
  onCreateOpenChange: (open: boolean) => void
}

type Renaming = { kind: 'project' } | { kind: 'document'; document: DocumentSummary }

export function ProjectScreen({
  projectId,
  createOpen,
  onCreateOpenChange,
}: ProjectScreenProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const { navigate } = useNavigation()
  const { notify, notifyError } = useToasts()
  // A document just left may still be being saved: the list shows its title and status once that is done.
  const fetchProject = useCallback(async () => {
    await backgroundSaves.whenIdle()
    return call('projects:get', { projectId })
  }, [projectId])
  const {
    data: view,
    error: loadError,
    reload: reloadProject,
    set: setView,
  } = useLoader<ProjectView>(fetchProject)
  const fetchTemplates = useCallback(() => call('templates:list', {}), [])
  const { data: templateList, error: templatesError } = useLoader(fetchTemplates)
  // Checked afresh each time the project opens: documents may have changed in another window or by a merge.
  const fetchCheck = useCallback(async () => {
    await backgroundSaves.whenIdle()
    return call('projects:check', { projectId })
  }, [projectId])
  const { data: check, error: checkError, reload: reloadCheck } = useLoader(fetchCheck)
  const [checking, setChecking] = useState(false)
  const [renaming, setRenaming] = useState<Renaming | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    if (!view) return
    document.title = `${view.project.title} — ${t('app.name')}`
    if (document.activeElement === document.body) heading.current?.focus()
  }, [view, t])

  const library = { label: t('library.heading'), to: { screen: 'library' } as const }

  const recheck = async () => {
    setChecking(true)
    try {
      await reloadCheck()
    } finally {
      setChecking(false)
    }
  }

  /** The list and the check change together: a deleted or restored document leaves or joins both. */
  const reload = async () => {
    await reloadProject()
    void recheck()
  }

  if (!view) {
    return (
      <section className="screen" aria-busy={loadError === null}>
        <Breadcrumbs trail={[library]} />
        {loadError && <LoadError error={loadError} onRetry={reload} />}
      </section>
    )
  }

  const { project, readOnly } = view
  const documents = [...view.documents].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))

  const create = async (input: { title: string; language: LanguageCode; templateId: string }) => {
    const stored = await call('documents:create', { projectId, document: input })
    navigate({ screen: 'document', projectId, documentId: stored.document.id })
  }

  const renameProject = async (title: string) => {
    const next = await call('projects:rename', { projectId, title, baseRevision: view.revision })
    setView(next)
    setRenaming(null)
    notify({ tone: 'success', title: t('library.renamed', { title }) })
  }

  const renameDocument = async (document: DocumentSummary, title: string) => {
    await call('documents:rename', { projectId, documentId: document.id, title })
    setRenaming(null)
    notify({ tone: 'success', title: t('project.renamed', { title }) })
    await reload()
  }

  const restoreDocument = async (trashId: string, title: string) => {
    try {
      await call('documents:restore', { projectId, trashId })
      notify({ tone: 'success', title: t('project.restored', { title }) })
      await reload()
    } catch (error) {
      notifyError(t('project.restoreFailed'), asApiError(error))
    }
  }

  const removeDocument = async (document: DocumentSummary) => {
    try {
      const entry = await call('documents:delete', { projectId, documentId: document.id })
      await reload()
      notify({
        tone: 'info',
        title: t('project.deleted', { title: document.title }),
        action: {
          label: t('common.undo'),
          altText: t('project.undoAlt'),
          onAction: () => void restoreDocument(entry.trashId, document.title),
        },
      })
    } catch (error) {
      notifyError(t('project.deleteFailed'), asApiError(error))
    }
  }

  const restoreBackup = async (document: DocumentSummary) => {
    if (!document.damage) return
    try {
      const restored = await restoreNewestBackup(projectId, document.damage.file)
      notify(
        restored
          ? { tone: 'success', title: t('damage.restored') }
          : { tone: 'error', title: t('damage.noBackup') },
      )
      await reload()
    } catch (error) {
      notifyError(t('damage.restoreFailed'), asApiError(error))
    }
  }

  return (
    <section className="screen" aria-labelledby="project-heading">
      <Breadcrumbs trail={[library]} />
      <div className="screen-header">
        <div>
          <p className="screen-eyebrow">{project.acronym || t('project.eyebrow')}</p>
          <h1 id="project-heading" className="screen-title" tabIndex={-1} ref={heading}>
            {project.title}
          </h1>
        </div>
        <div className="screen-actions">
          <ProjectExchangeActions projectId={projectId} />
          <ExportButton projectId={projectId} documents={documents} settings={project.exportSettings} />
          {!readOnly && (
            <button type="button" className="button" onClick={() => setRenaming({ kind: 'project' })}>
              {t('project.renameProject')}
            </button>
          )}
          {!readOnly && documents.length > 0 && (
            <button type="button" className="button button-primary" onClick={() => onCreateOpenChange(true)}>
              <Icon name="plus" />
              {t('project.new')}
            </button>
          )}
        </div>
      </div>

      {readOnly && <ReadOnlyNotice lockedBy={view.lockedBy} />}

      {documents.length === 0 ? (
        <div className="empty-state">
          <div className="empty-icon" aria-hidden="true">
            <Icon name="document" />
          </div>
          <h2 className="empty-title">{t('project.empty.title')}</h2>
          <p className="empty-text">{t('project.empty.what')}</p>
          {!readOnly && (
            <button type="button" className="button button-primary" onClick={() => onCreateOpenChange(true)}>
              <Icon name="plus" />
              {t('project.empty.action')}
            </button>
          )}
        </div>
      ) : (
        <ul className="card-list" aria-label={t('project.listLabel')}>
          {documents.map((document) => (
            <DocumentRow
              key={document.id}
              projectId={projectId}
              document={document}
              template={templateName(document.templateId, templateList?.templates ?? null, i18n.language)}
              check={check?.documents.find((entry) => entry.documentId === document.id)}
              readOnly={readOnly}
              onRename={() => setRenaming({ kind: 'document', document })}
              onDelete={() => void removeDocument(document)}
              onRestoreBackup={() => restoreBackup(document)}
            />
          ))}
        </ul>
      )}

      {documents.some((document) => isStructured(document.templateId)) && (
        <ProjectCheckPanel
          projectId={projectId}
          documents={view.documents}
          check={check}
          error={checkError}
          checking={checking}
          onCheck={() => void recheck()}
        />
      )}

      {!readOnly && (
        <NewDocumentDialog
          open={createOpen}
          onOpenChange={onCreateOpenChange}
          // Free text can still be chosen when the templates cannot be listed.
          templates={templateList?.templates ?? (templatesError ? [] : null)}
          projectLanguages={project.languages}
          onCreate={create}
        />
      )}
      {renaming?.kind === 'project' && (
        <RenameDialog
          open
          onOpenChange={(open) => !open && setRenaming(null)}
          heading={t('library.renameHeading')}
          label={t('library.create.titleLabel')}
          initialTitle={project.title}
          schema={ProjectTitleSchema}
          onRename={renameProject}
        />
      )}
      {renaming?.kind === 'document' && (
        <RenameDialog
          key={renaming.document.id}
          open
          onOpenChange={(open) => !open && setRenaming(null)}
          heading={t('project.renameHeading')}
          label={t('project.create.titleLabel')}
          initialTitle={renaming.document.title}
          schema={DocumentTitleSchema}
          lang={renaming.document.language}
          onRename={(title) => renameDocument(renaming.document, title)}
        />
      )}
    </section>
  )
}
