import { useEffect } from 'react'
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
export function OffscreenBlocksPlugin(): null {
  const [editor] = useLexicalComposerContext()
  useEffect(() => {
    const unregisterRoot = editor.registerRootListener((root, previous) => {
      previous?.removeAttribute(SKIPS_ATTRIBUTE)
      root?.setAttribute(SKIPS_ATTRIBUTE, '')
    })
    const unregisterParagraphs = editor.registerMutationListener(ParagraphNode, (mutations) => {
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
      if (created.length >= MANY_PARAGRAPHS) giveEstimatedHeights(created)
    })
    return () => {
      unregisterRoot()
      unregisterParagraphs()
    }
  }, [editor])
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

function giveEstimatedHeights(paragraphs: readonly HTMLElement[]): void {
  measuringContext ??= document.createElement('canvas').getContext('2d')
  if (!measuringContext) return
  const sample = paragraphs[0]!
  const style = getComputedStyle(sample)
  const lineHeight = parseFloat(style.lineHeight)
  // The paragraphs skip layout already, so the one layout this read asks for is short.
  const lineWidth = sample.clientWidth
  if (!(lineHeight > 0) || !(lineWidth > 0)) return
  const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
  let widths = widthsByFont.get(font)
  if (!widths) {
    widths = new CharacterWidths(measuringContext, font)
    widthsByFont.set(font, widths)
  }
  for (const paragraph of paragraphs) {
    const lines = widths.linesOf(paragraph.textContent ?? '', lineWidth)
    paragraph.style.containIntrinsicBlockSize = `auto ${lines * lineHeight}px`
  }
}
