import { memo, useEffect, useMemo, useState, type JSX } from 'react'
import { FieldConflictsContext, useDocumentConflicts } from './field-conflicts'
import { useTranslation } from 'react-i18next'
import type { HecsosDocument } from '../../../core/model/document'
import { numberFormat } from '../../../core/model/intl-formats'
import type { Completeness } from '../../../core/templates/completeness'
import { localise } from '../../../core/templates/localise'
import { retiredFields } from '../../../core/templates/migrate-document'
import type { Section, Subsection, TemplateField } from '../../../core/templates/template-schema'
import type { TemplateDetails } from '../api/template-details'
import type { DocumentSummary } from '../api/types'
import { OutlineContext, type OutlineData } from '../outline/outline-context'
import { RetiredValues } from '../outline/RetiredValues'
import { isMissing } from '../templates/issues'
import { CompletenessMeter } from '../ui/CompletenessMeter'
import { sectionAnchorId } from '../workspace/field-anchors'
import { CompletenessTracker, useCompleteness } from './completeness-tracker'
import type { FieldStore } from './field-store'
import { FallbackTag, Guidance } from './FieldFrame'
import { TopField } from './FieldEditor'
import { FieldsContext, useFields, type FieldsData } from './fields-context'
import '../styles/fields.css'

interface StructuredEditorProps {
  store: FieldStore
  projectId: string
  document: HecsosDocument
  details: TemplateDetails
  projectDocuments: readonly DocumentSummary[]
  readOnly: boolean
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

function fieldsUnder(section: Section): TemplateField[] {
  return [...section.fields, ...(section.sections ?? []).flatMap((subsection) => subsection.fields)]
}

/**
 * A structured document as one continuous page: the template's sections with their headings, each field
 * with the editor of its type, how complete each section is, and what the template no longer has a place for.
 */
export const StructuredEditor = memo(function StructuredEditor({
  store,
  projectId,
  document,
  details,
  projectDocuments,
  readOnly,
}: StructuredEditorProps): JSX.Element {
  const { template } = details
  const vocabularies = useMemo(
    () => new Map(details.vocabularies.map((vocabulary) => [vocabulary.id, vocabulary])),
    [details.vocabularies],
  )
  const [completeness] = useState(() => new CompletenessTracker(template, vocabularies, store))
  useEffect(() => () => completeness.dispose(), [completeness])
  const documents = useMemo(
    () => projectDocuments.filter((summary) => summary.id !== document.id),
    [projectDocuments, document.id],
  )
  const data = useMemo<FieldsData>(
    () => ({
      store,
      completeness,
      projectId,
      documentId: document.id,
      lang: document.language,
      template,
      vocabularies,
      documents,
      readOnly,
    }),
    [
      store,
      completeness,
      projectId,
      document.id,
      document.language,
      template,
      vocabularies,
      documents,
      readOnly,
    ],
  )
  const conflicts = useDocumentConflicts(projectId, document.id)
  const retired = useMemo(() => retiredFields(document, template), [document, template])
  const sectionFields = useMemo(
    () => new Map(template.sections.map((section) => [section.id, fieldsUnder(section)])),
    [template],
  )
  // The kept values are shown as they were loaded: no editor writes to a field the template no longer has.
  const outline = useMemo<OutlineData>(
    () => ({ lang: document.language, template, fields: document.fields }),
    [document, template],
  )

  return (
    <FieldsContext.Provider value={data}>
      <FieldConflictsContext.Provider value={conflicts}>
        <div className="structured-editor">
          <DocumentSummaryPanel />
          {template.sections.map((section) => (
            <SectionEditor
              key={section.id}
              section={section}
              level={2}
              fields={sectionFields.get(section.id)!}
            >
              {(section.sections ?? []).map((subsection) => (
                <SectionEditor
                  key={subsection.id}
                  section={subsection}
                  level={3}
                  fields={subsection.fields}
                />
              ))}
            </SectionEditor>
          ))}
          {retired.length > 0 && (
            <OutlineContext.Provider value={outline}>
              <RetiredValues retired={retired} />
            </OutlineContext.Provider>
          )}
        </div>
      </FieldConflictsContext.Provider>
    </FieldsContext.Provider>
  )
})

function DocumentSummaryPanel(): JSX.Element {
  const { t, i18n } = useTranslation()
  const { completeness: tracker, template, lang } = useFields()
  const completeness = useCompleteness(tracker)
  const missing = completeness.document.issues.filter(
    (issue) => issue.path.length === 1 && isMissing(issue),
  ).length
  const words = Object.values(completeness.fields).reduce((sum, field) => sum + (field.words ?? 0), 0)
  const percent = (value: number) => numberFormat(i18n.language, { style: 'percent' }).format(value / 100)
  const goTo = (sectionId: string) => {
    const heading = window.document.getElementById(sectionAnchorId(sectionId))
    heading?.focus({ preventScroll: true })
    heading?.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }
  return (
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
              <span className="outline-summary-missing">{t('outline.missingCount', { count: missing })}</span>
            </>
          )}
        </p>
        <p className="outline-summary-text">
          {t('fields.count.documentWords', {
            count: words,
            words: numberFormat(i18n.language).format(words),
          })}
        </p>
      </div>
      <nav className="outline-contents" aria-label={t('outline.contents')}>
        <ol>
          {template.sections.map((section) => {
            const title = localise(section.title, lang)
            return (
              <li key={section.id}>
                <button type="button" className="outline-contents-link" onClick={() => goTo(section.id)}>
                  <span lang={title.language}>{title.text}</span>
                  <span className="outline-contents-percent">
                    {percent(percentOf(fieldsUnder(section), completeness))}
                  </span>
                </button>
              </li>
            )
          })}
        </ol>
      </nav>
    </div>
  )
}

const SectionEditor = memo(function SectionEditor({
  section,
  level,
  fields,
  children,
}: {
  section: Section | Subsection
  level: 2 | 3
  fields: readonly TemplateField[]
  children?: JSX.Element[]
}): JSX.Element {
  const { t } = useTranslation()
  const { lang } = useFields()
  const Heading = level === 2 ? 'h2' : 'h3'
  const title = localise(section.title, lang)
  const headingId = sectionAnchorId(section.id)
  return (
    <section className={`editor-section editor-section-${level}`} aria-labelledby={headingId}>
      <header className="editor-section-header">
        <Heading id={headingId} className="editor-section-title" tabIndex={-1}>
          <span lang={title.language}>{title.text}</span>
          {title.fellBack && (
            <>
              {' '}
              <FallbackTag />
            </>
          )}
        </Heading>
        {(section.fields.length > 0 || level === 2) && (
          <SectionMeter fields={fields} label={t('outline.sectionMeter', { section: title.text })} />
        )}
      </header>
      {section.guidance && <Guidance text={section.guidance} />}
      {section.fields.map((field) => (
        <TopField key={field.id} field={field} headingLevel={level === 2 ? 3 : 4} />
      ))}
      {children}
    </section>
  )
})

function SectionMeter({ fields, label }: { fields: readonly TemplateField[]; label: string }): JSX.Element {
  const { completeness: tracker } = useFields()
  const completeness = useCompleteness(tracker)
  return <CompletenessMeter percent={percentOf(fields, completeness)} label={label} />
}
