import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { CompletenessCode, Issue } from '../../../core/templates/completeness'
import { localise } from '../../../core/templates/localise'
import type { Template } from '../../../core/templates/template-schema'
import { fieldAtPath } from './issues'

export interface IssueText {
  /** The field it is about, in `language` (or English): the member's label for an issue inside a group item. */
  field: string
  fieldLang: string
  /** Which item of a group, when the issue is inside one: "2 (“Mapping”)". */
  item?: string
  /** What is wrong, in the interface language. */
  problem: string
}

/**
 * Completeness issues in words. The engine's own messages are English sentences for the CLI; the interface
 * says the same from the issue's code and numbers, with labels from the template in the language asked for.
 */
export function useIssueText(): (
  issue: Issue<CompletenessCode>,
  template: Template | undefined,
  language: string,
) => IssueText {
  const { t } = useTranslation()
  return useCallback(
    (issue, template, language) => {
      const field = template ? fieldAtPath(template, issue.path) : undefined
      const label = field
        ? localise(field.label, language)
        : { text: String(issue.params.label ?? issue.params.field ?? ''), language: 'en' }
      const param = (key: string) => issue.params[key] ?? ''
      const problem = t(`issues.${issue.code}`, {
        count: param('count'),
        min: param('min'),
        max: param('max'),
        missing: param('missing'),
        total: param('total'),
        entry: param('entry'),
      })
      const item =
        issue.params.item === undefined
          ? undefined
          : issue.params.itemTitle
            ? t('issues.itemTitled', { n: param('item'), title: String(issue.params.itemTitle) })
            : t('issues.item', { n: param('item') })
      return { field: label.text, fieldLang: label.language, problem, ...(item ? { item } : {}) }
    },
    [t],
  )
}
