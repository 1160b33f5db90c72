import { useEffect, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $getRoot, type LexicalEditor } from 'lexical'
import { countWords, plainTextOf, type RichText } from '../../../core/model/rich-text'

// Lexical's text content is plainTextOf's: blocks apart, footnotes left out (they are not the text a word limit
// is about), captions in.
const wordsOf = (editor: LexicalEditor) =>
  countWords(editor.getEditorState().read(() => $getRoot().getTextContent()))

/**
 * Counting reads the whole text: in a 50,000-word field that costs more than a keystroke may, so the count is
 * taken once typing pauses, outside the key's event.
 */
const COUNT_DELAY_MS = 250

/** The field's word count, brought up to date when the user pauses. */
export function WordCountPlugin({
  initial,
  min,
  max,
}: {
  /** The text the field opens with: the editor is still empty when this renders (InitialTextPlugin). */
  initial: RichText | null
  min?: number | undefined
  max?: number | undefined
}): JSX.Element {
  const [editor] = useLexicalComposerContext()
  const [words, setWords] = useState(() => (initial ? countWords(plainTextOf(initial)) : 0))
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const unregister = editor.registerUpdateListener(({ dirtyElements, dirtyLeaves }) => {
      if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return
      clearTimeout(timer)
      timer = setTimeout(() => setWords(wordsOf(editor)), COUNT_DELAY_MS)
    })
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
  words: number
  min?: number | undefined
  max?: number | undefined
}): JSX.Element {
  const { t } = useTranslation()
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
