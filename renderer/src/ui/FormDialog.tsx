import { useId, useState, type FormEvent, type JSX, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Dialog } from 'radix-ui'
import type { ApiError } from '../../../core/api/contract'
import { asApiError } from '../api/client'
import { Icon } from './Icon'

interface FormDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: string
  description?: string
  submitLabel: string
  /** Resolves when done (the caller closes the dialog); a rejection is shown inside the dialog. */
  onSubmit: () => Promise<void>
  /** For dialogs that show a choice beside its description, such as the template picker. */
  wide?: boolean
  children: ReactNode
}

/** A modal form: focus is trapped inside, Escape cancels, Enter submits, server errors stay next to the fields. */
export function FormDialog({
  open,
  onOpenChange,
  title,
  description,
  submitLabel,
  onSubmit,
  wide = false,
  children,
}: FormDialogProps): JSX.Element {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await onSubmit()
    } catch (failure) {
      setError(asApiError(failure))
    } finally {
      setBusy(false)
    }
  }

  const changeOpen = (next: boolean) => {
    if (!next) setError(null)
    onOpenChange(next)
  }

  return (
    <Dialog.Root open={open} onOpenChange={changeOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className={wide ? 'dialog dialog-wide' : 'dialog'}
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <form onSubmit={submit} noValidate>
            <header className="dialog-header">
              <Dialog.Title className="dialog-title">{title}</Dialog.Title>
              {description && (
                <Dialog.Description className="dialog-description">{description}</Dialog.Description>
              )}
            </header>
            <div className="dialog-body">
              {children}
              {error && (
                <div className="inline-alert" role="alert">
                  <Icon name="warning" />
                  <div>
                    <p>{t(`errors.${error.code}`)}</p>
                    <p className="inline-alert-detail">
                      {t('errors.detail', { code: error.code, message: error.message })}
                    </p>
                  </div>
                </div>
              )}
            </div>
            <footer className="dialog-footer">
              <Dialog.Close asChild>
                <button type="button" className="button button-quiet">
                  {t('common.cancel')}
                </button>
              </Dialog.Close>
              <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
                {submitLabel}
              </button>
            </footer>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

interface TextFieldProps {
  label: string
  value: string
  onChange: (value: string) => void
  hint?: string
  error?: string | undefined
  maxLength?: number
  required?: boolean
  lang?: string
}

export function TextField({
  label,
  value,
  onChange,
  hint,
  error,
  maxLength,
  required,
  lang,
}: TextFieldProps): JSX.Element {
  const id = useId()
  const { t } = useTranslation()
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
        {!required && <span className="field-optional"> {t('common.optional')}</span>}
      </label>
      <input
        id={id}
        className="field-input"
        type="text"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        maxLength={maxLength}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        lang={lang}
        spellCheck
        autoComplete="off"
      />
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}
