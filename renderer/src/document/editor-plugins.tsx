import { useEffect } from 'react'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $isLinkNode, LinkNode } from '@lexical/link'
import { isAllowedLinkUrl } from './link-policy'

/**
 * Whatever way a link arrives (pasted HTML, a stored file, the link box), one with a scheme other than http,
 * https or mailto is unwrapped to plain text. Lexical's own sanitiser turns such URLs into about:blank, which
 * would leave a dead link; unwrapping keeps the words and drops the target.
 */
export function LinkPolicyPlugin(): null {
  const [editor] = useLexicalComposerContext()
  useEffect(
    () =>
      editor.registerNodeTransform(LinkNode, (node) => {
        if (!$isLinkNode(node) || isAllowedLinkUrl(node.getURL())) return
        for (const child of node.getChildren()) node.insertBefore(child)
        node.remove()
      }),
    [editor],
  )
  return null
}
