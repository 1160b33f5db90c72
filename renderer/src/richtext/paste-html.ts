import DOMPurify from 'dompurify'
import { LIST, LEVEL, MARKER, markWordListMarkers, neutraliseEventHandlers } from './html-prepass'

/**
 * Pasted HTML, reduced to structure before Lexical sees it. DOMPurify parses it in an inert document (no script
 * runs, no image loads) and keeps only the tags below, with no attribute but a link's target and a cell's span:
 * styles, classes, event handlers, images, frames, objects, forms, SVG and MathML are gone. What Word, Google
 * Docs and LibreOffice express with styles (list levels, bold spans) is read from the style while it is still
 * there and carried on our own data attributes, then rebuilt as plain tags.
 *
 * Images inside pasted HTML are dropped, remote and data: alike: fetching a remote one would leave the machine,
 * and a data: image is usually a copied web page's icon. A picture the user means to add is pasted as a file
 * (its bytes on the clipboard), which becomes a project asset.
 */

const ALLOWED_TAGS = [
  'p',
  'br',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'strike',
  'del',
  'sub',
  'sup',
  'a',
  'span',
  'div',
]

const FORMAT = 'data-rt-format'
const ALLOWED_ATTR = ['href', 'colspan', 'rowspan', LIST, LEVEL, MARKER, FORMAT]

const purifier = DOMPurify(window)

// Runs on every element before its attributes are filtered, so the style can still be read.
purifier.addHook('beforeSanitizeAttributes', (node) => {
  if (!(node instanceof Element)) return
  for (const name of [LIST, LEVEL, FORMAT]) node.removeAttribute(name)
  if (node.getAttribute(MARKER) !== null && !/^(bullet|number)$/.test(node.getAttribute(MARKER)!))
    node.removeAttribute(MARKER)
  const style = node.getAttribute('style') ?? ''
  const list = /mso-list:\s*(l\d+)\s+level(\d+)/i.exec(style)
  if (list && node.localName === 'p') {
    node.setAttribute(LIST, list[1]!)
    node.setAttribute(LEVEL, String(Math.min(9, Number(list[2]))))
  }
  node.setAttribute(FORMAT, formatsOf(node.localName, style).join(' '))
})

/** Emphasis written as style: Google Docs' and LibreOffice's spans; Google's `<b style="font-weight:normal">`. */
function formatsOf(tag: string, style: string): string[] {
  const formats: string[] = []
  // Anchored: Word's own `mso-bidi-font-weight:normal` sits on bold text and must not unbold it.
  const weight = /(?:^|;)\s*font-weight:\s*(bold|[5-9]00)/i.test(style)
  const normalWeight = /(?:^|;)\s*font-weight:\s*(normal|[1-4]00)/i.test(style)
  if ((tag === 'b' || tag === 'strong') && normalWeight) formats.push('plain')
  if (weight && tag !== 'b' && tag !== 'strong' && !/^h\d$/.test(tag)) formats.push('b')
  if (/(?:^|;)\s*font-style:\s*italic/i.test(style) && tag !== 'i' && tag !== 'em') formats.push('i')
  if (/(?:^|;)\s*text-decoration[^;]*underline/i.test(style) && tag !== 'u') formats.push('u')
  if (/(?:^|;)\s*vertical-align:\s*super/i.test(style)) formats.push('sup')
  if (/(?:^|;)\s*vertical-align:\s*sub/i.test(style)) formats.push('sub')
  return formats
}

/**
 * The pasted HTML as the body of an inert document holding only plain structural tags (a body rather than a
 * fragment: Lexical's importers expect every text to have a parent element).
 */
export function sanitisePastedHtml(html: string): HTMLElement {
  const body: Node = purifier.sanitize(markWordListMarkers(neutraliseEventHandlers(html)), {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ADD_FORBID_CONTENTS: ['xml', 'object', 'embed', 'applet', 'button', 'select', 'textarea', 'option'],
    RETURN_DOM: true,
  })
  if (!(body instanceof HTMLElement)) throw new Error('The pasted content could not be read.')
  applyFormats(body)
  buildWordLists(body)
  for (const element of body.querySelectorAll(`[${MARKER}]`)) element.remove()
  for (const element of body.querySelectorAll('*'))
    for (const name of [LIST, LEVEL, FORMAT]) element.removeAttribute(name)
  return body
}

function applyFormats(body: HTMLElement): void {
  const tags: Record<string, string> = { b: 'strong', i: 'em', u: 'u', sup: 'sup', sub: 'sub' }
  for (const element of Array.from(body.querySelectorAll(`[${FORMAT}]`))) {
    const formats = (element.getAttribute(FORMAT) ?? '').split(' ').filter(Boolean)
    if (formats.includes('plain')) {
      // Google Docs wraps a whole copied document in a bold tag that its style makes normal.
      const span = element.ownerDocument.createElement('span')
      span.append(...Array.from(element.childNodes))
      element.replaceWith(span)
      continue
    }
    for (const format of formats) {
      const tag = tags[format]
      if (!tag) continue
      const wrapper = element.ownerDocument.createElement(tag)
      wrapper.append(...Array.from(element.childNodes))
      element.append(wrapper)
    }
  }
}

/**
 * Word writes a list as a run of paragraphs, each with its level in the style (`mso-list:l0 level2 lfo1`);
 * consecutive paragraphs of one list become a real, nested <ul>/<ol>.
 */
function buildWordLists(body: HTMLElement): void {
  const parents = new Set<ParentNode>()
  for (const paragraph of body.querySelectorAll(`p[${LIST}]`))
    if (paragraph.parentNode) parents.add(paragraph.parentNode)
  for (const parent of parents) {
    let run: Element[] = []
    const flush = () => {
      if (run.length > 0) replaceRun(run)
      run = []
    }
    for (const child of Array.from(parent.childNodes)) {
      if (child instanceof Element && child.localName === 'p' && child.hasAttribute(LIST)) {
        if (run.length > 0 && run[0]!.getAttribute(LIST) !== child.getAttribute(LIST)) flush()
        run.push(child)
      } else if (!(child.nodeType === Node.TEXT_NODE && child.textContent?.trim() === '')) flush()
    }
    flush()
  }
}

function replaceRun(run: readonly Element[]): void {
  const document = run[0]!.ownerDocument
  const kindOf = (paragraph: Element) =>
    paragraph.querySelector(`[${MARKER}="number"]`) !== null ? 'ol' : 'ul'
  // The open lists, one per level: a deeper item opens a list inside the last item of the level above.
  const stack: Array<{ level: number; list: Element }> = []
  let top: Element | null = null
  for (const paragraph of run) {
    const level = Number(paragraph.getAttribute(LEVEL) ?? '1')
    while (stack.length > 0 && stack[stack.length - 1]!.level > level) stack.pop()
    let current = stack[stack.length - 1]
    if (!current || current.level < level) {
      const list = document.createElement(kindOf(paragraph))
      if (current) {
        const lastItem =
          current.list.lastElementChild ?? current.list.appendChild(document.createElement('li'))
        lastItem.append(list)
      } else top = list
      current = { level, list }
      stack.push(current)
    }
    const item = document.createElement('li')
    item.append(...Array.from(paragraph.childNodes))
    current.list.append(item)
  }
  run[0]!.replaceWith(top!)
  for (const paragraph of run.slice(1)) paragraph.remove()
}
