import { registerList } from '@lexical/list'
import { createEditor, type SerializedEditorState, type SerializedLexicalNode } from 'lexical'
import { RICH_TEXT_NODES, RICH_TEXT_THEME } from './config'

/*
 * The first long text of a session opens slower than the next (profiled: ≈ 90 ms more script, Lexical's and
 * React's): the engine meets Lexical's parsing and drawing of hundreds of nodes for the first time, runs that code
 * interpreted and compiles it as it goes. So once a project is open, in moments the page is idle, a made-up text
 * is parsed and drawn slice by slice into an editor that is never put in the page (no style, no layout), and the
 * first long document the author opens finds Lexical's side compiled: 289 → 263 ms to the 50,000-word document,
 * medians of six runs each, every warmed run faster than the cold one beside it. Nothing of it is kept.
 */

/** About as many blocks as a 50,000-word text, which is where the difference was measured. */
export const WARM_UP_BLOCKS = 560
/**
 * Each idle moment draws as many blocks as take about this long at the speed the last slice showed: a block
 * costs ≈ 1–2 ms while the code is new and a small fraction of that once it is compiled.
 */
const SLICE_MS = 6
const FIRST_SLICE_BLOCKS = 3
/** A slice starts only when the browser expects to stay idle this long, so it never holds up a key. */
const IDLE_ENOUGH_MS = 12

const WORDS = 'community engagement practice partners university civil society evidence model toolkit'.split(
  ' ',
)

function words(seed: number, count: number): string {
  return Array.from({ length: count }, (_, index) => WORDS[(seed * 7 + index * 3) % WORDS.length]).join(' ')
}

function text(value: string, format = 0): SerializedLexicalNode {
  return {
    type: 'text',
    version: 1,
    text: value,
    format,
    style: '',
    mode: 'normal',
    detail: 0,
  } as SerializedLexicalNode
}

function element(type: string, children: SerializedLexicalNode[], extra: object = {}): SerializedLexicalNode {
  return {
    type,
    version: 1,
    children,
    direction: 'ltr',
    format: '',
    indent: 0,
    ...extra,
  } as SerializedLexicalNode
}

/** A block like those of a long document: mostly paragraphs with emphasis and links, some headings and lists. */
function block(seed: number): SerializedLexicalNode {
  const sentence = () => [
    text(`${words(seed, 9)} `),
    text(words(seed + 1, 2), 1),
    text(` ${words(seed + 2, 7)} `),
    text(words(seed + 3, 2), 2),
    text(` ${words(seed + 4, 6)}. `),
  ]
  if (seed % 12 === 0)
    return element('heading', [text(words(seed, 4))], { tag: seed % 24 === 0 ? 'h2' : 'h3' })
  if (seed % 9 === 0) {
    const item = (value: number, children: SerializedLexicalNode[]) =>
      element('listitem', children, { value })
    return element(
      'list',
      [
        item(1, [text(words(seed, 8))]),
        item(2, [text(`${words(seed + 1, 10)} `), text(words(seed + 2, 2), 1)]),
        item(3, [
          element('list', [item(1, [text(words(seed + 3, 6))])], {
            listType: 'bullet',
            start: 1,
            tag: 'ul',
          }),
        ]),
      ],
      { listType: seed % 2 === 0 ? 'bullet' : 'number', start: 1, tag: seed % 2 === 0 ? 'ul' : 'ol' },
    )
  }
  if (seed % 15 === 0) return element('quote', sentence())
  const link = element('link', [text(words(seed + 5, 3))], {
    url: 'https://example.org/',
    rel: 'noreferrer',
    target: null,
    title: null,
  })
  return element('paragraph', [...sentence(), link, text(` ${words(seed + 6, 5)}.`)], {
    textFormat: 0,
    textStyle: '',
  })
}

/** The made-up text of one idle moment: `count` blocks from the `from`th on. */
export function warmUpText(from: number, count: number): SerializedEditorState {
  const children = Array.from({ length: count }, (_, at) => block(from + at + 1))
  return { root: element('root', children) as SerializedEditorState['root'] }
}

let started = false

/**
 * Starts the warm-up in the page's idle moments, once for the page's life: the code stays compiled. Leaving the
 * project does not stop it; it only ever runs while nothing else does.
 */
export function warmUpRichTextOnce(): void {
  if (started) return
  started = true
  const editor = createEditor({
    namespace: 'warm-up',
    nodes: [...RICH_TEXT_NODES],
    theme: RICH_TEXT_THEME,
    onError: () => undefined,
  })
  const unregisterList = registerList(editor)
  editor.setRootElement(document.createElement('div'))
  let done = 0
  let blocks = FIRST_SLICE_BLOCKS
  const finish = () => {
    unregisterList()
    editor.setRootElement(null)
  }
  const step = (deadline: IdleDeadline) => {
    if (deadline.timeRemaining() >= IDLE_ENOUGH_MS) {
      const sliceStarted = performance.now()
      try {
        editor.setEditorState(editor.parseEditorState(warmUpText(done, blocks)))
      } catch {
        // Only a speed-up: whatever goes wrong here, the app goes on without it.
        done = WARM_UP_BLOCKS
      }
      const took = performance.now() - sliceStarted
      done += blocks
      blocks = Math.max(
        1,
        Math.min(WARM_UP_BLOCKS - done, Math.floor((blocks * SLICE_MS) / Math.max(took, 0.1))),
      )
    }
    if (done < WARM_UP_BLOCKS) requestIdleCallback(step)
    else finish()
  }
  requestIdleCallback(step)
}
