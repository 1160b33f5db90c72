import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../core/api/contract'
import type { DocumentSummary, ProjectCheck } from '../api/types'
import { RouteLink } from '../app/navigation'
import { isMissing } from '../templates/issues'
import { useIssueText } from '../templates/use-issue-text'
import { useTemplateDetailsMap } from '../templates/use-template-details'
import { Icon } from '../ui/Icon'

/** The first few missing fields name themselves; the rest are counted, so a long list stays one line. */
const NAMED_FIELDS = 5

interface ProjectCheckPanelProps {
  projectId: string
  documents: readonly DocumentSummary[]
  check: ProjectCheck | null
  error: ApiError | null
  checking: boolean
  onCheck: () => void
}

/**
 * What only the structure can tell: references that lead nowhere, curriculum arithmetic that does not add up,
 * and which documents still lack something their template requires.
 */
export function ProjectCheckPanel({
  projectId,
  documents,
  check,
  error,
  checking,
  onCheck,
}: ProjectCheckPanelProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const issueText = useIssueText()
  const titles = new Map(documents.map((document) => [document.id, document]))
  const incomplete = (check?.documents ?? []).flatMap((document) => {
    const required = (document.completeness?.document.issues ?? []).filter(isMissing)
    return required.length > 0 ? [{ document, required }] : []
  })
  const unchecked = (check?.documents ?? []).filter((document) => document.problem !== undefined)
  const details = useTemplateDetailsMap(incomplete.map(({ document }) => document.templateId))
  const allGood =
    check !== null && check.issues.length === 0 && incomplete.length === 0 && unchecked.length === 0

  const documentLink = (documentId: string, fallback: string) => {
    const summary = titles.get(documentId)
    return (
      <RouteLink to={{ screen: 'document', projectId, documentId }} className="check-document">
        <span lang={summary?.language}>{summary?.title ?? fallback}</span>
      </RouteLink>
    )
  }

  return (
    <section className="check-panel" aria-labelledby="check-heading" aria-busy={checking}>
      <header className="check-header">
        <div className="check-heading-row">
          <Icon name="checklist" />
          <h2 id="check-heading" className="check-heading">
            {t('check.heading')}
          </h2>
        </div>
        <button type="button" className="button button-small" onClick={onCheck} disabled={checking}>
          {checking ? <Icon name="spinner" className="icon-spin" /> : <Icon name="restore" />}
          {t('check.again')}
        </button>
      </header>
      <p className="check-intro">{t('check.intro')}</p>

      {error && (
        <p className="check-empty check-error" role="alert">
          <Icon name="warning" />
          {t('check.failed', { reason: t(`errors.${error.code}`) })}
        </p>
      )}
      {check === null && !error && <p className="check-empty">{t('check.running')}</p>}
      {allGood && (
        <p className="check-empty check-good">
          <Icon name="check" />
          {t('check.allGood')}
        </p>
      )}

      {check !== null && check.issues.length > 0 && (
        <div className="check-group">
          <h3 className="check-subheading">{t('check.issuesHeading', { count: check.issues.length })}</h3>
          <ul className="check-list">
            {check.issues.map((issue, index) => (
              <li key={index} className="check-item">
                <span className={`badge badge-severity-${issue.severity}`}>
                  {t(`check.severity.${issue.severity}`)}
                </span>
                <div className="check-item-body">
                  {documentLink(issue.documentId, issue.documentId)}
                  <p className="check-message" lang="en">
                    {issue.message}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}

      {incomplete.length > 0 && (
        <div className="check-group">
          <h3 className="check-subheading">{t('check.missingHeading')}</h3>
          <ul className="check-list">
            {incomplete.map(({ document, required }) => {
              const template = details.get(document.templateId)?.template
              const named = required
                .slice(0, NAMED_FIELDS)
                .map((issue) => issueText(issue, template, i18n.language))
              return (
                <li key={document.documentId} className="check-item">
                  <span className="badge badge-severity-error">
                    {t('check.missingCount', { count: required.length })}
                  </span>
                  <div className="check-item-body">
                    {documentLink(document.documentId, document.title)}
                    <p className="check-message">
                      {named.map((text, index) => (
                        <span key={index}>
                          {index > 0 && ', '}
                          <span lang={text.fieldLang}>{text.field}</span>
                          {text.item && <span className="check-item-ref"> ({text.item})</span>}
                        </span>
                      ))}
                      {required.length > NAMED_FIELDS &&
                        ` ${t('check.andMore', { count: required.length - NAMED_FIELDS })}`}
                    </p>
                  </div>
                </li>
              )
            })}
          </ul>
        </div>
      )}

      {unchecked.length > 0 && (
        <div className="check-group">
          <h3 className="check-subheading">{t('check.uncheckedHeading')}</h3>
          <ul className="check-list">
            {unchecked.map((document) => (
              <li key={document.documentId} className="check-item">
                <span className="badge badge-severity-warning">{t('check.notChecked')}</span>
                <div className="check-item-body">
                  {documentLink(document.documentId, document.title)}
                  <p className="check-message" lang="en">
                    {document.problem}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
