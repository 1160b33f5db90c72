import type { SerializedEditorState } from 'lexical'
import { RICH_TEXT_SCHEMA_VERSION, type RichText } from '../../../core/model/rich-text'
import { sanitiseRichText } from '../../../core/model/rich-text-sanitise'

/**
 * The Lexical editor state to start from; undefined (an empty paragraph) when the body has no blocks. The owner
 * has already checked that the body is rich text of a version this build understands; it is sanitised again on
 * the way in, as a file from elsewhere may hold nodes the editor does not know. An object, not a JSON string:
 * Lexical reads either, and a 50,000-word text is not worth a round trip through a string.
 */
export function initialEditorState(body: RichText): SerializedEditorState | undefined {
  if ((body.root.children ?? []).length === 0) return undefined
  return { root: sanitiseRichText(body).root } as unknown as SerializedEditorState
}

/**
 * Wraps Lexical's serialized root the way documents store rich text. Lexical leaves some properties
 * `undefined`, which is not JSON and which the API (rightly) refuses, so the tree goes through JSON once.
 */
export function toStoredRichText(root: unknown): RichText {
  return {
    format: 'lexical',
    schemaVersion: RICH_TEXT_SCHEMA_VERSION,
    root: JSON.parse(JSON.stringify(root)) as RichText['root'],
  }
}
