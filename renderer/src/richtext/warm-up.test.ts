import { createHeadlessEditor } from '@lexical/headless'
import { describe, expect, it } from 'vitest'
import type { SerializedEditorState } from 'lexical'
import { RICH_TEXT_SCHEMA_VERSION, type RichText } from '../../../core/model/rich-text'
import { sanitiseRichText } from '../../../core/model/rich-text-sanitise'
import { RICH_TEXT_NODES } from './config'
import { WARM_UP_BLOCKS, warmUpText } from './warm-up'

function stored(state: SerializedEditorState): RichText {
  return { format: 'lexical', schemaVersion: RICH_TEXT_SCHEMA_VERSION, root: state.root as RichText['root'] }
}

describe('the made-up text that warms up the editor', () => {
  // Cut as the warm-up cuts it, in slices of growing size.
  const slices = [warmUpText(0, 3), warmUpText(3, 17), warmUpText(20, WARM_UP_BLOCKS - 20)]

  it('is a text the app would store: the sanitiser keeps every node of it', () => {
    for (const slice of slices) {
      expect(sanitiseRichText(stored(slice))).toEqual(stored(slice))
    }
  })

  it('is read by the editor with the app’s nodes and stored again unchanged, as a saved text is', () => {
    const editor = createHeadlessEditor({
      nodes: [...RICH_TEXT_NODES],
      onError: (error) => {
        throw error
      },
    })
    for (const slice of slices) {
      editor.setEditorState(editor.parseEditorState(slice))
      expect(sanitiseRichText({ ...stored(slice), root: editor.getEditorState().toJSON().root })).toEqual(
        stored(slice),
      )
    }
  })

  it('has the kinds of blocks of a long document, about as many', () => {
    const types = slices.flatMap((slice) => slice.root.children.map((child) => child.type))
    expect(types.length).toBeGreaterThanOrEqual(500)
    expect(new Set(types)).toEqual(new Set(['paragraph', 'heading', 'list', 'quote']))
  })
})
