import { useCallback, useEffect, useRef, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { ProjectTitleSchema } from '../../../core/model/project'
import { restoreNewestBackup } from '../api/backups'
import { asApiError, call } from '../api/client'
import { forgetTemplateDetails } from '../api/template-details'
import type { ProjectSummary, TemplateImport } from '../api/types'
import { useNavigation } from '../app/navigation'
import { Icon } from '../ui/Icon'
import { LoadError } from '../ui/LoadError'
import { useToasts } from '../ui/Toasts'
import { useLoader } from '../ui/use-loader'
import { copyTitle } from '../format/titles'
import { ImportResultDialog } from '../templates/ImportResultDialog'
import { TemplateProblemsNotice } from '../templates/TemplateProblemsNotice'
import { CreateProjectDialog, RenameDialog } from './ProjectDialogs'
import { ProjectRow } from './ProjectRow'

interface LibraryScreenProps {
  createOpen: boolean
  onCreateOpenChange: (open: boolean) => void
}

function byLastChange(projects: ProjectSummary[]): ProjectSummary[] {
  return [...projects].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
}

export function LibraryScreen({ createOpen, onCreateOpenChange }: LibraryScreenProps): JSX.Element {
  const { t } = useTranslation()
  const { navigate } = useNavigation()
  const { notify, notifyError } = useToasts()
  const fetchProjects = useCallback(async () => byLastChange(await call('projects:list', {})), [])
  const { data: projects, error: loadError, reload } = useLoader(fetchProjects)
  const fetchTemplates = useCallback(() => call('templates:list', {}), [])
  const { data: templates, reload: reloadTemplates } = useLoader(fetchTemplates)
  const [renaming, setRenaming] = useState<ProjectSummary | null>(null)
  const [busy, setBusy] = useState<'example' | 'import' | null>(null)
  const [imported, setImported] = useState<TemplateImport | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    document.title = t('app.name')
    // Arriving from another screen leaves focus on nothing; put it where a screen reader user expects it.
    if (projects !== null && document.activeElement === document.body) heading.current?.focus()
  }, [projects, t])

  const create = async (input: { title: string; acronym: string }) => {
    const view = await call('projects:create', input)
    navigate({ screen: 'project', projectId: view.project.id })
  }

  const openExample = async () => {
    if (busy) return
    setBusy('example')
    try {
      const view = await call('projects:create-example', {})
      navigate({ screen: 'project', projectId: view.project.id })
    } catch (error) {
      notifyError(t('library.exampleFailed'), asApiError(error))
    } finally {
      setBusy(null)
    }
  }

  const importTemplate = async () => {
    if (busy) return
    setBusy('import')
    try {
      const result = await call('templates:import', {})
      // null: the user closed the file dialog, which needs no answer.
      if (result === null) return
      if (result.ok) forgetTemplateDetails()
      setImported(result)
      await reloadTemplates()
    } catch (error) {
      notifyError(t('templates.import.error'), asApiError(error))
    } finally {
      setBusy(null)
    }
  }

  const exampleButton = (className: string) => (
    <button
      type="button"
      className={className}
      onClick={() => void openExample()}
      disabled={busy === 'example'}
      aria-busy={busy === 'example'}
    >
      <Icon
        name={busy === 'example' ? 'spinner' : 'book'}
        className={busy === 'example' ? 'icon-spin' : ''}
      />
      {t('library.example')}
    </button>
  )

  const rename = async (project: ProjectSummary, title: string) => {
    const { revision } = await call('projects:get', { projectId: project.id })
    await call('projects:rename', { projectId: project.id, title, baseRevision: revision })
    setRenaming(null)
    notify({ tone: 'success', title: t('library.renamed', { title }) })
    await reload()
  }

  const duplicate = async (project: ProjectSummary) => {
    try {
      const view = await call('projects:duplicate', {
        projectId: project.id,
        title: copyTitle(project.title, t('library.copySuffix')),
      })
      notify({ tone: 'success', title: t('library.duplicated', { title: view.project.title }) })
      await reload()
    } catch (error) {
      notifyError(t('library.duplicateFailed'), asApiError(error))
    }
  }

  const restore = async (trashId: string, title: string) => {
    try {
      await call('projects:restore', { trashId })
      notify({ tone: 'success', title: t('library.restored', { title }) })
      await reload()
    } catch (error) {
      notifyError(t('library.restoreFailed'), asApiError(error))
    }
  }

  const remove = async (project: ProjectSummary) => {
    try {
      const entry = await call('projects:delete', { projectId: project.id })
      await reload()
      notify({
        tone: 'info',
        title: t('library.deleted', { title: project.title }),
        action: {
          label: t('common.undo'),
          altText: t('library.undoAlt'),
          onAction: () => void restore(entry.trashId, project.title),
        },
      })
    } catch (error) {
      notifyError(t('library.deleteFailed'), asApiError(error))
    }
  }

  const restoreBackup = async (project: ProjectSummary) => {
    if (!project.damage) return
    try {
      const restored = await restoreNewestBackup(project.id, project.damage.file)
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
    <section
      className="screen"
      aria-labelledby="library-heading"
      aria-busy={projects === null && loadError === null}
    >
      <div className="screen-header">
        <div>
          <h1 id="library-heading" className="screen-title" tabIndex={-1} ref={heading}>
            {t('library.heading')}
          </h1>
          <p className="screen-subtitle">{t('library.subtitle')}</p>
        </div>
        {projects !== null && (
          <div className="screen-actions library-actions">
            <button
              type="button"
              className="button button-quiet"
              onClick={() => void importTemplate()}
              disabled={busy === 'import'}
              aria-busy={busy === 'import'}
            >
              <Icon name="import" />
              {t('templates.import.action')}
            </button>
            {projects.length > 0 && exampleButton('button button-quiet')}
            {projects.length > 0 && (
              <button
                type="button"
                className="button button-primary"
                onClick={() => onCreateOpenChange(true)}
              >
                <Icon name="plus" />
                {t('library.new')}
              </button>
            )}
          </div>
        )}
      </div>

      {loadError && <LoadError error={loadError} onRetry={reload} />}
      {templates && <TemplateProblemsNotice problems={templates.problems} />}

      {projects !== null && projects.length === 0 && (
        <div className="empty-state">
          <div className="empty-icon" aria-hidden="true">
            <Icon name="folder" />
          </div>
          <h2 className="empty-title">{t('library.empty.title')}</h2>
          <p className="empty-text">{t('library.empty.what')}</p>
          <p className="empty-text">{t('library.empty.next')}</p>
          <div className="empty-actions">
            <button type="button" className="button button-primary" onClick={() => onCreateOpenChange(true)}>
              <Icon name="plus" />
              {t('library.empty.action')}
            </button>
            {exampleButton('button')}
          </div>
          <p className="empty-hint">{t('library.empty.example')}</p>
        </div>
      )}

      {projects !== null && projects.length > 0 && (
        <ul className="card-list" aria-label={t('library.listLabel')}>
          {projects.map((project) => (
            <ProjectRow
              key={project.id}
              project={project}
              onRename={() => setRenaming(project)}
              onDuplicate={() => void duplicate(project)}
              onDelete={() => void remove(project)}
              onRestoreBackup={() => restoreBackup(project)}
            />
          ))}
        </ul>
      )}

      <ImportResultDialog result={imported} onClose={() => setImported(null)} />
      <CreateProjectDialog open={createOpen} onOpenChange={onCreateOpenChange} onCreate={create} />
      {renaming && (
        <RenameDialog
          key={renaming.id}
          open
          onOpenChange={(open) => !open && setRenaming(null)}
          heading={t('library.renameHeading')}
          label={t('library.create.titleLabel')}
          initialTitle={renaming.title}
          schema={ProjectTitleSchema}
          onRename={(title) => rename(renaming, title)}
        />
      )}
    </section>
  )
}
