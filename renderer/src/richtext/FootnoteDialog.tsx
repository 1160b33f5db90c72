import { useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { LIMITS } from '../../../core/model/rich-text-nodes'
import { FormDialog, TextField } from '../ui/FormDialog'

/** Writes a new footnote or edits one; emptying an existing footnote's text removes it. */
export function FootnoteDialog({
  initialText,
  onClose,
  onApply,
}: {
  initialText: string
  onClose: () => void
  onApply: (text: string) => void
}): JSX.Element {
  const { t } = useTranslation()
  const [text, setText] = useState(initialText)
  const [invalid, setInvalid] = useState(false)
  const removing = initialText !== '' && text.trim() === ''
  return (
    <FormDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={initialText === '' ? t('richtext.footnote.addTitle') : t('richtext.footnote.editTitle')}
      submitLabel={removing ? t('richtext.footnote.remove') : t('richtext.footnote.apply')}
      onSubmit={async () => {
        if (text.trim() === '' && initialText === '') {
          setInvalid(true)
          return
        }
        onApply(text.trim())
        onClose()
      }}
    >
      <TextField
        label={t('richtext.footnote.label')}
        value={text}
        onChange={(next) => {
          setText(next)
          setInvalid(false)
        }}
        error={invalid ? t('richtext.footnote.empty') : undefined}
        maxLength={LIMITS.footnote}
        required
      />
    </FormDialog>
  )
}
