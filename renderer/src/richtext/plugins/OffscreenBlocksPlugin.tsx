import { useEffect } from 'react'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'

/** Set on the editable root once its blocks have been laid out; editor.css lets paragraphs skip only then. */
const SIZED_ATTRIBUTE = 'data-sized'

/**
 * Lets a long text skip the layout and paint of the paragraphs out of view (`content-visibility: auto` in
 * editor.css), but only after every paragraph has been laid out once: the browser then remembers each one's real
 * height and keeps it while the paragraph is skipped. Skipped from the start, paragraphs took a guessed height,
 * and scrolling to the middle of a 50,000-word text moved the text on screen by ~4,000 px once the paragraphs
 * around it were drawn at their real heights (measured).
 */
export function OffscreenBlocksPlugin(): null {
  const [editor] = useLexicalComposerContext()
  useEffect(
    () =>
      editor.registerRootListener((root, previous) => {
        previous?.removeAttribute(SIZED_ATTRIBUTE)
        if (!root) return
        // Heights are remembered once the frame after the first layout is rendered; the next frame may skip.
        requestAnimationFrame(() => requestAnimationFrame(() => root.setAttribute(SIZED_ATTRIBUTE, '')))
      }),
    [editor],
  )
  return null
}
