import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { levelMatrix } from '../../../core/templates/consistency'
import type { ImageValue, ReferenceTarget, SourceValue, TableRow } from '../../../core/templates/field-values'
import { itemsOf, titleOf } from '../../../core/templates/group-paths'
import { localise } from '../../../core/templates/localise'
import type {
  ChoiceField,
  GroupField,
  MatrixField,
  ReferenceField,
  TableField,
  TemplateField,
} from '../../../core/templates/template-schema'
import { RouteLink } from '../app/navigation'
import { Icon } from '../ui/Icon'
import { FallbackTag, Localised } from './Localised'
import { useOutline } from './outline-context'
import { RichTextView } from './RichTextView'
import {
  anyValueText,
  choiceLabel,
  chosenIds,
  formatDate,
  formatNumber,
  isEmptyValue,
  isRichText,
  sourceText,
} from './value-text'

/** Member types whose values are paragraphs or tables: they take the item's full width, under their label. */
const BLOCK_TYPES: ReadonlySet<TemplateField['type']> = new Set([
  'richText',
  'group',
  'table',
  'matrix',
  'sources',
])

/** Words for "nothing here yet", in the interface language: it is the app speaking, not the document. */
export function EmptyValue(): JSX.Element {
  const { t } = useTranslation()
  return <p className="outline-empty">{t('outline.empty')}</p>
}

/** A stored value of any field type, as text; `level` is the heading level its own headings (group items) take. */
export function FieldValue({
  field,
  value,
  level,
}: {
  field: TemplateField
  value: unknown
  level: number
}): JSX.Element {
  const { lang } = useOutline()
  if (field.type !== 'matrix' && isEmptyValue(value)) return <EmptyValue />
  switch (field.type) {
    case 'text':
      return (
        <p className="outline-text" lang={lang}>
          {String(value)}
        </p>
      )
    case 'richText':
      return isRichText(value) ? <RichTextView value={value} lang={lang} /> : <EmptyValue />
    case 'number':
      return typeof value === 'number' ? (
        <p className="outline-text" lang={lang}>
          {formatNumber(value, lang, field.unit ? localise(field.unit, lang).text : undefined)}
        </p>
      ) : (
        <EmptyValue />
      )
    case 'date':
      return (
        <p className="outline-text" lang={lang}>
          {formatDate(String(value), lang)}
        </p>
      )
    case 'choice':
      return <ChoiceValue field={field} value={value} />
    case 'list':
      return (
        <ul className="outline-list" lang={lang}>
          {(Array.isArray(value) ? value : []).map((entry, index) => (
            <li key={index}>{String(entry)}</li>
          ))}
        </ul>
      )
    case 'group':
      return <GroupValue field={field} value={value} level={level} />
    case 'table':
      return <TableValue field={field} rows={(value as { rows: TableRow[] }).rows} />
    case 'matrix':
      return <MatrixValue field={field} />
    case 'reference':
      return <ReferenceValue field={field} targets={value as ReferenceTarget[]} />
    case 'image':
      return <ImageView image={value as ImageValue} />
    case 'sources':
      return <SourcesValue sources={value as SourceValue[]} />
  }
}

function ChoiceValue({ field, value }: { field: ChoiceField; value: unknown }): JSX.Element {
  const { t } = useTranslation()
  const { lang, vocabularies } = useOutline()
  return (
    <ul className="chips">
      {chosenIds(value).map((id) => {
        const label = choiceLabel(field, id, vocabularies, lang)
        return (
          <li key={id} className="chip">
            {label.known ? (
              <>
                <span lang={label.language}>{label.text}</span>
                {label.fellBack && (
                  <>
                    {' '}
                    <FallbackTag />
                  </>
                )}
              </>
            ) : (
              <span title={t('outline.unknownEntry')}>{id}</span>
            )}
          </li>
        )
      })}
    </ul>
  )
}

function GroupValue({
  field,
  value,
  level,
}: {
  field: GroupField
  value: unknown
  level: number
}): JSX.Element {
  const { t } = useTranslation()
  const { lang } = useOutline()
  const Heading = `h${Math.min(level, 6)}` as 'h4'
  return (
    <ol className="outline-items">
      {itemsOf(value).map((item, index) => {
        const title = titleOf(field, item)
        const members = field.fields.filter((member) => member.id !== field.itemTitle || title === '')
        return (
          <li key={item.id} className="outline-item">
            <Heading className="outline-item-title">
              <span className="outline-item-number" aria-hidden="true">
                {index + 1}
              </span>
              {title ? <span lang={lang}>{title}</span> : t('outline.item', { n: index + 1 })}
            </Heading>
            <dl className="outline-members">
              {members.map((member) => {
                const memberValue = Object.hasOwn(item.values, member.id) ? item.values[member.id] : undefined
                return (
                  <div
                    key={member.id}
                    className={
                      BLOCK_TYPES.has(member.type) ? 'outline-member outline-member-block' : 'outline-member'
                    }
                  >
                    <dt>
                      <Localised text={member.label} />
                    </dt>
                    <dd>
                      <FieldValue field={member} value={memberValue} level={level + 1} />
                    </dd>
                  </div>
                )
              })}
            </dl>
          </li>
        )
      })}
    </ol>
  )
}

