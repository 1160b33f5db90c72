import type { JSX } from 'react'
import { DropdownMenu } from 'radix-ui'
import { Icon } from './Icon'

export interface MenuAction {
  label: string
  onSelect: () => void
  disabled?: boolean
  danger?: boolean
}

/**
 * The "more actions" button of a list row. Non-modal so that an item may open a dialog: a modal menu would
 * still hold the pointer lock and its focus return while the dialog mounts.
 */
export function ActionsMenu({ label, actions }: { label: string; actions: MenuAction[] }): JSX.Element {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="icon-button" aria-label={label}>
          <Icon name="more" />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4} collisionPadding={8}>
          {actions.map((action) => (
            <DropdownMenu.Item
              key={action.label}
              className={action.danger ? 'menu-item menu-item-danger' : 'menu-item'}
              disabled={action.disabled}
              onSelect={action.onSelect}
            >
              {action.label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  )
}
