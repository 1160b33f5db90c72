import { isSafeLinkUrl } from '../../../core/model/rich-text-sanitise'

/** The editor applies the same rule as the sanitiser that guards every save: http, https and mailto only. */
export const isAllowedLinkUrl = isSafeLinkUrl

/** What a user typed into the link box, completed the way they meant it ("europa.eu" is a web address). */
export function normaliseLinkInput(input: string): string | null {
  const text = input.trim()
  if (text === '') return null
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return isAllowedLinkUrl(text) ? text : null
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(text)) return `mailto:${text}`
  const guess = `https://${text}`
  // A bare word ("localhost", "draft") is more likely a typo than a web address.
  return isAllowedLinkUrl(guess) && new URL(guess).hostname.includes('.') ? guess : null
}
