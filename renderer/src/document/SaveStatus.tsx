import { useSyncExternalStore, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { Icon } from '../ui/Icon'
import type { SaveState, SaveStateStore } from './autosave'

/**
 * A polite live region: screen readers hear "Saved" after a pause without being interrupted while typing.
 * Its box has a fixed height and reserved width so the header never shifts as the words change.
 */
export function SaveStatus({
  saveStates,
  onRetry,
}: {
  saveStates: SaveStateStore
  onRetry: () => void
}): JSX.Element {
  const { t } = useTranslation()
  const state = useSaveState(saveStates)
  let icon: JSX.Element | null = null
  let text = ''
  switch (state.kind) {
    case 'pending':
      // Still typing: a still mark. A spinner turning for as long as someone writes draws the eye from the text
      // and keeps the page drawing frames between keys.
      icon = <Icon name="spinner" />
      text = t('save.saving')
      break
    case 'saving':
      icon = <Icon name="spinner" className="icon-spin" />
      text = t('save.saving')
      break
    case 'saved':
      icon = <Icon name="check" />
      text = t('save.saved')
      break
    case 'failed':
      icon = <Icon name="warning" />
      text = t('save.failed', { reason: t(`errors.${state.error.code}`) })
      break
    case 'conflict':
      icon = <Icon name="warning" />
      text = t('save.conflict')
      break
    case 'idle':
      break
  }
  return (
    <div className="save-status" data-save-state={state.kind}>
      <p className="save-status-text" role="status" aria-live="polite">
        {icon}
        <span>{text}</span>
        {state.kind === 'failed' && <span className="save-status-code">({state.error.code})</span>}
      </p>
      {state.kind === 'failed' && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  )
}

export function useSaveState(saveStates: SaveStateStore): SaveState {
  return useSyncExternalStore(saveStates.subscribe, saveStates.get)
}
