import { memo, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { localise } from '../../../core/templates/localise'
import type { DocumentCheck, DocumentSummary, TemplateSummary } from '../api/types'
import { RouteLink } from '../app/navigation'
import { CompletenessMeter } from '../ui/CompletenessMeter'
import { StatusBadge } from '../ui/StatusBadge'
import { groupByKind } from './document-groups'

interface DocumentsNavProps {
  projectId: string
  documents: readonly DocumentSummary[]
  templates: readonly TemplateSummary[] | null
  checks: ReadonlyMap<string, DocumentCheck>
  openDocumentId: string
  /** The open document's completeness as just checked, which is fresher than the project check's. */
  openPercent: number | undefined
}

/** The project's documents, grouped by kind, each with its status and how much of it is written. */
export const DocumentsNav = memo(function DocumentsNav({
  projectId,
  documents,
  templates,
  checks,
  openDocumentId,
  openPercent,
}: DocumentsNavProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const groups = groupByKind(documents, templates)
  return (
    <div className="ws-documents">
      {groups.map((group) => {
        const headingId = `ws-kind-${group.key}`
        const title =
          group.key === 'plain'
            ? t('workspace.documents.freeText')
            : group.key === 'custom' || !group.title
              ? t('workspace.documents.otherKind')
              : localise(group.title, i18n.language).text
        return (
          <section key={group.key} className="ws-group" aria-labelledby={headingId}>
            <h3 id={headingId} className="ws-group-title">
              {title}
            </h3>
            <ul className="ws-doc-list">
              {group.documents.map((document) => {
                const current = document.id === openDocumentId
                const percent = current
                  ? (openPercent ?? checks.get(document.id)?.completeness?.document.percent)
                  : checks.get(document.id)?.completeness?.document.percent
                return (
                  <DocumentItem
                    key={document.id}
                    projectId={projectId}
                    document={document}
                    current={current}
                    percent={percent}
                  />
                )
              })}
            </ul>
          </section>
        )
      })}
    </div>
  )
})

/**
 * One document of the list. Memoised: switching documents changes two rows of a project's ~200, and
 * re-rendering them all was a measurable part of a switch.
 */
const DocumentItem = memo(function DocumentItem({
  projectId,
  document,
  current,
  percent,
}: {
  projectId: string
  document: DocumentSummary
  current: boolean
  percent: number | undefined
}): JSX.Element {
  const { t } = useTranslation()
  return (
    <li className="ws-doc" data-current={current || undefined}>
      <RouteLink
        to={{ screen: 'document', projectId, documentId: document.id }}
        className="ws-doc-link"
        current={current}
      >
        <span className="ws-doc-title" lang={document.language}>
          {document.title}
        </span>
      </RouteLink>
      <span className="ws-doc-meta">
        <StatusBadge status={document.status} />
        {percent !== undefined && (
          <CompletenessMeter
            percent={percent}
            label={t('workspace.documents.progress', { title: document.title })}
          />
        )}
      </span>
    </li>
  )
})
