import { useLayoutEffect, useState } from 'react'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { registerList } from '@lexical/list'
import { HISTORY_MERGE_TAG, type SerializedEditorState } from 'lexical'

/*
 * Registering a node transform marks every existing node of its type dirty and renders them all again. Lexical's
 * list behaviour has a transform on every text node, so registered once a 50,000-word text was loaded it
 * re-rendered the whole text: ~40% of the time to open it (profiled). Registered first, on an empty editor, it
 * costs nothing, and the text is loaded right after.
 */

/** Lexical's list commands and transforms, registered while the editor is still empty. */
export function EarlyListPlugin(): null {
  const [editor] = useLexicalComposerContext()
  // A layout effect: layout effects run in the order of the tree, and InitialTextPlugin comes last.
  useLayoutEffect(() => registerList(editor), [editor])
  return null
}

/**
 * Loads the field's text after the layout effects of the plugins above it (EarlyListPlugin) have run. It is
 * parsed while rendering, so a text Lexical cannot read still reaches the editor's error boundary.
 */
export function InitialTextPlugin({ text }: { text: SerializedEditorState | undefined }): null {
  const [editor] = useLexicalComposerContext()
  const [state] = useState(() => (text === undefined ? null : editor.parseEditorState(text)))
  useLayoutEffect(() => {
    // Synchronously, before the first frame: what the text wakes (the placeholder, images, the workspace looking
    // for a find result in it) sees it at once. Skipped when a re-run of the effect finds it loaded already.
    if (state && editor.getEditorState() !== state) editor.setEditorState(state, { tag: HISTORY_MERGE_TAG })
  }, [editor, state])
  return null
}
