import { useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { DamageReport } from '../api/types'
import { formatExact } from '../format/time'
import { Icon } from './Icon'

/**
 * Says what is wrong with an unreadable file in plain words and offers the newest backup. The store's own
 * sentence is kept as the detail, since it names the file and the exact problem.
 */
export function DamageNotice({
  damage,
  onRestore,
}: {
  damage: DamageReport
  onRestore: () => Promise<void>
}): JSX.Element {
  const { t, i18n } = useTranslation()
  const [busy, setBusy] = useState(false)
  const newest = [...damage.backups].sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0]

  const restore = async () => {
    if (!newest) return
    setBusy(true)
    try {
      await onRestore()
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="damage-notice">
      <p className="damage-reason">
        <Icon name="warning" />
        <span>{t(`damage.${damage.reason}`)}</span>
      </p>
      <p className="damage-detail">{damage.message}</p>
      {newest ? (
        <button
          type="button"
          className="button button-small"
          onClick={restore}
          disabled={busy}
          aria-busy={busy}
        >
          <Icon name="restore" />
          {t('damage.restore', { date: formatExact(newest.savedAt, i18n.language) })}
        </button>
      ) : (
        <p className="damage-detail">{t('damage.noBackup')}</p>
      )}
    </div>
  )
}
