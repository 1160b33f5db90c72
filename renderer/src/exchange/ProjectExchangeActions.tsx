import { useCallback, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../api/client'
import { RouteLink } from '../app/navigation'
import { Icon } from '../ui/Icon'
import { useLoader } from '../ui/use-loader'
import { useSavePackage, type SavePurpose } from './save-package'

/**
 * The project screen's way to the exchange: its history, the same actions as File ▸ Save a Copy… and Send to
 * Partner…, and, after a merge, the conflicts still waiting for a decision.
 */
export function ProjectExchangeActions({ projectId }: { projectId: string }): JSX.Element {
  const { t } = useTranslation()
  const save = useSavePackage()
  const [busy, setBusy] = useState<SavePurpose | null>(null)
  const fetchConflicts = useCallback(() => call('conflicts:list', { projectId }), [projectId])
  // Without the list the buttons still work; the notice simply does not show.
  const { data: open } = useLoader(fetchConflicts)
  const conflicts = open?.conflicts.length ?? 0

  const run = async (purpose: SavePurpose) => {
    setBusy(purpose)
    try {
      await save(projectId, purpose)
    } finally {
      setBusy(null)
    }
  }

  return (
    <>
      {conflicts > 0 && (
        <RouteLink to={{ screen: 'conflicts', projectId }} className="button button-danger">
          <Icon name="warning" />
          {t('exchange.conflicts.pending', { count: conflicts })}
        </RouteLink>
      )}
      <RouteLink to={{ screen: 'history', projectId }} className="button">
        <Icon name="restore" />
        {t('exchange.history.open')}
      </RouteLink>
      <button
        type="button"
        className="button"
        disabled={busy !== null}
        aria-busy={busy === 'copy'}
        onClick={() => void run('copy')}
      >
        {t('exchange.saveCopy')}
      </button>
      <button
        type="button"
        className="button"
        disabled={busy !== null}
        aria-busy={busy === 'send'}
        onClick={() => void run('send')}
      >
        {t('exchange.sendToPartner')}
      </button>
    </>
  )
}
