import { fieldAnchorId, revealField, type FieldPath } from '../workspace/field-anchors'

/** Long enough for a large document to open; after that the user has moved on and nothing should jump. */
const GIVE_UP_AFTER_MS = 10_000

/**
 * Scrolls to a field and puts the caret in it as soon as its document is on the page: after a navigation the
 * workspace mounts and loads the document first, so the field's anchor appears a moment later.
 */
export function revealFieldWhenShown(path: FieldPath): void {
  if (revealField(path)) return
  const observer = new MutationObserver(() => {
    if (document.getElementById(fieldAnchorId(path))) {
      stop()
      revealField(path)
    }
  })
  const timer = setTimeout(() => stop(), GIVE_UP_AFTER_MS)
  function stop() {
    observer.disconnect()
    clearTimeout(timer)
  }
  observer.observe(document.body, { childList: true, subtree: true })
}
