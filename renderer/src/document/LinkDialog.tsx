import { useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { FormDialog, TextField } from '../ui/FormDialog'
import { normaliseLinkInput } from './link-policy'

interface LinkDialogProps {
  initialUrl: string
  onClose: () => void
  /** A URL to link the selected text to, or null to remove the link. */
  onApply: (url: string | null) => void
}

export function LinkDialog({ initialUrl, onClose, onApply }: LinkDialogProps): JSX.Element {
  const { t } = useTranslation()
  const [value, setValue] = useState(initialUrl)
  const [invalid, setInvalid] = useState(false)

  const submit = async () => {
    if (value.trim() === '') {
      onApply(null)
      onClose()
      return
    }
    const url = normaliseLinkInput(value)
    if (url === null) {
      setInvalid(true)
      return
    }
    onApply(url)
    onClose()
  }

  return (
    <FormDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={initialUrl ? t('editor.linkDialog.editTitle') : t('editor.linkDialog.title')}
      description={t('editor.linkDialog.description')}
      submitLabel={
        value.trim() === '' && initialUrl ? t('editor.linkDialog.remove') : t('editor.linkDialog.apply')
      }
      onSubmit={submit}
    >
      <TextField
        label={t('editor.linkDialog.label')}
        value={value}
        onChange={(next) => {
          setValue(next)
          setInvalid(false)
        }}
        error={invalid ? t('editor.linkDialog.invalid') : undefined}
        maxLength={2048}
        required
      />
    </FormDialog>
  )
}
