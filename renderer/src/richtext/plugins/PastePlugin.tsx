import { useEffect } from 'react'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $generateNodesFromSerializedNodes, $insertGeneratedNodes } from '@lexical/clipboard'
import { $generateNodesFromDOM } from '@lexical/html'
import {
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  COMMAND_PRIORITY_NORMAL,
  PASTE_COMMAND,
  type LexicalNode,
  type SerializedLexicalNode,
} from 'lexical'
import type { SerializedNode } from '../../../../core/model/rich-text'
import { sanitiseRichText } from '../../../../core/model/rich-text-sanitise'
import { sanitisePastedHtml } from '../paste-html'

function $serialize(node: LexicalNode): SerializedNode {
  const json = node.exportJSON() as SerializedNode
  if ($isElementNode(node)) json.children = node.getChildren().map($serialize)
  return json
}

/** Nodes from a foreign source, passed through the same sanitiser as every save. */
function sanitisedNodes(children: unknown[]): SerializedNode[] {
  const blocks = sanitiseRichText({ root: { type: 'root', children } }).root.children ?? []
  // A single paragraph is a piece of a line (a copied sentence): its words join the line at the caret instead
  // of splitting it.
  if (blocks.length === 1 && blocks[0]!.type === 'paragraph') return blocks[0]!.children ?? []
  return blocks
}

function lexicalClipboardNodes(data: string): unknown[] | null {
  try {
    const parsed: unknown = JSON.parse(data)
    const nodes = (parsed as { nodes?: unknown }).nodes
    return Array.isArray(nodes) ? nodes : null
  } catch {
    return null
  }
}

/**
 * Every paste of rich content goes through here: HTML (from Word, LibreOffice, Google Docs, web pages) is
 * reduced by sanitisePastedHtml, turned into nodes by the registered node classes, then sanitised as JSON like
 * everything stored; Lexical's own clipboard format (copying between fields, but any page can put it on the
 * clipboard) goes through the JSON sanitiser too. Plain text is left to Lexical.
 */
export function PastePlugin(): null {
  const [editor] = useLexicalComposerContext()
  useEffect(
    () =>
      editor.registerCommand(
        PASTE_COMMAND,
        (event) => {
          const data = 'clipboardData' in event ? event.clipboardData : null
          if (!data) return false
          const lexical = data.getData('application/x-lexical-editor')
          const html = data.getData('text/html')
          if (lexical === '' && html === '') return false
          event.preventDefault()
          editor.update(() => {
            const selection = $getSelection()
            if (!$isRangeSelection(selection)) return
            const foreign =
              (lexical !== '' ? lexicalClipboardNodes(lexical) : null) ??
              $generateNodesFromDOM(editor, sanitisePastedHtml(html)).map($serialize)
            const nodes = $generateNodesFromSerializedNodes(
              sanitisedNodes(foreign) as unknown as SerializedLexicalNode[],
            )
            $insertGeneratedNodes(editor, nodes, selection)
          })
          return true
        },
        // Below the image plugin, which takes pasted picture files first.
        COMMAND_PRIORITY_NORMAL,
      ),
    [editor],
  )
  return null
}
