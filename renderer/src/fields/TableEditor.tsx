import { memo, useCallback, useMemo, type JSX, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { RichText } from '../../../core/model/rich-text'
import { newTableRow, type TableCell, type TableRow } from '../../../core/templates/field-values'
import { localise } from '../../../core/templates/localise'
import type { TableColumn, TableField } from '../../../core/templates/template-schema'
import { Icon } from '../ui/Icon'
import type { FieldPath } from '../workspace/field-anchors'
import type { Recipe, Update } from './field-store'
import type { FieldIds } from './FieldFrame'
import { newItemId, useFields } from './fields-context'
import { RichTextInput } from './RichTextInput'
import { insertAt, moveBy } from './reorder'
import { formatEditableNumber, parseNumber } from './number-text'
import { useDraft } from './simple-editors'
import { useFocusAfterRender } from './use-focus-after-render'
import { useUndoableRemove } from './use-undoable-remove'

function rowsOf(value: unknown): TableRow[] {
  const rows = (value as { rows?: unknown } | null)?.rows
  return Array.isArray(rows)
    ? rows.filter((row): row is TableRow => typeof row?.id === 'string' && typeof row?.cells === 'object')
    : []
}

/**
 * A table whose columns the template sets: rows are added, removed (with Undo) and moved (Alt+Up / Alt+Down
 * in a row, or its buttons); each cell is edited in place in the type of its column.
 */
export const TableEditor = memo(function TableEditor({
  field,
  value,
  update,
  ids,
}: {
  field: TableField
  path: FieldPath
  value: unknown
  update: Update<unknown>
  ids: FieldIds
}): JSX.Element {
  const { t } = useTranslation()
  const { lang, readOnly } = useFields()
  const rows = rowsOf(value)
  const offerUndo = useUndoableRemove()
  const full = field.maxRows !== undefined && rows.length >= field.maxRows

  const updateRows = useCallback(
    (recipe: Recipe<TableRow[]>) =>
      update((previous) => {
        const current = rowsOf(previous)
        const next = recipe(current)
        return next === current ? previous : { rows: next }
      }),
    [update],
  )

  const focusLater = useFocusAfterRender()
  const focusRow = useCallback(
    (id: string) =>
      focusLater(() =>
        document.querySelector<HTMLElement>(
          `[data-row="${id}"] :is(input, textarea, [contenteditable="true"])`,
        ),
      ),
    [focusLater],
  )

  const add = () => {
    const row = newTableRow(newItemId)
    updateRows((current) => [...current, row])
    focusRow(row.id)
  }
  const remove = useCallback(
    (id: string) => {
      const removed: { row?: TableRow; index?: number } = {}
      updateRows((current) => {
        const index = current.findIndex((entry) => entry.id === id)
        if (index < 0) return current
        removed.row = current[index]
        removed.index = index
        return current.filter((entry) => entry.id !== id)
      })
      const { row, index } = removed
      if (!row || index === undefined) return
      offerUndo(t('outline.row', { n: index + 1 }), () =>
        updateRows((current) =>
          current.some((entry) => entry.id === id) ? current : insertAt(current, index, row),
        ),
      )
    },
    [updateRows, offerUndo, t],
  )
  const move = useCallback(
    (id: string, delta: number) => {
      updateRows((current) =>
        moveBy(
          current,
          current.findIndex((row) => row.id === id),
          delta,
        ),
      )
      focusRow(id)
    },
    [updateRows, focusRow],
  )

  return (
    <div className="table-field" role="group" aria-labelledby={ids.labelId}>
      <div className="table-scroll">
        <table className="grid-table" lang={lang}>
          <thead>
            <tr>
              <th scope="col" className="grid-table-number">
                <span className="visually-hidden">{t('fields.table.rowNumber')}</span>
              </th>
              {field.columns.map((column) => (
                <th key={column.id} scope="col">
                  {localise(column.label, lang).text}
                  {column.unit && (
                    <span className="grid-table-unit"> ({localise(column.unit, lang).text})</span>
                  )}
                </th>
              ))}
              {!readOnly && (
                <th scope="col" className="grid-table-actions">
                  <span className="visually-hidden">{t('fields.table.rowActions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <TableRowEditor
                key={row.id}
                field={field}
                row={row}
                index={index}
                count={rows.length}
                updateRows={updateRows}
                onRemove={remove}
                onMove={move}
              />
            ))}
          </tbody>
        </table>
      </div>
      {!readOnly && (
        <button type="button" className="button button-small" id={ids.inputId} disabled={full} onClick={add}>
          <Icon name="plus" />
          {t('fields.table.addRow')}
        </button>
      )}
    </div>
  )
})

const TableRowEditor = memo(function TableRowEditor({
  field,
  row,
  index,
  count,
  updateRows,
  onRemove,
  onMove,
}: {
  field: TableField
  row: TableRow
  index: number
  count: number
  updateRows: Update<TableRow[]>
  onRemove: (id: string) => void
  onMove: (id: string, delta: number) => void
}): JSX.Element {
  const { t } = useTranslation()
  const { readOnly } = useFields()
  const keyDown = (event: KeyboardEvent) => {
    if (readOnly || !event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return
    event.preventDefault()
    onMove(row.id, event.key === 'ArrowUp' ? -1 : 1)
  }
  return (
    <tr data-row={row.id} onKeyDown={keyDown}>
      <td className="grid-table-number">{index + 1}</td>
      {field.columns.map((column) => (
        <td key={column.id} className={column.type === 'number' ? 'cell-number' : undefined}>
          <CellEditor
            column={column}
            rowId={row.id}
            rowNumber={index + 1}
            value={Object.hasOwn(row.cells, column.id) ? row.cells[column.id] : undefined}
            updateRows={updateRows}
          />
        </td>
      ))}
      {!readOnly && (
        <td className="grid-table-actions">
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label={t('fields.table.moveUp', { n: index + 1 })}
            disabled={index === 0}
            onClick={() => onMove(row.id, -1)}
          >
            <Icon name="back" className="icon-up" />
          </button>
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label={t('fields.table.moveDown', { n: index + 1 })}
            disabled={index === count - 1}
            onClick={() => onMove(row.id, 1)}
          >
            <Icon name="back" className="icon-down" />
          </button>
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label={t('fields.table.removeRow', { n: index + 1 })}
            onClick={() => onRemove(row.id)}
          >
            <Icon name="close" />
          </button>
        </td>
      )}
    </tr>
  )
})

function CellEditor({
  column,
  rowId,
  rowNumber,
  value,
  updateRows,
}: {
  column: TableColumn
  rowId: string
  rowNumber: number
  value: TableCell | undefined
  updateRows: Update<TableRow[]>
}): JSX.Element {
  const { t } = useTranslation()
  const { lang, readOnly } = useFields()
  const label = t('fields.table.cell', { column: localise(column.label, lang).text, n: rowNumber })
  const setCell = useMemo(
    () => (next: TableCell | undefined) =>
      updateRows((current) =>
        current.map((row) => {
          if (row.id !== rowId) return row
          const cells = { ...row.cells }
          // An emptied cell is left out, as the format allows, rather than stored as "".
          if (next === undefined || next === null || next === '') delete cells[column.id]
          else cells[column.id] = next
          return { ...row, cells }
        }),
      ),
    [updateRows, rowId, column.id],
  )
  const setRichText = useCallback((next: RichText) => setCell(next), [setCell])
  const [draft, setDraft] = useDraft(formatEditableNumber(value, lang))
  switch (column.type) {
    case 'text':
      return (
        <textarea
          className="cell-input"
          rows={1}
          value={typeof value === 'string' ? value : ''}
          lang={lang}
          spellCheck
          readOnly={readOnly}
          aria-label={label}
          onChange={(event) => setCell(event.target.value)}
        />
      )
    case 'number':
      return (
        <input
          className="cell-input cell-input-number"
          type="text"
          inputMode="decimal"
          value={draft}
          readOnly={readOnly}
          aria-label={label}
          aria-invalid={parseNumber(draft, lang) === undefined || undefined}
          onChange={(event) => {
            setDraft(event.target.value)
            const next = parseNumber(event.target.value, lang)
            if (next !== undefined) setCell(next)
          }}
        />
      )
    case 'richText':
      return (
        <RichTextInput
          value={value}
          onChange={setRichText}
          ariaLabel={label}
          lang={lang}
          readOnly={readOnly}
          compact
        />
      )
  }
}
