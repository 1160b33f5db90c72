import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentCheck, DocumentSummary } from '../api/types'
import { RouteLink } from '../app/navigation'
import { ChangedAt } from '../format/ChangedAt'
import { languageName } from '../i18n/languages'
import { TemplateLabel } from '../templates/TemplateLabel'
import type { TemplateName } from '../templates/template-names'
import { ActionsMenu } from '../ui/ActionsMenu'
import { CompletenessMeter } from '../ui/CompletenessMeter'
import { DamageNotice } from '../ui/DamageNotice'
import { Icon } from '../ui/Icon'
import { StatusBadge } from '../ui/StatusBadge'

interface DocumentRowProps {
  projectId: string
  document: DocumentSummary
  template: TemplateName
  /** Its completeness from the project check; undefined until the check has run. */
  check: DocumentCheck | undefined
  readOnly: boolean
  onRename: () => void
  onDelete: () => void
  onRestoreBackup: () => Promise<void>
}

export function DocumentRow({
  projectId,
  document,
  template,
  check,
  readOnly,
  onRename,
  onDelete,
  onRestoreBackup,
}: DocumentRowProps): JSX.Element {
  const { t, i18n } = useTranslation()

  if (document.damage) {
    return (
      <li className="card card-damaged">
        <div className="card-icon" aria-hidden="true">
          <Icon name="warning" />
        </div>
        <div className="card-main">
          <div className="card-heading">
            <h2 className="card-title">{document.title}</h2>
            <span className="badge badge-danger">{t('damage.badge')}</span>
          </div>
          <DamageNotice damage={document.damage} onRestore={onRestoreBackup} />
        </div>
      </li>
    )
  }

  return (
    <li className="card">
      <div className="card-icon" aria-hidden="true">
        <Icon name="document" />
      </div>
      <div className="card-main">
        <div className="card-heading">
          <h2 className="card-title" lang={document.language}>
            <RouteLink to={{ screen: 'document', projectId, documentId: document.id }} className="card-link">
              {document.title}
            </RouteLink>
          </h2>
          <StatusBadge status={document.status} />
        </div>
        <p className="card-meta">
          <TemplateLabel name={template} />
          {template.kind !== 'loading' && <span aria-hidden="true"> · </span>}
          <span>{languageName(document.language, i18n.language)}</span>
          <span aria-hidden="true"> · </span>
          <ChangedAt iso={document.updatedAt} />
        </p>
      </div>
      {check?.completeness && (
        <CompletenessMeter
          percent={check.completeness.document.percent}
          label={t('completeness.documentLabel', { title: document.title })}
        />
      )}
      {check?.problem && (
        <span className="card-check-problem" title={check.problem}>
          <Icon name="warning" />
          {t('check.notChecked')}
        </span>
      )}
      <ActionsMenu
        label={t('project.actionsFor', { title: document.title })}
        actions={[
          { label: t('common.rename'), onSelect: onRename, disabled: readOnly },
          { label: t('common.delete'), onSelect: onDelete, disabled: readOnly, danger: true },
        ]}
      />
    </li>
  )
}
