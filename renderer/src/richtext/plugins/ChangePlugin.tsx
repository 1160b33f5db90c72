import { useEffect } from 'react'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { HISTORY_MERGE_TAG } from 'lexical'
import type { RichText } from '../../../../core/model/rich-text'
import { toStoredRichText } from '../../document/editor-config'

/**
 * Tells the field's owner about every real edit (not selection moves, not the initial load): with the value, or
 * with a reader of it for owners that serialise only when they save.
 */
export function ChangePlugin({
  onChange,
  onEdit,
}: {
  onChange: ((value: RichText) => void) | undefined
  onEdit: ((read: () => RichText) => void) | undefined
}): null {
  const [editor] = useLexicalComposerContext()
  useEffect(
    () =>
      editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, tags }) => {
        if (tags.has(HISTORY_MERGE_TAG)) return
        if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return
        const read = () => toStoredRichText(editor.getEditorState().toJSON().root)
        onEdit?.(read)
        onChange?.(read())
      }),
    [editor, onChange, onEdit],
  )
  return null
}
