import {
  memo,
  useCallback,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type JSX,
  type KeyboardEvent,
} from 'react'
import { useTranslation } from 'react-i18next'
import { DropdownMenu } from 'radix-ui'
import { newGroupItem, type GroupItem } from '../../../core/templates/field-values'
import { itemsOf, titleOf } from '../../../core/templates/group-paths'
import { localise } from '../../../core/templates/localise'
import type { GroupField, TemplateField } from '../../../core/templates/template-schema'
import { Icon } from '../ui/Icon'
import { GripIcon } from './GripIcon'
import { fieldPath, type FieldPath } from '../workspace/field-anchors'
import type { Recipe, Update } from './field-store'
import { FieldEditor } from './FieldEditor'
import type { FieldIds } from './FieldFrame'
import { newItemId, useFields } from './fields-context'
import { insertAt, moveBy, moveTo } from './reorder'
import { useFocusAfterRender } from './use-focus-after-render'
import { useUndoableRemove } from './use-undoable-remove'

const DRAG_TYPE = 'application/x-hecsos-item'

/**
 * A repeatable group: its items one under another, each with a handle to drag it, a menu (move up, move down,
 * remove), Alt+Up / Alt+Down to move it from the keyboard, and a button to fold it away. Removing offers Undo.
 */
export const GroupEditor = memo(function GroupEditor({
  field,
  path,
  value,
  update,
  ids,
}: {
  field: GroupField
  path: FieldPath
  value: unknown
  update: Update<unknown>
  ids: FieldIds
}): JSX.Element {
  const { t } = useTranslation()
  const { readOnly, lang } = useFields()
  const items = itemsOf(value)
  const offerUndo = useUndoableRemove()
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set())
  const dragged = useRef<string | null>(null)
  const [dropAt, setDropAt] = useState<number | null>(null)
  const full = field.maxItems !== undefined && items.length >= field.maxItems

  const updateItems = useCallback(
    (recipe: Recipe<GroupItem[]>) =>
      update((previous) => {
        const current = itemsOf(previous)
        const next = recipe(current)
        return next === current ? previous : next
      }),
    [update],
  )

  const focusLater = useFocusAfterRender()
  const focusItem = useCallback(
    (id: string, target: 'handle' | 'first') =>
      focusLater(() =>
        document.querySelector<HTMLElement>(
          target === 'handle'
            ? `[data-item-handle="${id}"]`
            : `[data-item="${id}"] .group-item-body :is(input, textarea, [contenteditable="true"], button)`,
        ),
      ),
    [focusLater],
  )

  const add = () => {
    const item = newGroupItem(field, newItemId)
    updateItems((current) =>
      field.maxItems !== undefined && current.length >= field.maxItems ? current : [...current, item],
    )
    focusItem(item.id, 'first')
  }
  const move = useCallback(
    (id: string, delta: number) => {
      updateItems((current) =>
        moveBy(
          current,
          current.findIndex((item) => item.id === id),
          delta,
        ),
      )
      focusItem(id, 'handle')
    },
    [updateItems, focusItem],
  )
  const itemName = useCallback(
    (item: GroupItem, index: number) => titleOf(field, item) || t('outline.item', { n: index + 1 }),
    [field, t],
  )
  // Reads the item from the store rather than from this render, so the callback (and the items' memo) stays put.
  const remove = useCallback(
    (id: string) => {
      const removed: { item?: GroupItem; index?: number } = {}
      updateItems((current) => {
        const index = current.findIndex((entry) => entry.id === id)
        if (index < 0) return current
        removed.item = current[index]
        removed.index = index
        return current.filter((entry) => entry.id !== id)
      })
      const { item, index } = removed
      if (!item || index === undefined) return
      offerUndo(itemName(item, index), () =>
        updateItems((current) =>
          current.some((entry) => entry.id === id) ? current : insertAt(current, index, item),
        ),
      )
    },
    [updateItems, offerUndo, itemName],
  )
  const toggle = useCallback(
    (id: string) =>
      setCollapsed((current) => {
        const next = new Set(current)
        if (next.has(id)) next.delete(id)
        else next.add(id)
        return next
      }),
    [],
  )

  const onDragStart = useCallback((id: string, event: DragEvent) => {
    dragged.current = id
    event.dataTransfer.effectAllowed = 'move'
    event.dataTransfer.setData(DRAG_TYPE, id)
    const row = (event.currentTarget as HTMLElement).closest('.group-item')
    if (row) event.dataTransfer.setDragImage(row, 16, 16)
  }, [])
  const onDragOver = (index: number, event: DragEvent) => {
    // Only this group's own items are dropped here: an item never jumps into another group.
    if (dragged.current === null || !event.dataTransfer.types.includes(DRAG_TYPE)) return
    event.preventDefault()
    event.stopPropagation()
    const box = event.currentTarget.getBoundingClientRect()
    setDropAt(event.clientY > box.top + box.height / 2 ? index + 1 : index)
  }
  const onDrop = (event: DragEvent) => {
    const id = dragged.current
    if (id === null || dropAt === null) return
    event.preventDefault()
    event.stopPropagation()
    updateItems((current) => moveTo(current, id, dropAt))
    dragged.current = null
    setDropAt(null)
  }
  const onDragEnd = () => {
    dragged.current = null
    setDropAt(null)
  }

  return (
    <div className="group-field" role="group" aria-labelledby={ids.labelId}>
      {items.length > 0 && (
        <ol className="group-items" onDrop={onDrop}>
          {items.map((item, index) => (
            <GroupItemEditor
              key={item.id}
              field={field}
              path={path}
              item={item}
              index={index}
              count={items.length}
              name={itemName(item, index)}
              collapsed={collapsed.has(item.id)}
              dropBefore={dropAt === index}
              dropAfter={dropAt === items.length && index === items.length - 1}
              updateItems={updateItems}
              onMove={move}
              onRemove={remove}
              onToggle={toggle}
              onDragStart={onDragStart}
              onDragOver={onDragOver}
              onDragEnd={onDragEnd}
            />
          ))}
        </ol>
      )}
      {!readOnly && (
        <button
          type="button"
          className="button button-small group-add"
          id={ids.inputId}
          disabled={full}
          onClick={add}
        >
          <Icon name="plus" />
          {t('fields.group.add', { label: localise(field.label, lang).text })}
        </button>
      )}
      <p className="field-hint">
        {[
          field.minItems ? t('fields.limits.minItems', { count: field.minItems }) : '',
          field.maxItems !== undefined ? t('fields.limits.maxItems', { count: field.maxItems }) : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
    </div>
  )
})

const GroupItemEditor = memo(function GroupItemEditor({
  field,
  path,
  item,
  index,
  count,
  name,
  collapsed,
  dropBefore,
  dropAfter,
  updateItems,
  onMove,
  onRemove,
  onToggle,
  onDragStart,
  onDragOver,
  onDragEnd,
}: {
  field: GroupField
  path: FieldPath
  item: GroupItem
  index: number
  count: number
  name: string
  collapsed: boolean
  dropBefore: boolean
  dropAfter: boolean
  updateItems: Update<GroupItem[]>
  onMove: (id: string, delta: number) => void
  onRemove: (id: string) => void
  onToggle: (id: string) => void
  onDragStart: (id: string, event: DragEvent) => void
  onDragOver: (index: number, event: DragEvent) => void
  onDragEnd: () => void
}): JSX.Element {
  const { t } = useTranslation()
  const { readOnly, lang } = useFields()
  const bodyId = `group-item-${item.id}`
  const hasTitle = field.itemTitle !== undefined && name !== t('outline.item', { n: index + 1 })

  const keyDown = (event: KeyboardEvent) => {
    if (readOnly || !event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return
    // A nested group's item handles its own keys; the outer item must not move too.
    if ((event.target as HTMLElement).closest('.group-item') !== event.currentTarget) return
    event.preventDefault()
    onMove(item.id, event.key === 'ArrowUp' ? -1 : 1)
  }

  return (
    <li
      className="group-item"
      data-item={item.id}
      data-drop={dropBefore ? 'before' : dropAfter ? 'after' : undefined}
      onKeyDown={keyDown}
      onDragOver={(event) => onDragOver(index, event)}
    >
      <div className="group-item-header">
        {!readOnly && (
          <button
            type="button"
            className="icon-button icon-button-small group-item-handle"
            draggable
            data-item-handle={item.id}
            aria-label={t('fields.group.handle', { name, n: index + 1, count })}
            aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
            onDragStart={(event) => onDragStart(item.id, event)}
            onDragEnd={onDragEnd}
          >
            <GripIcon />
          </button>
        )}
        <button
          type="button"
          className="group-item-toggle"
          aria-expanded={!collapsed}
          aria-controls={bodyId}
          onClick={() => onToggle(item.id)}
        >
          <Icon name="chevron" className="group-item-chevron" />
          <span className="group-item-number" aria-hidden="true">
            {index + 1}
          </span>
          <span className="group-item-title" lang={hasTitle ? lang : undefined}>
            {name}
          </span>
        </button>
        {!readOnly && (
          <DropdownMenu.Root modal={false}>
            <DropdownMenu.Trigger asChild>
              <button
                type="button"
                className="icon-button icon-button-small"
                aria-label={t('fields.group.actions', { name })}
              >
                <Icon name="more" />
              </button>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu" align="end" sideOffset={4} collisionPadding={8}>
                <DropdownMenu.Item
                  className="menu-item"
                  disabled={index === 0}
                  onSelect={() => onMove(item.id, -1)}
                >
                  {t('fields.group.moveUp')}
                </DropdownMenu.Item>
                <DropdownMenu.Item
                  className="menu-item"
                  disabled={index === count - 1}
                  onSelect={() => onMove(item.id, 1)}
                >
                  {t('fields.group.moveDown')}
                </DropdownMenu.Item>
                <DropdownMenu.Item className="menu-item menu-item-danger" onSelect={() => onRemove(item.id)}>
                  {t('fields.group.remove')}
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
        )}
      </div>
      {!collapsed && (
        <div className="group-item-body" id={bodyId}>
          {field.fields.map((member) => (
            <MemberEditor
              key={member.id}
              member={member}
              path={fieldPath(path, item.id, member.id)}
              itemId={item.id}
              value={Object.hasOwn(item.values, member.id) ? item.values[member.id] : undefined}
              updateItems={updateItems}
            />
          ))}
        </div>
      )}
    </li>
  )
})

/** A member of one item; its update writes through the group by item id, so it survives reordering. */
function MemberEditor({
  member,
  path,
  itemId,
  value,
  updateItems,
}: {
  member: TemplateField
  path: FieldPath
  itemId: string
  value: unknown
  updateItems: Update<GroupItem[]>
}): JSX.Element {
  const update = useMemo<Update<unknown>>(
    () => (recipe) =>
      updateItems((current) => {
        const index = current.findIndex((item) => item.id === itemId)
        const item = current[index]
        if (!item) return current
        const previous = Object.hasOwn(item.values, member.id) ? item.values[member.id] : undefined
        const next = recipe(previous)
        if (Object.is(next, previous)) return current
        const copy = [...current]
        copy[index] = { ...item, values: { ...item.values, [member.id]: next } }
        return copy
      }),
    [updateItems, itemId, member.id],
  )
  return <FieldEditor field={member} path={path} value={value} update={update} topLevel={false} />
}
