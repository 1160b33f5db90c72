import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../../../core/api/contract'
import { Icon } from './Icon'

/** A screen that could not load its data says why and offers to try again instead of staying blank. */
export function LoadError({ error, onRetry }: { error: ApiError; onRetry: () => void }): JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="notice notice-error" role="alert">
      <Icon name="warning" />
      <div className="notice-body">
        <p className="notice-title">{t('errors.loadFailed')}</p>
        <p>{t(`errors.${error.code}`)}</p>
        <p className="notice-detail">{t('errors.detail', { code: error.code, message: error.message })}</p>
      </div>
      <button type="button" className="button button-small" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  )
}
