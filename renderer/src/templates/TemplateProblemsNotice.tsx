import { useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { TemplateProblem } from '../api/types'
import { Icon } from '../ui/Icon'
import { TemplateProblemList } from './TemplateProblemList'

/**
 * A broken template file in the library must not stop anyone working: the other templates load, and this
 * notice says which file failed and why, folded so it does not push the projects out of sight.
 */
export function TemplateProblemsNotice({
  problems,
}: {
  problems: readonly TemplateProblem[]
}): JSX.Element | null {
  const { t } = useTranslation()
  const [dismissed, setDismissed] = useState(false)
  if (problems.length === 0 || dismissed) return null
  const files = new Set(problems.map((problem) => problem.file)).size

  return (
    <div className="notice notice-warning template-problems" role="status">
      <Icon name="warning" />
      <div className="notice-body">
        <p className="notice-title">{t('templates.problems.noticeTitle', { count: files })}</p>
        <p>{t('templates.problems.noticeText')}</p>
        <details className="disclosure">
          <summary>{t('templates.problems.show', { count: problems.length })}</summary>
          <TemplateProblemList problems={problems} />
        </details>
      </div>
      <button
        type="button"
        className="icon-button icon-button-small"
        aria-label={t('common.dismiss')}
        onClick={() => setDismissed(true)}
      >
        <Icon name="close" />
      </button>
    </div>
  )
}