function TableValue({ field, rows }: { field: TableField; rows: TableRow[] }): JSX.Element {
  const { lang } = useOutline()
  return (
    <div className="table-scroll">
      <table className="outline-table" lang={lang}>
        <thead>
          <tr>
            {field.columns.map((column) => (
              <th key={column.id} scope="col">
                <Localised text={column.label} />
                {column.unit && <span className="outline-unit"> ({localise(column.unit, lang).text})</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              {field.columns.map((column) => {
                const cell = Object.hasOwn(row.cells, column.id) ? row.cells[column.id] : undefined
                return (
                  <td key={column.id} className={column.type === 'number' ? 'cell-number' : undefined}>
                    {typeof cell === 'number' ? (
                      formatNumber(cell, lang)
                    ) : isRichText(cell) ? (
                      <RichTextView value={cell} lang={lang} />
                    ) : (
                      anyValueText(cell)
                    )}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The grid of a level matrix: the rows' items down the side, the columns' items across, a descriptor per cell. */
function MatrixValue({ field }: { field: MatrixField }): JSX.Element {
  const { t } = useTranslation()
  const { lang, template, fields } = useOutline()
  const matrix = levelMatrix({ fields }, template, field.id)
  if (!matrix || matrix.rows.length === 0 || matrix.columns.length === 0) return <EmptyValue />
  const filled = matrix.rows.some((row) => row.cells.some((cell) => cell.descriptor.trim() !== ''))
  if (!filled) return <EmptyValue />
  const name = (item: { title: string; position: number[] }) =>
    item.title || t('outline.item', { n: item.position.join('.') })
  return (
    <div className="table-scroll">
      <table className="outline-table outline-matrix" lang={lang}>
        <thead>
          <tr>
            <td />
            {matrix.columns.map((column) => (
              <th key={column.id} scope="col">
                {name(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{name(row)}</th>
              {row.cells.map((cell) => (
                <td key={cell.columnId}>{cell.descriptor}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function ReferenceValue({
  field,
  targets,
}: {
  field: ReferenceField
  targets: ReferenceTarget[]
}): JSX.Element {
  const { t } = useTranslation()
  const { projectId, documents, targets: items } = useOutline()
  return (
    <ul className="outline-references">
      {targets.map((target, index) => {
        const document = documents.get(target.documentId)
        if (!document)
          return (
            <li key={index} className="outline-reference-broken">
              <Icon name="warning" />
              {t('outline.referenceMissing')}
            </li>
          )
        const link = (
          <RouteLink
            to={{ screen: 'document', projectId, documentId: document.id }}
            className="outline-reference-link"
          >
            <span lang={document.language}>{document.title}</span>
          </RouteLink>
        )
        if (target.itemId === undefined || field.target.items === undefined)
          return <li key={index}>{link}</li>
        const item = items.get(document.id)?.get(target.itemId)
        return (
          <li key={index}>
            <span className="outline-reference-item" lang={document.language}>
              {item ? item.title || t('outline.item', { n: item.position.join('.') }) : '…'}
            </span>
            <span className="outline-reference-in"> — {t('outline.inDocument')} </span>
            {link}
          </li>
        )
      })}
    </ul>
  )
}

function ImageView({ image }: { image: ImageValue }): JSX.Element {
  const { t, i18n } = useTranslation()
  const { lang } = useOutline()
  return (
    <figure className="outline-image" lang={lang}>
      <div className="outline-image-frame" aria-hidden="true">
        <Icon name="image" />
      </div>
      <figcaption>
        {image.caption && <p>{image.caption}</p>}
        <p className="outline-image-meta">
          <span lang={i18n.language}>{t('outline.imageAlt')}</span> {image.alt || '—'}
        </p>
        {image.credit && (
          <p className="outline-image-meta">
            <span lang={i18n.language}>{t('outline.imageCredit')}</span> {image.credit}
          </p>
        )}
      </figcaption>
    </figure>
  )
}

function SourcesValue({ sources }: { sources: SourceValue[] }): JSX.Element {
  return (
    <ol className="outline-sources">
      {sources.map((source) => {
        const { lead, title, tail } = sourceText(source)
        return (
          <li key={source.id}>
            {lead && <span>{lead} </span>}
            {title && <cite>{title}.</cite>}
            {tail && <span> {tail}</span>}
            {source.url && <span className="source-url"> {source.url}</span>}
          </li>
        )
      })}
    </ol>
  )
}
