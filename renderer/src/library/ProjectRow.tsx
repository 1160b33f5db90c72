import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProjectSummary } from '../api/types'
import { RouteLink } from '../app/navigation'
import { ChangedAt } from '../format/ChangedAt'
import { formatExact } from '../format/time'
import { ActionsMenu } from '../ui/ActionsMenu'
import { DamageNotice } from '../ui/DamageNotice'
import { Icon } from '../ui/Icon'

interface ProjectRowProps {
  project: ProjectSummary
  onRename: () => void
  onDuplicate: () => void
  onDelete: () => void
  onRestoreBackup: () => Promise<void>
}

export function ProjectRow({
  project,
  onRename,
  onDuplicate,
  onDelete,
  onRestoreBackup,
}: ProjectRowProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const locked = project.lockedBy !== undefined

  if (project.damage) {
    // Without a readable manifest the store can only name the folder; say so in words and keep the id as detail.
    const named = project.title !== project.id
    const title = named ? project.title : t('library.unreadableTitle')
    return (
      <li className="card card-damaged">
        <div className="card-icon" aria-hidden="true">
          <Icon name="warning" />
        </div>
        <div className="card-main">
          <div className="card-heading">
            <h2 className="card-title">{title}</h2>
            <span className="badge badge-danger">{t('damage.badge')}</span>
          </div>
          {!named && <p className="card-meta">{t('library.folderName', { folder: project.id })}</p>}
          <DamageNotice damage={project.damage} onRestore={onRestoreBackup} />
        </div>
      </li>
    )
  }

  return (
    <li className="card">
      <div className="card-icon" aria-hidden="true">
        <Icon name="folder" />
      </div>
      <div className="card-main">
        <div className="card-heading">
          <h2 className="card-title">
            <RouteLink to={{ screen: 'project', projectId: project.id }} className="card-link">
              {project.title}
            </RouteLink>
          </h2>
          {project.acronym && <span className="badge badge-acronym">{project.acronym}</span>}
          {locked && (
            <span className="badge badge-locked">
              <Icon name="lock" />
              {t('library.readOnly')}
            </span>
          )}
        </div>
        <p className="card-meta">
          <ChangedAt iso={project.updatedAt} />
          <span aria-hidden="true"> · </span>
          <span>{t('library.documentCount', { count: project.documentCount })}</span>
        </p>
        {project.lockedBy && (
          <p className="card-note">
            {t('library.lockedNote', {
              host: project.lockedBy.hostname,
              since: formatExact(project.lockedBy.since, i18n.language),
            })}
          </p>
        )}
      </div>
      <ActionsMenu
        label={t('library.actionsFor', { title: project.title })}
        actions={[
          { label: t('common.rename'), onSelect: onRename, disabled: locked },
          { label: t('common.duplicate'), onSelect: onDuplicate },
          { label: t('common.delete'), onSelect: onDelete, disabled: locked, danger: true },
        ]}
      />
    </li>
  )
}
