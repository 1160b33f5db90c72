import { memo, useCallback, type JSX, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { localise } from '../../../core/templates/localise'
import type { LocalisedText, TemplateField } from '../../../core/templates/template-schema'
import { languageName } from '../i18n/languages'
import { isMissing } from '../templates/issues'
import { useIssueText } from '../templates/use-issue-text'
import { Icon } from '../ui/Icon'
import { fieldAnchorId, useFieldFocus, type FieldPath } from '../workspace/field-anchors'
import { FieldConflictNotice } from './field-conflicts'
import { useFieldCompleteness } from './completeness-tracker'
import { useFields } from './fields-context'

/** The ids an editor ties its inputs to: the label's, and the one input a plain label points at. */
export interface FieldIds {
  labelId: string
  inputId: string
  /** The word or character count under the input, which describes it. */
  countId: string
}

export function fieldIds(path: FieldPath): FieldIds {
  const anchor = fieldAnchorId(path)
  return { labelId: `${anchor}-label`, inputId: `${anchor}-input`, countId: `${anchor}-count` }
}

/** Says that a template text is in English because the document's language has no translation of it yet. */
export function FallbackTag(): JSX.Element {
  const { t, i18n } = useTranslation()
  const { lang } = useFields()
  return (
    <span
      className="tag-fallback"
      title={t('outline.fellBack', { language: languageName(lang, i18n.language) })}
    >
      {languageName('en', i18n.language)}
    </span>
  )
}

export function Localised({ text }: { text: LocalisedText }): JSX.Element {
  const { lang } = useFields()
  const result = localise(text, lang)
  return (
    <>
      <span lang={result.language}>{result.text}</span>
      {result.fellBack && (
        <>
          {' '}
          <FallbackTag />
        </>
      )}
    </>
  )
}

export function Guidance({
  text,
  example,
}: {
  text: LocalisedText
  example?: LocalisedText | undefined
}): JSX.Element {
  const { t } = useTranslation()
  const { lang } = useFields()
  const guidance = localise(text, lang)
  const sample = example ? localise(example, lang) : undefined
  return (
    <details className="guidance">
      <summary>
        <span>{t('outline.guidance')}</span>
        {guidance.fellBack && <FallbackTag />}
      </summary>
      <div className="guidance-body">
        <p lang={guidance.language}>{guidance.text}</p>
        {sample && (
          <p className="guidance-example">
            <span className="guidance-example-label">{t('outline.example')}</span>{' '}
            <span lang={sample.language}>{sample.text}</span>
          </p>
        )}
      </div>
    </details>
  )
}

/** Types whose editor is a block of its own: they take the full width of a group item. */
export const BLOCK_TYPES: ReadonlySet<TemplateField['type']> = new Set([
  'richText',
  'group',
  'table',
  'matrix',
  'sources',
  'list',
  'image',
  'reference',
])

/**
 * The frame around one field's editor: its label (a heading for a top-level field, so the page reads as a
 * document) and, for a top-level field, what the completeness check says about it. It carries the field's
 * anchor id and tells the workspace which field the author is in: the workspace's panel shows its guidance.
 */
export const FieldFrame = memo(function FieldFrame({
  field,
  path,
  topLevel,
  headingLevel = 3,
  labelFor,
  children,
}: {
  field: TemplateField
  path: FieldPath
  topLevel: boolean
  /** A field of a subsection sits one heading level deeper than one of a section. */
  headingLevel?: 3 | 4
  /** The input a click on the label should focus; absent for editors made of several controls. */
  labelFor?: string | undefined
  children: ReactNode
}): JSX.Element {
  const { report } = useFieldFocus()
  const ids = fieldIds(path)
  const onFocus = useCallback(() => report({ path, field }), [report, path, field])
  const Label = labelFor ? 'label' : 'span'
  const Heading = headingLevel === 3 ? 'h3' : 'h4'
  const label = (
    <Label id={ids.labelId} className="sf-label-text" {...(labelFor ? { htmlFor: labelFor } : {})}>
      <Localised text={field.label} />
    </Label>
  )
  return (
    <div
      id={fieldAnchorId(path)}
      className={`sf-field sf-field-${field.type}${topLevel ? ' sf-field-top' : ''}${BLOCK_TYPES.has(field.type) ? ' sf-field-block' : ''}`}
      onFocus={onFocus}
    >
      <div className="sf-field-header">
        {topLevel ? (
          <Heading className="sf-field-label">{label}</Heading>
        ) : (
          <div className="sf-field-label">{label}</div>
        )}
        {topLevel ? <TopFieldState field={field} /> : field.required && <RequiredMark />}
      </div>
      {children}
      <FieldConflictNotice path={path} />
      {topLevel && <FieldIssues field={field} />}
    </div>
  )
})

function RequiredMark(): JSX.Element {
  const { t } = useTranslation()
  return <span className="badge badge-required">{t('outline.required')}</span>
}

function TopFieldState({ field }: { field: TemplateField }): JSX.Element | null {
  const { t } = useTranslation()
  const { completeness } = useFields()
  const result = useFieldCompleteness(completeness, field.id)
  const missing = (result?.issues ?? []).some((issue) => issue.path.length === 1 && isMissing(issue))
  const complete = result !== undefined && result.filled && result.complete
  return (
    <>
      {missing ? (
        <span className="badge badge-required-missing">
          <Icon name="warning" />
          {t('outline.requiredMissing')}
        </span>
      ) : field.required ? (
        <RequiredMark />
      ) : null}
      {complete && (
        <span className="outline-field-done">
          <Icon name="check" />
          <span className="visually-hidden">{t('outline.complete')}</span>
        </span>
      )}
    </>
  )
}

const WORD_CODES: ReadonlySet<string> = new Set(['too-few-words', 'too-many-words', 'too-long'])

/** What the check says about a field beyond "empty": limits, item counts, issues inside its group items. */
function FieldIssues({ field }: { field: TemplateField }): JSX.Element | null {
  const { completeness, template, lang } = useFields()
  const issueText = useIssueText()
  const result = useFieldCompleteness(completeness, field.id)
  // Empty required fields have their badge and word counts are shown live: the rest is listed here.
  const shown = (result?.issues ?? []).filter(
    (issue) => issue.path.length > 1 || !(isMissing(issue) || WORD_CODES.has(issue.code)),
  )
  if (shown.length === 0) return null
  return (
    <ul className="field-issues">
      {shown.map((issue, index) => {
        const text = issueText(issue, template, lang)
        const nested = issue.path.length > 2
        return (
          <li key={index} className={`field-issue field-issue-${issue.severity}`}>
            <Icon name="warning" />
            <span>
              {nested && (
                <>
                  <span lang={text.fieldLang}>{text.field}</span>
                  {text.item && ` (${text.item})`}
                  {': '}
                </>
              )}
              {text.problem}
            </span>
          </li>
        )
      })}
    </ul>
  )
}
