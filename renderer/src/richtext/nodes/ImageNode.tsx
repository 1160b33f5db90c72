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
import type { SerializedImage } from '../../../../core/model/rich-text-nodes'
import { ImageBlock } from './ImageBlock'

export type SerializedImageNode = Spread<Omit<SerializedImage, 'type' | 'version'>, SerializedLexicalNode>

export interface ImageAttributes {
  assetId: string
  alt: string
  caption: string
  credit: string
}

/** A picture stored as a project asset; the node holds its hash and words, never its bytes. */
export class ImageNode extends DecoratorNode<JSX.Element> {
  __assetId: string
  __alt: string
  __caption: string
  __credit: string

  static override getType(): string {
    return 'image'
  }

  static override clone(node: ImageNode): ImageNode {
    return new ImageNode(node.getAttributes(), node.__key)
  }

  static override importJSON(json: SerializedImageNode): ImageNode {
    return $createImageNode(json).updateFromJSON(json)
  }

  constructor(attributes: ImageAttributes, key?: NodeKey) {
    super(key)
    this.__assetId = attributes.assetId
    this.__alt = attributes.alt
    this.__caption = attributes.caption
    this.__credit = attributes.credit
  }

  override updateFromJSON(json: LexicalUpdateJSON<SerializedImageNode>): this {
    return super.updateFromJSON(json)
  }

  override exportJSON(): SerializedImageNode {
    return { ...super.exportJSON(), ...this.getAttributes() }
  }

  getAttributes(): ImageAttributes {
    const self = this.getLatest()
    return { assetId: self.__assetId, alt: self.__alt, caption: self.__caption, credit: self.__credit }
  }

  setWords(words: Pick<ImageAttributes, 'alt' | 'caption' | 'credit'>): this {
    const writable = this.getWritable()
    writable.__alt = words.alt
    writable.__caption = words.caption
    writable.__credit = words.credit
    return writable
  }

  override createDOM(config: EditorConfig): HTMLElement {
    const element = document.createElement('div')
    const className = config.theme.image
    if (typeof className === 'string') element.className = className
    return element
  }

  override updateDOM(): false {
    return false
  }

  override isInline(): false {
    return false
  }

  override getTextContent(): string {
    return this.__caption
  }

  override decorate(): JSX.Element {
    return <ImageBlock nodeKey={this.getKey()} attributes={this.getAttributes()} />
  }
}

export function $createImageNode(attributes: ImageAttributes): ImageNode {
  return $applyNodeReplacement(new ImageNode(attributes))
}

export function $isImageNode(node: LexicalNode | null | undefined): node is ImageNode {
  return node instanceof ImageNode
}
