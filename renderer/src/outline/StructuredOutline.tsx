import { useMemo, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { HecsosDocument } from '../../../core/model/document'
import {
  checkCompleteness,
  type Completeness,
  type FieldCompleteness,
} from '../../../core/templates/completeness'
import { localise } from '../../../core/templates/localise'
import { retiredFields } from '../../../core/templates/migrate-document'
import type {
  LocalisedText,
  Section,
  Subsection,
  TemplateField,
} from '../../../core/templates/template-schema'
import type { TemplateDetails } from '../api/template-details'
import type { DocumentSummary } from '../api/types'
import { isMissing } from '../templates/issues'
import { useIssueText } from '../templates/use-issue-text'
import { CompletenessMeter } from '../ui/CompletenessMeter'
import { Icon } from '../ui/Icon'
import { FieldValue } from './FieldValue'
import { FallbackTag, Localised } from './Localised'
import { OutlineContext, useOutline, type OutlineData } from './outline-context'
import { RetiredValues } from './RetiredValues'
import { useReferenceTargets } from './use-reference-targets'

interface StructuredOutlineProps {
  projectId: string
  document: HecsosDocument
  details: TemplateDetails
  projectDocuments: readonly DocumentSummary[]
}

/** Share of the fields that are written and have no issue, as the engine counts the whole document. */
function percentOf(fields: readonly TemplateField[], completeness: Completeness): number {
  if (fields.length === 0) return 100
  const done = fields.filter((field) => {
    const result = completeness.fields[field.id]
    return result?.filled && result.complete
  }).length
  return Math.round((100 * done) / fields.length)
}

/** A section's own fields and its subsections', since a section reads as one part of the document. */
function fieldsUnder(section: Section): TemplateField[] {
  return [...section.fields, ...(section.sections ?? []).flatMap((subsection) => subsection.fields)]
}

const sectionAnchor = (id: string) => `outline-section-${id}`

/**
 * A structured document as a read-only outline, until the structured editor exists: every section and field
 * of its template in the document's language, with the author's guidance folded under each field, what has
 * been written, how complete each part is, and anything the template no longer has a place for.
 */
export function StructuredOutline({
  projectId,
  document,
  details,
  projectDocuments,
}: StructuredOutlineProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const { template } = details
  const vocabularies = useMemo(
    () => new Map(details.vocabularies.map((vocabulary) => [vocabulary.id, vocabulary])),
    [details.vocabularies],
  )
  const completeness = useMemo(
    () => checkCompleteness(template, document.fields, { vocabularies }),
    [template, document.fields, vocabularies],
  )
  const retired = useMemo(() => retiredFields(document, template), [document, template])
  const targets = useReferenceTargets(projectId, template, document.fields)
  const data = useMemo<OutlineData>(
    () => ({
      projectId,
      lang: document.language,
      template,
      vocabularies,
      fields: document.fields,
      documents: new Map(projectDocuments.map((summary) => [summary.id, summary])),
      targets,
    }),
    [projectId, document.language, document.fields, template, vocabularies, projectDocuments, targets],
  )
  const missing = completeness.document.issues.filter(
    (issue) => issue.path.length === 1 && isMissing(issue),
  ).length

  const goTo = (sectionId: string) => {
    const heading = window.document.getElementById(sectionAnchor(sectionId))
    heading?.focus({ preventScroll: true })
    heading?.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }

  return (
    <OutlineContext.Provider value={data}>
      <div className="outline">
        <div className="outline-summary">
          <div className="outline-summary-main">
            <p className="outline-summary-title">{t('outline.completeness')}</p>
            <CompletenessMeter
              size="large"
              percent={completeness.document.percent}
              label={t('outline.documentMeter')}
            />
            <p className="outline-summary-text">
              {t('outline.filledCount', {
                filled: completeness.document.filled,
                total: completeness.document.total,
              })}
              {missing > 0 && (
                <>
                  <span aria-hidden="true"> · </span>
                  <span className="outline-summary-missing">
                    {t('outline.missingCount', { count: missing })}
                  </span>
                </>
              )}
            </p>
            <p className="inline-note outline-read-only">
              <Icon name="lock" />
              <span>{t('outline.readOnly')}</span>
            </p>
          </div>
          <nav className="outline-contents" aria-label={t('outline.contents')}>
            <ol>
              {template.sections.map((section) => (
                <li key={section.id}>
                  <button type="button" className="outline-contents-link" onClick={() => goTo(section.id)}>
                    <span lang={localise(section.title, document.language).language}>
                      {localise(section.title, document.language).text}
                    </span>
                    <span className="outline-contents-percent">
                      {new Intl.NumberFormat(i18n.language, { style: 'percent' }).format(
                        percentOf(fieldsUnder(section), completeness) / 100,
                      )}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          </nav>
        </div>

        {template.sections.map((section) => (
          <OutlineSection
            key={section.id}
            section={section}
            level={2}
            percent={percentOf(fieldsUnder(section), completeness)}
            completeness={completeness}
          >
            {(section.sections ?? []).map((subsection) => (
              <OutlineSection
                key={subsection.id}
                section={subsection}
                level={3}
                percent={percentOf(subsection.fields, completeness)}
                completeness={completeness}
              />
            ))}
          </OutlineSection>
        ))}

        {retired.length > 0 && <RetiredValues retired={retired} />}
      </div>
    </OutlineContext.Provider>
  )
}

function OutlineSection({
  section,
  level,
  percent,
  completeness,
  children,
}: {
  section: Section | Subsection
  level: 2 | 3
  percent: number
  completeness: Completeness
  children?: JSX.Element[]
}): JSX.Element {
  const { t } = useTranslation()
  const { lang } = useOutline()
  const Heading = level === 2 ? 'h2' : 'h3'
  const title = localise(section.title, lang)
  return (
    <section
      className={`outline-section outline-section-${level}`}
      aria-labelledby={sectionAnchor(section.id)}
    >
      <header className="outline-section-header">
        <Heading id={sectionAnchor(section.id)} className="outline-section-title" tabIndex={-1}>
          <span lang={title.language}>{title.text}</span>
          {title.fellBack && (
            <>
              {' '}
              <FallbackTag />
            </>
          )}
        </Heading>
        {(section.fields.length > 0 || level === 2) && (
          <CompletenessMeter percent={percent} label={t('outline.sectionMeter', { section: title.text })} />
        )}
      </header>
      {section.guidance && <Guidance text={section.guidance} />}
      {section.fields.map((field) => (
        <OutlineField key={field.id} field={field} level={level + 1} result={completeness.fields[field.id]} />
      ))}
      {children}
    </section>
  )
}

function Guidance({
  text,
  example,
}: {
  text: LocalisedText
  example?: LocalisedText | undefined
}): JSX.Element {
  const { t } = useTranslation()
  const { lang } = useOutline()
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
            {sample.fellBack && (
              <>
                {' '}
                <FallbackTag />
              </>
            )}
          </p>
        )}
      </div>
    </details>
  )
}

function OutlineField({
  field,
  level,
  result,
}: {
  field: TemplateField
  level: number
  result: FieldCompleteness | undefined
}): JSX.Element {
  const { t } = useTranslation()
  const { fields, template, lang } = useOutline()
  const issueText = useIssueText()
  const Heading = `h${Math.min(level, 6)}` as 'h3'
  const value = Object.hasOwn(fields, field.id) ? fields[field.id] : undefined
  // An empty field that must be written is flagged once, as missing, whichever rule the engine reported it by.
  const ownMissing = (result?.issues ?? []).filter((issue) => issue.path.length === 1 && isMissing(issue))
  const missing = ownMissing.length > 0
  const others = (result?.issues ?? []).filter((issue) => !ownMissing.includes(issue))
  const complete = result !== undefined && result.filled && result.complete
  const state = missing ? 'missing' : others.length > 0 ? 'issues' : complete ? 'complete' : 'empty'

  return (
    <div className="outline-field" data-state={state}>
      <div className="outline-field-header">
        <Heading className="outline-field-label">
          <Localised text={field.label} />
        </Heading>
        {missing ? (
          <span className="badge badge-required-missing">
            <Icon name="warning" />
            {t('outline.requiredMissing')}
          </span>
        ) : field.required ? (
          <span className="badge badge-required">{t('outline.required')}</span>
        ) : null}
        {complete && (
          <span className="outline-field-done">
            <Icon name="check" />
            <span className="visually-hidden">{t('outline.complete')}</span>
          </span>
        )}
      </div>
      <Guidance text={field.guidance} example={field.example} />
      <div className="outline-value">
        <FieldValue field={field} value={value} level={level + 1} />
      </div>
      {others.length > 0 && (
        <ul className="outline-issues">
          {others.map((issue, index) => {
            const text = issueText(issue, template, lang)
            const nested = issue.path.length > 2
            return (
              <li key={index} className={`outline-issue outline-issue-${issue.severity}`}>
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
      )}
    </div>
  )
}
