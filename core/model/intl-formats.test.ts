import { describe, expect, it } from 'vitest'
import { dateTimeFormat, numberFormat, relativeTimeFormat } from './intl-formats'

describe('cached Intl formatters', () => {
  it('gives the same formatter for the same language and options, another for other ones', () => {
    expect(numberFormat('el', { style: 'percent' })).toBe(numberFormat('el', { style: 'percent' }))
    expect(numberFormat('el', { style: 'percent' })).not.toBe(numberFormat('de', { style: 'percent' }))
    expect(numberFormat('el')).not.toBe(numberFormat('el', { style: 'percent' }))
    expect(dateTimeFormat('ro', { dateStyle: 'long' })).not.toBe(
      dateTimeFormat('ro', { dateStyle: 'medium' }),
    )
  })

  it('formats as the language writes', () => {
    expect(numberFormat('de', { maximumFractionDigits: 2 }).format(1234.567)).toBe('1.234,57')
    expect(numberFormat('en', { style: 'percent' }).format(0.42)).toBe('42%')
    expect(
      dateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 11, 7)),
    ).toBe('7 December 2026')
    expect(relativeTimeFormat('en', { numeric: 'auto' }).format(-1, 'day')).toBe('yesterday')
  })
})
