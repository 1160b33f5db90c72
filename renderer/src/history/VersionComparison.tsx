import { useEffect, useState, type JSX, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type {
  DocumentComparison,
  FieldChange,
  ParagraphChange,
  VersionInfo,
} from '../../../core/api/contract'
import { invoke } from '../api/client'
import { formatExact } from '../format/time'
import { anyValueText } from '../outline/value-text'
import { useTemplateDetailsMap } from '../templates/use-template-details'
import { fieldPathLabel, structuredTemplateIds } from './field-labels'

interface ComparedDocument {
  id: string
  title: string
  templateId: string
  language?: string
}

interface VersionComparisonProps {
  projectId: string
  documents: readonly ComparedDocument[]
  /** Documents that changed in either version but may no longer be in the project. */
  extraDocumentIds: readonly string[]
  from: VersionInfo
  to: VersionInfo
}

type Compared = { document: ComparedDocument; comparison: DocumentComparison }

/**
 * Two versions side by side, field by field: the older on the left, the newer on the right; rich text paragraph
 * by paragraph, with the words inserted and deleted marked inside a changed paragraph.
 */
export function VersionComparison({
  projectId,
  documents,
  extraDocumentIds,
  from,
  to,
}: VersionComparisonProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const [compared, setCompared] = useState<Compared[] | null>(null)
  const known = new Map(documents.map((document) => [document.id, document]))
  const ids = [...new Set([...documents.map((document) => document.id), ...extraDocumentIds])]
  const key = ids.join(' ')
  const templates = useTemplateDetailsMap(structuredTemplateIds(documents))

  useEffect(() => {
    let current = true
    const wanted = key.split(' ').filter(Boolean)
    void Promise.all(
      wanted.map(async (documentId) => {
        const result = await invoke('history:compare', {
          projectId,
          documentId,
          fromVersionId: from.id,
          toVersionId: to.id,
        })
        // A document that exists in neither version has nothing to show.
        return result.ok ? { documentId, comparison: result.data } : undefined
      }),
    ).then((results) => {
      if (!current) return
      setCompared(
        results
          .filter((entry) => entry !== undefined && entry.comparison.status !== 'unchanged')
          .map((entry) => ({
            document: known.get(entry!.documentId) ?? {
              id: entry!.documentId,
              title: titleOf(entry!.comparison) ?? entry!.documentId,
              templateId: '',
            },
            comparison: entry!.comparison,
          })),
      )
    })
    return () => {
      current = false
    }
    // `known` follows `key`: the same ids give the same documents.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId, key, from.id, to.id])

  const side = (version: VersionInfo) =>
    t('exchange.compare.side', {
      name: version.name ?? t('exchange.history.unnamed'),
      when: formatExact(version.at, i18n.language),
    })

  return (
    <section className="comparison" aria-labelledby="comparison-heading" aria-busy={compared === null}>
      <h2 id="comparison-heading" className="comparison-heading">
        {t('exchange.compare.heading')}
      </h2>
      <div className="comparison-sides" aria-hidden="true">
        <p>{side(from)}</p>
        <p>{side(to)}</p>
      </div>
      {compared?.length === 0 && <p className="empty-text">{t('exchange.compare.same')}</p>}
      {compared?.map(({ document, comparison }) => (
        <article key={document.id} className="comparison-document" aria-label={document.title}>
          <h3 className="comparison-document-title">
            {document.title}
            {comparison.status !== 'changed' && (
              <span className="badge">{t(`exchange.compare.document.${comparison.status}`)}</span>
            )}
          </h3>
          {comparison.changes.map((change) => (
            <FieldChangeView
              key={change.path}
              change={change}
              label={fieldPathLabel(
                templates.get(document.templateId)?.template,
                change.path,
                i18n.language,
                (property) => t(`exchange.property.${property}`),
              )}
              before={side(from)}
              after={side(to)}
              language={document.language}
            />
          ))}
        </article>
      ))}
    </section>
  )
}

function titleOf(comparison: DocumentComparison): string | undefined {
  const title = comparison.changes.find((change) => change.path === '@title')
  const value = title?.after ?? title?.before
  return typeof value === 'string' ? value : undefined
}

function FieldChangeView({
  change,
  label,
  before,
  after,
  language,
}: {
  change: FieldChange
  label: string
  before: string
  after: string
  /** The document's: its text is read in it, while the labels around it are in the interface's. */
  language: string | undefined
}): JSX.Element {
  const { t } = useTranslation()
  return (
    <section className="field-change" aria-label={label}>
      <h4 className="field-change-label">
        {label}
        {change.change === 'reordered' && <span className="badge">{t('exchange.compare.reordered')}</span>}
      </h4>
      <div className="field-change-grid" lang={language}>
        {change.paragraphs ? (
          change.paragraphs.map((paragraph, index) => (
            <ParagraphRow key={index} paragraph={paragraph} before={before} after={after} />
          ))
        ) : change.change === 'reordered' ? null : (
          <Row
            before={before}
            after={after}
            left={change.before === undefined ? null : <del>{anyValueText(change.before)}</del>}
            right={change.after === undefined ? null : <ins>{anyValueText(change.after)}</ins>}
          />
        )}
      </div>
    </section>
  )
}

function ParagraphRow({
  paragraph,
  before,
  after,
}: {
  paragraph: ParagraphChange
  before: string
  after: string
}): JSX.Element {
  switch (paragraph.change) {
    case 'same':
      return <Row before={before} after={after} left={paragraph.before} right={paragraph.after} quiet />
    case 'added':
      return <Row before={before} after={after} left={null} right={<ins>{paragraph.after}</ins>} />
    case 'removed':
      return <Row before={before} after={after} left={<del>{paragraph.before}</del>} right={null} />
    case 'changed': {
      const words = paragraph.words ?? []
      return (
        <Row
          before={before}
          after={after}
          left={words
            .filter((word) => word.change !== 'added')
            .map((word, index) =>
              word.change === 'removed' ? <del key={index}>{word.text}</del> : word.text,
            )}
          right={words
            .filter((word) => word.change !== 'removed')
            .map((word, index) => (word.change === 'added' ? <ins key={index}>{word.text}</ins> : word.text))}
        />
      )
    }
  }
}

/** One line of the comparison; each cell names its side for screen readers, which do not see the columns. */
function Row({
  before,
  after,
  left,
  right,
  quiet = false,
}: {
  before: string
  after: string
  left: ReactNode
  right: ReactNode
  quiet?: boolean
}): JSX.Element {
  const className = quiet ? 'change-cell change-cell-quiet' : 'change-cell'
  return (
    <>
      <div className={className}>
        <span className="visually-hidden">{before}: </span>
        {left}
      </div>
      <div className={className}>
        <span className="visually-hidden">{after}: </span>
        {right}
      </div>
    </>
  )
}
