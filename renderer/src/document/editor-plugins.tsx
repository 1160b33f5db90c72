import { useEffect } from 'react'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $isLinkNode, LinkNode } from '@lexical/link'
import { mergeRegister } from '@lexical/utils'
import { BLUR_COMMAND, COMMAND_PRIORITY_LOW, HISTORY_MERGE_TAG, type LexicalEditor } from 'lexical'
import { isAllowedLinkUrl } from './link-policy'

/**
 * Reports real edits (not selection moves, not loading the document) and the editor losing focus, and hands the
 * editor to its owner so a save can read the current state when it starts.
 */
export function EditorBridgePlugin({
  onEdit,
  onBlur,
  onReady,
}: {
  onEdit: () => void
  onBlur: () => void
  onReady: (editor: LexicalEditor) => void
}): null {
  const [editor] = useLexicalComposerContext()
  useEffect(() => {
    onReady(editor)
    return mergeRegister(
      editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, tags }) => {
        if (tags.has(HISTORY_MERGE_TAG)) return
        if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return
        onEdit()
      }),
      editor.registerCommand(
        BLUR_COMMAND,
        () => {
          onBlur()
          return false
        },
        COMMAND_PRIORITY_LOW,
      ),
    )
  }, [editor, onEdit, onBlur, onReady])
  return null
}

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
