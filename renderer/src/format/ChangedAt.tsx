import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { describeChange, formatExact } from './time'
import { useNow } from './use-now'

/** "Changed 5 minutes ago" / "Changed on 2 Jan 2025", with the exact moment as the element's machine value. */
export function ChangedAt({ iso }: { iso: string }): JSX.Element {
  const { t, i18n } = useTranslation()
  const now = useNow()
  const change = describeChange(iso, now, i18n.language)
  let text: string
  switch (change.kind) {
    case 'just-now':
      text = t('common.changedJustNow')
      break
    case 'relative':
      text = t('common.changedAgo', { when: change.text })
      break
    case 'date':
      text = t('common.changedOn', { date: change.text })
      break
    case 'unknown':
      text = ''
      break
  }
  return (
    <time dateTime={iso} title={formatExact(iso, i18n.language)}>
      {text}
    </time>
  )
}
