import type { JSX } from 'react'
import { RadioGroup } from 'radix-ui'

/** A short choice among two or three, as the status switch shows it: a radio group, arrow keys move. */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  label: string
  value: T
  options: ReadonlyArray<{ value: T; label: string }>
  onChange: (value: T) => void
  disabled?: boolean
}): JSX.Element {
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      <RadioGroup.Root
        className="segmented export-segmented"
        value={value}
        onValueChange={(next) => onChange(next as T)}
        aria-label={label}
        orientation="horizontal"
        disabled={disabled}
      >
        {options.map((option) => (
          <RadioGroup.Item
            key={option.value}
            value={option.value}
            className="segmented-item export-segmented-item"
          >
            {option.label}
          </RadioGroup.Item>
        ))}
      </RadioGroup.Root>
    </div>
  )
}
