import { useEffect, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $getNodeByKey, $getRoot, HISTORIC_TAG, type LexicalEditor, type NodeKey } from 'lexical'
import { countWords } from '../../../core/model/rich-text'

/**
 * Counting reads the whole text: in a 50,000-word field that costs more than a keystroke may, so the count is
 * taken once typing pauses, outside the key's event, and only the blocks changed since the last count are read.
 */
const COUNT_DELAY_MS = 250

/**
 * Words per top-level block, kept between counts. Lexical's text content is plainTextOf's: blocks apart,
 * footnotes left out (they are not the text a word limit is about), captions in; so the sum is its count.
 */
class BlockWordCounts {
  private counts = new Map<NodeKey, number>()

  /** Forgets every block: the whole text was replaced (undo and redo put back a whole earlier text). */
  forgetAll(): void {
    this.counts.clear()
  }

  /** Forgets the blocks holding anything an update changed. */
  forgetChanged(editor: LexicalEditor, changedKeys: ReadonlyArray<Iterable<NodeKey>>): void {
    editor.getEditorState().read(() => {
      for (const keys of changedKeys)
        for (const key of keys) {
          const block = $getNodeByKey(key)?.getTopLevelElement()
          if (block) this.counts.delete(block.getKey())
          // A key no longer in the text was a removed block's or inside one: its count goes with the next total.
          else this.counts.delete(key)
        }
    })
  }

  total(editor: LexicalEditor): number {
    const counts = new Map<NodeKey, number>()
    let total = 0
    editor.getEditorState().read(() => {
      for (const block of $getRoot().getChildren()) {
        const key = block.getKey()
        const words = this.counts.get(key) ?? countWords(block.getTextContent())
        counts.set(key, words)
        total += words
      }
    })
    this.counts = counts
    return total
  }
}

/** The field's word count, brought up to date when the user pauses. */
export function WordCountPlugin({
  min,
  max,
}: {
  min?: number | undefined
  max?: number | undefined
}): JSX.Element {
  const [editor] = useLexicalComposerContext()
  // Unknown until the text is on screen: counting 50,000 words would hold its first frame back by ~25 ms.
  const [words, setWords] = useState<number | null>(null)
  useEffect(() => {
    const counts = new BlockWordCounts()
    let timer: ReturnType<typeof setTimeout> | undefined
    let counted = false
    // The first count comes right after the text is drawn; later ones wait for a pause in the typing.
    const recount = () => {
      clearTimeout(timer)
      timer = setTimeout(
        () => {
          counted = true
          setWords(counts.total(editor))
        },
        counted ? COUNT_DELAY_MS : 0,
      )
    }
    const unregister = editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, tags }) => {
      if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return
      // A text set whole (undo, redo, loading) marks only its root as changed.
      if (tags.has(HISTORIC_TAG) || (dirtyLeaves.size === 0 && dirtyElements.size === 1)) counts.forgetAll()
      else counts.forgetChanged(editor, [dirtyLeaves, dirtyElements.keys()])
      recount()
    })
    recount()
    return () => {
      clearTimeout(timer)
      unregister()
    }
  }, [editor])
  return <WordCount words={words} min={min} max={max} />
}

/** The field's word count against the template's limits; out of range is said in words, not only in colour. */
export function WordCount({
  words,
  min,
  max,
}: {
  /** null while not yet counted: the line keeps its place, empty. */
  words: number | null
  min?: number | undefined
  max?: number | undefined
}): JSX.Element {
  const { t } = useTranslation()
  if (words === null)
    return (
      <p className="rt-word-count" aria-hidden="true">
        {'\u00a0'}
      </p>
    )
  const tooFew = min !== undefined && words < min
  const tooMany = max !== undefined && words > max
  const count =
    max !== undefined
      ? t('richtext.words.ofMax', { count: words, max })
      : min !== undefined
        ? t('richtext.words.ofMin', { count: words, min })
        : t('richtext.words.count', { count: words })
  return (
    <p className="rt-word-count" data-state={tooMany ? 'over' : tooFew ? 'under' : 'ok'}>
      {count}
      {tooMany && <span> · {t('richtext.words.over', { count: words - max })}</span>}
      {tooFew && <span> · {t('richtext.words.under', { count: min - words })}</span>}
    </p>
  )
}
