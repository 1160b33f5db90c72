import { useEffect } from 'react'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $isListItemNode } from '@lexical/list'
import { $findMatchingParent } from '@lexical/utils'
import {
  $getSelection,
  $isRangeSelection,
  COMMAND_PRIORITY_EDITOR,
  INDENT_CONTENT_COMMAND,
  KEY_TAB_COMMAND,
  OUTDENT_CONTENT_COMMAND,
} from 'lexical'

/**
 * Tab and Shift+Tab nest and un-nest list items. Everywhere else Tab is left to the browser (or to the table,
 * which moves between cells), so keyboard users can always tab out of a field: an editor that swallowed every
 * Tab would trap them.
 */
export function ListTabPlugin(): null {
  const [editor] = useLexicalComposerContext()
  useEffect(
    () =>
      editor.registerCommand(
        KEY_TAB_COMMAND,
        (event) => {
          const inListItem = editor.getEditorState().read(() => {
            const selection = $getSelection()
            return (
              $isRangeSelection(selection) &&
              $findMatchingParent(selection.anchor.getNode(), $isListItemNode) !== null
            )
          })
          if (!inListItem) return false
          event.preventDefault()
          return editor.dispatchCommand(
            event.shiftKey ? OUTDENT_CONTENT_COMMAND : INDENT_CONTENT_COMMAND,
            undefined,
          )
        },
        COMMAND_PRIORITY_EDITOR,
      ),
    [editor],
  )
  return null
}
