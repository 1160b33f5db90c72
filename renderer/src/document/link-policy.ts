/**
 * Links in documents may point only to the web or to an e-mail address: anything else (javascript:, data:,
 * file:, custom schemes) is what past attacks on writing apps used to run code or open local files.
 */
const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:'])

export function isAllowedLinkUrl(url: string): boolean {
  if (!URL.canParse(url)) return false
  const parsed = new URL(url)
  if (!ALLOWED_SCHEMES.has(parsed.protocol)) return false
  return parsed.protocol === 'mailto:' ? parsed.pathname.includes('@') : parsed.hostname !== ''
}

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
