import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { LockOwner } from '../api/types'
import { formatExact } from '../format/time'
import { Icon } from './Icon'

/** Explains why nothing here can be changed, and what the user can do about it. */
export function ReadOnlyNotice({ lockedBy }: { lockedBy: LockOwner | undefined }): JSX.Element {
  const { t, i18n } = useTranslation()
  return (
    <div className="notice notice-info" role="note">
      <Icon name="lock" />
      <div className="notice-body">
        <p className="notice-title">{t('readOnly.title')}</p>
        <p>
          {lockedBy
            ? t('readOnly.lockedBy', {
                host: lockedBy.hostname,
                since: formatExact(lockedBy.since, i18n.language),
              })
            : t('readOnly.generic')}
        </p>
      </div>
    </div>
  )
}
