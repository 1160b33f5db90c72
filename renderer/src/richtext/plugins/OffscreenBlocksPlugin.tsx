import { useLayoutEffect } from 'react'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { ParagraphNode } from 'lexical'

/** Set on the editable root while its paragraphs may skip layout; editor.css does the skipping. */
const SKIPS_ATTRIBUTE = 'data-skips-offscreen'

/**
 * Lets a long text skip the layout and paint of the paragraphs out of view (`content-visibility: auto` in
 * editor.css) from its first frame: laying out all ~560 paragraphs of a 50,000-word text first took ~270 ms of
 * opening it. A skipped paragraph takes the height it is given until it is drawn, and the browser remembers its
 * real height from then on. Given the same guess for all (4 lines), scrolling to the middle of that text moved it
 * on screen by ~4,000 px once the paragraphs around were drawn (measured); so each new paragraph is given the
 * height its own text would take: its width in the editor's font, in lines of the field's width.
 */
export function OffscreenBlocksPlugin({ initialBlocks }: { initialBlocks: number }): null {
  const [editor] = useLexicalComposerContext()
  // A layout effect, placed before InitialTextPlugin (whose layout effect loads the text): see `beforeText`.
  useLayoutEffect(() => {
    const unregisterRoot = editor.registerRootListener((root, previous) => {
      previous?.removeAttribute(SKIPS_ATTRIBUTE)
      root?.setAttribute(SKIPS_ATTRIBUTE, '')
    })
    // A text of many blocks is measured for while the editor is still empty: the layout this asks for is of the
    // page without the text, which the first frame needs anyway. Measured once the ~560 paragraphs of a long text
    // are in, it laid them all out an extra time, and the heights given then made the frame compute their styles
    // again (≈ 25 ms of opening the 50,000-word text, profiled). The many short fields of a form are not measured
    // at all. Paragraphs in the root are as wide as its content box (editor.css).
    let beforeText = initialBlocks >= MANY_PARAGRAPHS ? measureLines(editor.getRootElement()) : undefined
    // Only for the text loaded with the editor: a field opened empty may be pasted into after a resize.
    const frame = requestAnimationFrame(() => (beforeText = undefined))
    const unregisterParagraphs = editor.registerMutationListener(
      ParagraphNode,
      (mutations) => {
        const root = editor.getRootElement()
        const created: HTMLElement[] = []
        for (const [key, mutation] of mutations) {
          if (mutation !== 'created') continue
          const element = editor.getElementByKey(key)
          // Only the text's own paragraphs skip (editor.css); one in a table cell or a list is as wide as they are.
          if (element && element.parentElement === root) created.push(element)
        }
        // A paragraph typed or pasted one at a time is drawn where the caret is, at its real height; the guess
        // is for the many a text brings when it is opened or pasted, and measuring costs a layout.
        if (created.length < MANY_PARAGRAPHS) return
        // What the page measured before the text came in holds for the text; a later paste measures afresh
        // (the window may have been resized since).
        const lines = beforeText ?? measureLines(root)
        beforeText = undefined
        if (lines) giveEstimatedHeights(created, lines)
      },
      // The text is loaded after this effect, so its paragraphs arrive as mutations; none are there yet.
      { skipInitialization: true },
    )
    return () => {
      cancelAnimationFrame(frame)
      unregisterRoot()
      unregisterParagraphs()
    }
  }, [editor, initialBlocks])
  return null
}

const MANY_PARAGRAPHS = 8

/**
 * Measures text in the editor's font a character at a time, each character once: measuring each paragraph
 * whole took ~35 ms for a 50,000-word text. Kerning and ligatures are left out; a guess does not need them.
 */
class CharacterWidths {
  private readonly context: CanvasRenderingContext2D
  /** By UTF-16 code unit; negative until measured. */
  private readonly widths = new Float32Array(0x10000).fill(-1)

  constructor(
    context: CanvasRenderingContext2D,
    private readonly font: string,
  ) {
    this.context = context
  }

  of(text: string): number {
    let width = 0
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index)
      let known = this.widths[code]!
      if (known < 0) {
        // The canvas is shared by every font's widths.
        this.context.font = this.font
        known = this.context.measureText(text[index]!).width
        this.widths[code] = known
      }
      width += known
    }
    return width
  }

  /**
   * The lines a text takes at a width: its width from its first characters (their mean width holds well
   * enough for the rest), and a line breaking between words, so ending on average half a word short.
   */
  linesOf(text: string, lineWidth: number): number {
    const sample = text.slice(0, SAMPLE_LENGTH)
    const sampleWidth = this.of(sample)
    const width = (sampleWidth * text.length) / Math.max(1, sample.length)
    const wordsInSample = sample.split(' ').length
    const usableWidth = lineWidth - sampleWidth / wordsInSample / 2
    return Math.max(1, Math.ceil(width / Math.max(usableWidth, lineWidth / 2)))
  }
}

const SAMPLE_LENGTH = 80

let measuringContext: CanvasRenderingContext2D | null | undefined
/** By font: the editor has one or two, and what was measured in them stays true. */
const widthsByFont = new Map<string, CharacterWidths>()

/** How the text's paragraphs set their lines: the width of a line, its height, the font. */
interface LineMetrics {
  width: number
  height: number
  font: string
}

function measureLines(root: HTMLElement | null): LineMetrics | undefined {
  if (!root) return undefined
  const style = getComputedStyle(root)
  const height = parseFloat(style.lineHeight)
  const width = root.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
  if (!(height > 0) || !(width > 0)) return undefined
  return {
    width,
    height,
    font: `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`,
  }
}

function giveEstimatedHeights(paragraphs: readonly HTMLElement[], lines: LineMetrics): void {
  measuringContext ??= document.createElement('canvas').getContext('2d')
  if (!measuringContext) return
  let widths = widthsByFont.get(lines.font)
  if (!widths) {
    widths = new CharacterWidths(measuringContext, lines.font)
    widthsByFont.set(lines.font, widths)
  }
  for (const paragraph of paragraphs) {
    const count = widths.linesOf(paragraph.textContent ?? '', lines.width)
    paragraph.style.containIntrinsicBlockSize = `auto ${count * lines.height}px`
  }
}
