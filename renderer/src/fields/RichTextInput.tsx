import { memo, useCallback, useEffect, useRef, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { emptyRichText, isRichText, type RichText } from '../../../core/model/rich-text'
import { RichTextField } from '../richtext/RichTextField'
import { useFields } from './fields-context'

interface RichTextInputProps {
  value: unknown
  onChange: (value: RichText) => void
  /** The field's label element; a table cell, which has none, gives `ariaLabel` instead. */
  labelledBy?: string | undefined
  ariaLabel?: string | undefined
  lang: string
  readOnly: boolean
  minWords?: number | undefined
  maxWords?: number | undefined
  /** Table cells: no word count under each cell unless the template sets limits. */
  compact?: boolean
}

/**
 * One rich-text field of a structured document, on the shared rich-text editor. It keeps its text to itself
 * while the author types and hands the serialised value to the store only when a save or the completeness
 * check asks for it, so a keystroke costs one small editor update and nothing else.
 */
export const RichTextInput = memo(function RichTextInput({
  value,
  onChange,
  labelledBy,
  ariaLabel,
  lang,
  readOnly,
  minWords,
  maxWords,
  compact = false,
}: RichTextInputProps): JSX.Element {
  const { t } = useTranslation()
  const { store, projectId } = useFields()
  // Read once: the editor owns the text from then on (a value that is not rich text starts empty).
  const [initial] = useState<RichText>(() => (isRichText(value) ? value : emptyRichText()))
  const latest = useRef(onChange)
  useEffect(() => {
    latest.current = onChange
  }, [onChange])
  const pending = useRef<(() => RichText) | null>(null)
  const flush = useCallback(() => {
    const read = pending.current
    pending.current = null
    if (read) latest.current(read())
  }, [])
  const onEdit = useCallback(
    (read: () => RichText) => {
      pending.current = read
      store.defer(flush)
      store.changed()
    },
    [store, flush],
  )
  // An editor that goes (its item folded or removed) leaves its last words in the store.
  useEffect(() => flush, [flush])
  return (
    <RichTextField
      value={initial}
      onEdit={onEdit}
      language={lang}
      placeholder={t('fields.richText.placeholder')}
      {...(labelledBy ? { labelledBy } : {})}
      {...(ariaLabel ? { ariaLabel } : {})}
      projectId={projectId}
      {...(minWords !== undefined ? { minWords } : {})}
      {...(maxWords !== undefined ? { maxWords } : {})}
      readOnly={readOnly}
      compact={compact}
    />
  )
})
