import { describe, expect, it } from 'vitest'
import { describeChange, formatExact } from './time'

const now = Date.parse('2025-05-20T12:00:00Z')

describe('describeChange', () => {
  it('speaks of recent changes relatively, in the interface language', () => {
    expect(describeChange('2025-05-20T11:59:40Z', now, 'en')).toEqual({ kind: 'just-now' })
    expect(describeChange('2025-05-20T11:55:00Z', now, 'en')).toEqual({
      kind: 'relative',
      text: '5 minutes ago',
    })
    expect(describeChange('2025-05-20T09:00:00Z', now, 'de')).toEqual({
      kind: 'relative',
      text: 'vor 3 Stunden',
    })
    expect(describeChange('2025-05-19T10:00:00Z', now, 'es')).toEqual({ kind: 'relative', text: 'ayer' })
  })

  it('gives a date for older changes', () => {
    expect(describeChange('2025-01-02T10:00:00Z', now, 'en')).toEqual({ kind: 'date', text: 'Jan 2, 2025' })
    expect(describeChange('2025-01-02T10:00:00Z', now, 'el')).toMatchObject({
      kind: 'date',
      text: expect.stringMatching(/2025/),
    })
  })

  it('admits a timestamp it cannot read', () => {
    expect(describeChange('yesterday', now, 'en')).toEqual({ kind: 'unknown' })
    expect(formatExact('yesterday', 'en')).toBe('')
  })
})
