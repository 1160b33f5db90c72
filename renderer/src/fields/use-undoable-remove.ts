import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { useToasts } from '../ui/Toasts'

/**
 * Removing an item (a group item with all it holds, a table row, a source) happens at once and offers Undo,
 * rather than asking first: asking interrupts every removal, Undo only the mistaken ones.
 */
export function useUndoableRemove(): (what: string, restore: () => void) => void {
  const { t } = useTranslation()
  const { notify } = useToasts()
  return useCallback(
    (what, restore) =>
      notify({
        tone: 'info',
        title: t('fields.removed', { what }),
        action: { label: t('common.undo'), altText: t('fields.undoHint'), onAction: restore },
      }),
    [notify, t],
  )
}
