import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentStatus } from '../../../core/model/document'

/** The status as a word with a colour, never the colour alone. */
export function StatusBadge({ status }: { status: DocumentStatus }): JSX.Element {
  const { t } = useTranslation()
  return <span className={`badge badge-status-${status}`}>{t(`status.${status}`)}</span>
}
