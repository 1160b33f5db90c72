import { useState, type JSX, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Popover } from 'radix-ui'
import { Command } from 'cmdk'
import { Icon } from '../ui/Icon'

export interface PickerOption {
  id: string
  label: string
  /** The language the label is in (a template's entries may fall back to English). */
  lang?: string
  /** A second line: the description of a vocabulary entry, the document an item is in. */
  hint?: string
}

interface PickerProps {
  options: readonly PickerOption[]
  selected: readonly string[]
  multiple: boolean
  onToggle: (id: string) => void
  /** What the trigger button shows; its accessible name also includes the field's label. */
  trigger: ReactNode
  labelledBy: string
  triggerId: string
  disabled?: boolean
  /** Shown when there is nothing at all to choose (no document of the target kind yet). */
  emptyText?: string
}

/**
 * A searchable list of choices in a popover (cmdk inside a Radix popover): type to narrow, arrows to move,
 * Enter to choose. A single choice closes it; a multiple one keeps it open to choose more, Escape closes.
 */
export function Picker({
  options,
  selected,
  multiple,
  onToggle,
  trigger,
  labelledBy,
  triggerId,
  disabled = false,
  emptyText,
}: PickerProps): JSX.Element {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const chosen = new Set(selected)
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild disabled={disabled}>
        <button
          type="button"
          id={triggerId}
          className="cp-trigger"
          aria-labelledby={`${labelledBy} ${triggerId}`}
          aria-haspopup="listbox"
        >
          <span className="cp-trigger-text">{trigger}</span>
          <Icon name="chevron" className="cp-chevron" />
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="cp-popover" align="start" sideOffset={4} collisionPadding={12}>
          <Command className="cp-command" label={t('fields.picker.label')} loop>
            <Command.Input className="cp-search" placeholder={t('fields.picker.search')} />
            <Command.List className="cp-list">
              <Command.Empty className="cp-empty">
                {options.length === 0
                  ? (emptyText ?? t('fields.picker.nothing'))
                  : t('fields.picker.noMatch')}
              </Command.Empty>
              {options.map((option) => (
                <Command.Item
                  key={option.id}
                  value={option.id}
                  keywords={[option.label, ...(option.hint ? [option.hint] : [])]}
                  className="cp-item"
                  data-chosen={chosen.has(option.id) || undefined}
                  onSelect={() => {
                    onToggle(option.id)
                    if (!multiple) setOpen(false)
                  }}
                >
                  <span className="cp-check" aria-hidden="true">
                    {chosen.has(option.id) && <Icon name="check" />}
                  </span>
                  <span className="cp-item-text">
                    <span lang={option.lang}>{option.label}</span>
                    {option.hint && <span className="cp-item-hint">{option.hint}</span>}
                  </span>
                  {chosen.has(option.id) && (
                    <span className="visually-hidden">{t('fields.picker.chosen')}</span>
                  )}
                </Command.Item>
              ))}
            </Command.List>
          </Command>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
}
