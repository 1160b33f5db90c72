import { dateTimeFormat, relativeTimeFormat } from '../../../core/model/intl-formats'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** How long ago, in the shape a sentence needs: each kind is framed by its own translated phrase. */
export type Changed =
  | { kind: 'just-now' }
  | { kind: 'relative'; text: string }
  | { kind: 'date'; text: string }
  | { kind: 'unknown' }

/**
 * "3 minutes ago" for the last week, a date after that: recent work is found by recency, older work by date.
 * `now` is passed in so the caller decides when the text refreshes (and tests are deterministic).
 */
export function describeChange(iso: string, now: number, locale: string): Changed {
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return { kind: 'unknown' }
  const elapsed = now - then
  if (elapsed < MINUTE) return { kind: 'just-now' }
  if (elapsed < 7 * DAY) {
    const relative = relativeTimeFormat(locale, { numeric: 'auto' })
    if (elapsed < HOUR)
      return { kind: 'relative', text: relative.format(-Math.floor(elapsed / MINUTE), 'minute') }
    if (elapsed < DAY) return { kind: 'relative', text: relative.format(-Math.floor(elapsed / HOUR), 'hour') }
    return { kind: 'relative', text: relative.format(-Math.floor(elapsed / DAY), 'day') }
  }
  return { kind: 'date', text: dateTimeFormat(locale, { dateStyle: 'medium' }).format(then) }
}

/** The full date and time, for a tooltip or a screen reader. */
export function formatExact(iso: string, locale: string): string {
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return ''
  return dateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(then)
}
