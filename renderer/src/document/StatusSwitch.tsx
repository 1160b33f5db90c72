import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { RadioGroup } from 'radix-ui'
import { DOCUMENT_STATUSES, type DocumentStatus } from '../../../core/model/document'

/** One choice among three, so a radio group: arrow keys move between them, the choice is announced. */
export function StatusSwitch({
  value,
  onChange,
  disabled,
}: {
  value: DocumentStatus
  onChange: (status: DocumentStatus) => void
  disabled: boolean
}): JSX.Element {
  const { t } = useTranslation()
  return (
    <RadioGroup.Root
      className="segmented"
      value={value}
      onValueChange={(next) => onChange(next as DocumentStatus)}
      aria-label={t('document.statusLabel')}
      orientation="horizontal"
      disabled={disabled}
    >
      {DOCUMENT_STATUSES.map((status) => (
        <RadioGroup.Item key={status} value={status} className={`segmented-item segmented-${status}`}>
          {t(`status.${status}`)}
        </RadioGroup.Item>
      ))}
    </RadioGroup.Root>
  )
}
