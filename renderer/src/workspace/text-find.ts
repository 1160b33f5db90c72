import { fold, foldQuery } from '../../../core/search/fold'

/** One place a query was found on the page: a range of text, or a span of an input's value. */
export type PageMatch =
  | { kind: 'range'; range: Range }
  | { kind: 'input'; element: HTMLInputElement | HTMLTextAreaElement; start: number; end: number }

/** Input types whose value is text the author wrote. */
const TEXT_INPUTS = new Set(['text', 'search', 'url', 'email', ''])

/**
 * Every match of `query` inside `root`, in reading order: in its text (rich-text editors are text nodes) and in
 * the values of its text inputs. Matching is the same as the project search's (case and diacritics ignored).
 */
export function findOnPage(root: Element, query: string): PageMatch[] {
  const needle = foldQuery(query)
  if (needle === '') return []
  const matches: PageMatch[] = []
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, {
    acceptNode: (node) => {
      if (node instanceof HTMLElement && (node.hidden || node.getAttribute('aria-hidden') === 'true'))
        return NodeFilter.FILTER_REJECT
      return NodeFilter.FILTER_ACCEPT
    },
  })
  // Text nodes of one block are searched together, so a match across bold and plain text is still found.
  let run: Text[] = []
  const flush = () => {
    if (run.length > 0) matches.push(...matchesInRun(run, needle))
    run = []
  }
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Text) {
      run.push(node)
      continue
    }
    if (isTextInput(node)) {
      flush()
      const folded = fold(node.value)
      for (
        let at = folded.text.indexOf(needle);
        at >= 0;
        at = folded.text.indexOf(needle, at + needle.length)
      ) {
        const start = folded.origin[at] ?? 0
        const end = (folded.origin[at + needle.length - 1] ?? start) + 1
        matches.push({ kind: 'input', element: node, start, end })
      }
    } else if (node instanceof HTMLElement && isBlock(node)) {
      flush()
    }
  }
  flush()
  return matches
}

function isTextInput(node: Node): node is HTMLInputElement | HTMLTextAreaElement {
  if (node instanceof HTMLTextAreaElement) return true
  return node instanceof HTMLInputElement && TEXT_INPUTS.has(node.getAttribute('type') ?? '')
}

const INLINE_TAGS = new Set([
  'A',
  'B',
  'STRONG',
  'I',
  'EM',
  'U',
  'S',
  'SPAN',
  'CODE',
  'MARK',
  'SUB',
  'SUP',
  'BR',
])

function isBlock(element: HTMLElement): boolean {
  return !INLINE_TAGS.has(element.tagName)
}

function matchesInRun(nodes: readonly Text[], needle: string): PageMatch[] {
  const starts: number[] = []
  let whole = ''
  for (const node of nodes) {
    starts.push(whole.length)
    whole += node.data
  }
  const folded = fold(whole)
  const locate = (offset: number): [Text, number] => {
    let index = starts.length - 1
    while (index > 0 && starts[index]! > offset) index -= 1
    return [nodes[index]!, offset - starts[index]!]
  }
  const matches: PageMatch[] = []
  for (let at = folded.text.indexOf(needle); at >= 0; at = folded.text.indexOf(needle, at + needle.length)) {
    const start = folded.origin[at] ?? 0
    const end = (folded.origin[at + needle.length - 1] ?? start) + 1
    const range = document.createRange()
    const [startNode, startOffset] = locate(start)
    const [endNode, endOffset] = locate(end - 1)
    range.setStart(startNode, startOffset)
    range.setEnd(endNode, endOffset + 1)
    matches.push({ kind: 'range', range })
  }
  return matches
}

const ALL = 'hecsos-find'
const CURRENT = 'hecsos-find-current'

/**
 * Marks matches with the CSS Custom Highlight API: the page's DOM is not touched, so neither Lexical nor React
 * sees a change (a <mark> inserted into an editor would become part of the text).
 */
export function showMatches(matches: readonly PageMatch[], current: PageMatch | null): void {
  if (typeof CSS === 'undefined' || !('highlights' in CSS)) return
  const ranges = matches.flatMap((match) => (match.kind === 'range' ? [match.range] : []))
  CSS.highlights.set(ALL, new Highlight(...ranges))
  if (current?.kind === 'range') CSS.highlights.set(CURRENT, new Highlight(current.range))
  else CSS.highlights.delete(CURRENT)
}

export function clearMatches(): void {
  if (typeof CSS === 'undefined' || !('highlights' in CSS)) return
  CSS.highlights.delete(ALL)
  CSS.highlights.delete(CURRENT)
}

/** Brings a match into view; an input's match is selected in it, so typing over it works as expected. */
export function revealMatch(match: PageMatch, options: { focusInput: boolean }): void {
  if (match.kind === 'input') {
    match.element.scrollIntoView({ block: 'center' })
    if (options.focusInput) {
      match.element.focus({ preventScroll: true })
      match.element.setSelectionRange(match.start, match.end)
    }
    return
  }
  const element = match.range.startContainer.parentElement
  element?.scrollIntoView({ block: 'center' })
  // In a rich-text editor the match becomes the selection, as a browser's own find does; the editor follows it.
  const editable = element?.closest<HTMLElement>('[contenteditable="true"]')
  if (options.focusInput && editable) {
    editable.focus({ preventScroll: true })
    const selection = window.getSelection()
    selection?.removeAllRanges()
    selection?.addRange(match.range.cloneRange())
  }
}
