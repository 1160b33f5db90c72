import type { JSX } from 'react'
import {
  $applyNodeReplacement,
  DecoratorNode,
  type EditorConfig,
  type LexicalNode,
  type LexicalUpdateJSON,
  type NodeKey,
  type SerializedLexicalNode,
  type Spread,
} from 'lexical'
import { FootnoteMarker } from './FootnoteMarker'

export type SerializedFootnoteNode = Spread<{ text: string }, SerializedLexicalNode>

/**
 * A footnote, anchored where it was inserted. It shows as a superscript number (a CSS counter, so numbers
 * follow the order in the text without any bookkeeping) and opens its text for editing when activated.
 */
export class FootnoteNode extends DecoratorNode<JSX.Element> {
  __text: string

  static override getType(): string {
    return 'footnote'
  }

  static override clone(node: FootnoteNode): FootnoteNode {
    return new FootnoteNode(node.__text, node.__key)
  }

  static override importJSON(json: SerializedFootnoteNode): FootnoteNode {
    return $createFootnoteNode(json.text).updateFromJSON(json)
  }

  constructor(text: string, key?: NodeKey) {
    super(key)
    this.__text = text
  }

  override updateFromJSON(json: LexicalUpdateJSON<SerializedFootnoteNode>): this {
    return super.updateFromJSON(json)
  }

  override exportJSON(): SerializedFootnoteNode {
    return { ...super.exportJSON(), text: this.getLatest().__text }
  }

  getText(): string {
    return this.getLatest().__text
  }

  setText(text: string): this {
    const writable = this.getWritable()
    writable.__text = text
    return writable
  }

  override createDOM(config: EditorConfig): HTMLElement {
    const element = document.createElement('sup')
    const className = config.theme.footnote
    if (typeof className === 'string') element.className = className
    return element
  }

  override updateDOM(): false {
    return false
  }

  override isInline(): true {
    return true
  }

  // Footnote text is not part of the sentence it is attached to: copying or counting the line leaves it out.
  override getTextContent(): string {
    return ''
  }

  override decorate(): JSX.Element {
    return <FootnoteMarker nodeKey={this.getKey()} text={this.__text} />
  }
}

export function $createFootnoteNode(text: string): FootnoteNode {
  return $applyNodeReplacement(new FootnoteNode(text))
}

export function $isFootnoteNode(node: LexicalNode | null | undefined): node is FootnoteNode {
  return node instanceof FootnoteNode
}
