import type { JSX, ReactNode } from 'react'
import type { RichText, SerializedNode } from '../../../core/model/rich-text'

/** Lexical's text format bits, as stored: the same classes the editor uses, so text looks the same read-only. */
const FORMATS: ReadonlyArray<[bit: number, className: string]> = [
  [1, 'rt-bold'],
  [2, 'rt-italic'],
  [4, 'rt-strike'],
  [8, 'rt-underline'],
  [16, 'rt-code'],
]

function textNode(node: SerializedNode, key: number): ReactNode {
  const text = typeof node.text === 'string' ? node.text : ''
  const format = typeof node.format === 'number' ? node.format : 0
  const classes = FORMATS.filter(([bit]) => (format & bit) !== 0).map(([, className]) => className)
  return classes.length > 0 ? (
    <span key={key} className={classes.join(' ')}>
      {text}
    </span>
  ) : (
    text
  )
}

function children(node: SerializedNode): ReactNode[] {
  return (node.children ?? []).map((child, index) => render(child, index))
}

/**
 * Headings inside a field's text sit below the outline's own section and field headings, so they are drawn
 * as headings but announced at a level under them, keeping the page's outline in order.
 */
function render(node: SerializedNode, key: number): ReactNode {
  switch (node.type) {
    case 'text':
      return textNode(node, key)
    case 'linebreak':
      return <br key={key} />
    case 'tab':
      return '\t'
    case 'paragraph':
      return (
        <p key={key} className="rt-paragraph">
          {children(node)}
        </p>
      )
    case 'heading': {
      const size = node.tag === 'h1' ? 'rt-h1' : node.tag === 'h2' ? 'rt-h2' : 'rt-h3'
      return (
        <h5 key={key} className={size}>
          {children(node)}
        </h5>
      )
    }
    case 'quote':
      return (
        <blockquote key={key} className="rt-quote">
          {children(node)}
        </blockquote>
      )
    case 'list':
      return node.listType === 'number' ? (
        <ol key={key} className="rt-ol">
          {children(node)}
        </ol>
      ) : (
        <ul key={key} className="rt-ul">
          {children(node)}
        </ul>
      )
    case 'listitem':
      return (
        <li key={key} className="rt-li">
          {children(node)}
        </li>
      )
    case 'link':
    case 'autolink':
      // Shown as a link's words and its address, not followed: this view has no link policy of its own.
      return (
        <span key={key} className="rt-link" title={typeof node.url === 'string' ? node.url : undefined}>
          {children(node)}
        </span>
      )
    default:
      // A node this build does not know still shows its words.
      return node.children ? <span key={key}>{children(node)}</span> : null
  }
}

export function RichTextView({ value, lang }: { value: RichText; lang: string }): JSX.Element {
  return (
    <div className="rich-text-view" lang={lang}>
      {children(value.root)}
    </div>
  )
}
