import { RICH_TEXT_SCHEMA_VERSION, RichTextSchema, type RichText } from '../../../core/model/rich-text'
import { sanitiseRichText } from '../../../core/model/rich-text-sanitise'

/**
 * The Lexical editor state to start from, as the JSON string LexicalComposer accepts; undefined (an empty
 * paragraph) when the stored body is missing or not rich text of a version this build understands. A stored
 * value is sanitised again on the way in: a file from elsewhere may hold nodes the editor does not know.
 */
export function initialEditorState(body: unknown): string | undefined {
  const parsed = RichTextSchema.safeParse(body)
  if (!parsed.success || (parsed.data.root.children ?? []).length === 0) return undefined
  return JSON.stringify({ root: sanitiseRichText(parsed.data).root })
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
