/**
 * What is done to pasted HTML as text, before any parser sees it: plain string work, testable without a DOM.
 */

/** Our own attributes, carried from the pasted HTML's styles and comments to the list rebuilding. */
export const LIST = 'data-rt-list'
export const LEVEL = 'data-rt-level'
export const MARKER = 'data-rt-marker'

// Word's list paragraphs carry their bullet or number as text between conditional comments; the marker is
// replaced by an empty span that only says which kind of list it was.
const WORD_LIST_MARKER = /<!(?:--)?\[if !supportLists\](?:--)?>([\s\S]*?)<!(?:--)?\[endif\](?:--)?>/gi

export function markWordListMarkers(html: string): string {
  return html.replace(WORD_LIST_MARKER, (_match, marker: string) => {
    const text = marker
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .trim()
    const kind = /^(\d+|[a-z]|[ivxlc]+)[.)]$/i.test(text) ? 'number' : 'bullet'
    return `<span ${MARKER}="${kind}"></span>`
  })
}

/**
 * Renames event-handler attributes (`onerror=` → `data-blocked-onerror=`) before any HTML parser sees them.
 * Safety does not depend on this: DOMPurify drops every attribute we do not allow, and the app's CSP would block
 * an inline handler anyway. But Chromium reports a CSP violation as soon as it parses such an attribute, even in
 * an inert document, so without this a hostile paste would fill the console with errors although nothing ran.
 * A small scanner rather than a regular expression, so that text outside tags is never touched.
 */
export function neutraliseEventHandlers(html: string): string {
  let out = ''
  let index = 0
  while (index < html.length) {
    const open = html.indexOf('<', index)
    if (open === -1 || open === html.length - 1) break
    out += html.slice(index, open + 1)
    index = open + 1
    if (!/[a-zA-Z]/.test(html[index]!)) continue
    // Inside a start tag: attribute names follow whitespace or '/'; quoted values may hold anything but their quote.
    let quote: string | null = null
    let afterSpace = false
    while (index < html.length) {
      const char = html[index]!
      if (quote) {
        if (char === quote) quote = null
      } else if (char === '"' || char === "'") quote = char
      else if (char === '>') break
      else if (afterSpace && /^on[a-z]/i.test(html.slice(index, index + 3))) out += 'data-blocked-'
      afterSpace = quote === null && /[\s/]/.test(char)
      out += char
      index += 1
    }
  }
  return out + html.slice(index)
}
