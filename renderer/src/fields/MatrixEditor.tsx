import { memo, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { MatrixValue } from '../../../core/templates/field-values'
import { groupItemsAt, type ResolvedItem } from '../../../core/templates/group-paths'
import type { MatrixField } from '../../../core/templates/template-schema'
import { useStoredFields, type Update } from './field-store'
import type { FieldIds } from './FieldFrame'
import { useFields } from './fields-context'

function matrixOf(value: unknown): MatrixValue {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as MatrixValue) : {}
}

/**
 * The level matrix: the items of one group down the side (the competences), those of another across (the
 * levels), a descriptor in each cell. Rows and columns follow the groups as they are being written above.
 */
export const MatrixEditor = memo(function MatrixEditor({
  field,
  value,
  update,
  ids,
}: {
  field: MatrixField
  value: unknown
  update: Update<unknown>
  ids: FieldIds
}): JSX.Element {
  const { t } = useTranslation()
  const { store, template, lang, readOnly } = useFields()
  const fields = useStoredFields(store, [field.rows.split('.')[0]!, field.columns.split('.')[0]!])
  const rows = groupItemsAt(template, fields, field.rows)
  const columns = groupItemsAt(template, fields, field.columns)
  const matrix = matrixOf(value)
  const name = (item: ResolvedItem) => item.title || t('outline.item', { n: item.position.join('.') })

  if (rows.length === 0 || columns.length === 0)
    return <p className="field-hint">{t('fields.matrix.empty')}</p>

  const setCell = (rowId: string, columnId: string, text: string) =>
    update((previous) => {
      const current = matrixOf(previous)
      const row = { ...(current[rowId] ?? {}) }
      if (text === '') delete row[columnId]
      else row[columnId] = text
      const next = { ...current }
      if (Object.keys(row).length === 0) delete next[rowId]
      else next[rowId] = row
      return next
    })

  return (
    <div className="table-scroll" role="group" aria-labelledby={ids.labelId}>
      <table className="grid-table matrix-table" lang={lang}>
        <thead>
          <tr>
            <td />
            {columns.map((column) => (
              <th key={column.id} scope="col">
                {name(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{name(row)}</th>
              {columns.map((column) => (
                <td key={column.id}>
                  <textarea
                    className="cell-input"
                    rows={2}
                    lang={lang}
                    spellCheck
                    readOnly={readOnly}
                    value={matrix[row.id]?.[column.id] ?? ''}
                    aria-label={t('fields.matrix.cell', { row: name(row), column: name(column) })}
                    onChange={(event) => setCell(row.id, column.id, event.target.value)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
})
