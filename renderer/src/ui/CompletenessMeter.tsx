import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { numberFormat } from '../../../core/model/intl-formats'

/**
 * How much of a document or section is written, as a bar with its number beside it: the number is what is
 * read, the bar what is scanned down a list. Screen readers get a meter with a name and a spoken value.
 */
export function CompletenessMeter({
  percent,
  label,
  size = 'small',
}: {
  percent: number
  label: string
  size?: 'small' | 'large'
}): JSX.Element {
  const { t, i18n } = useTranslation()
  const value = Math.max(0, Math.min(100, Math.round(percent)))
  const text = numberFormat(i18n.language, { style: 'percent' }).format(value / 100)
  return (
    <div
      className={`meter meter-${size}`}
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={t('completeness.valueText', { percent: text })}
      data-complete={value === 100 || undefined}
    >
      <span className="meter-track" aria-hidden="true">
        <span className="meter-fill" style={{ width: `${value}%` }} />
      </span>
      <span className="meter-value" aria-hidden="true">
        {text}
      </span>
    </div>
  )
}
