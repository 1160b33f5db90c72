import { useEffect } from 'react'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'

/** Follows the readOnly prop after mount (a project can become read-only while open). */
export function ReadOnlyPlugin({ readOnly }: { readOnly: boolean }): null {
  const [editor] = useLexicalComposerContext()
  useEffect(() => editor.setEditable(!readOnly), [editor, readOnly])
  return null
}
