import { useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { AcronymSchema, ProjectTitleSchema } from '../../../core/model/project'
import { FormDialog, TextField } from '../ui/FormDialog'

/** Title limits come from the model's own schemas, so the dialog and the store never disagree. */
export function titleProblem(
  schema: typeof ProjectTitleSchema,
  value: string,
  t: (key: 'validation.titleRequired' | 'validation.tooLong') => string,
): string | undefined {
  const result = schema.safeParse(value)
  if (result.success) return undefined
  return result.error.issues[0]?.code === 'too_big' ? t('validation.tooLong') : t('validation.titleRequired')
}

interface CreateProjectDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  onCreate: (input: { title: string; acronym: string }) => Promise<void>
}

export function CreateProjectDialog({ open, onOpenChange, onCreate }: CreateProjectDialogProps): JSX.Element {
  const { t } = useTranslation()
  const [title, setTitle] = useState('')
  const [acronym, setAcronym] = useState('')
  const [showErrors, setShowErrors] = useState(false)
  const titleError = showErrors ? titleProblem(ProjectTitleSchema, title, t) : undefined
  const acronymError =
    showErrors && !AcronymSchema.safeParse(acronym).success ? t('validation.tooLong') : undefined

  const reset = (next: boolean) => {
    if (!next) {
      setTitle('')
      setAcronym('')
      setShowErrors(false)
    }
    onOpenChange(next)
  }

  const submit = async () => {
    setShowErrors(true)
    if (titleProblem(ProjectTitleSchema, title, t) || !AcronymSchema.safeParse(acronym).success) return
    await onCreate({ title: title.trim(), acronym: acronym.trim() })
    reset(false)
  }

  return (
    <FormDialog
      open={open}
      onOpenChange={reset}
      title={t('library.create.title')}
      description={t('library.create.description')}
      submitLabel={t('library.create.submit')}
      onSubmit={submit}
    >
      <TextField
        label={t('library.create.titleLabel')}
        value={title}
        onChange={setTitle}
        error={titleError}
        maxLength={300}
        required
      />
      <TextField
        label={t('library.create.acronymLabel')}
        hint={t('library.create.acronymHint')}
        value={acronym}
        onChange={setAcronym}
        error={acronymError}
        maxLength={40}
      />
    </FormDialog>
  )
}

interface RenameDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  heading: string
  label: string
  initialTitle: string
  onRename: (title: string) => Promise<void>
  schema: typeof ProjectTitleSchema
  lang?: string
}

/** Renaming a project or a document: one required title, validated by the same rules. */
export function RenameDialog({
  open,
  onOpenChange,
  heading,
  label,
  initialTitle,
  onRename,
  schema,
  lang,
}: RenameDialogProps): JSX.Element {
  const { t } = useTranslation()
  const [title, setTitle] = useState(initialTitle)
  const [showErrors, setShowErrors] = useState(false)
  const error = showErrors ? titleProblem(schema, title, t) : undefined

  const submit = async () => {
    setShowErrors(true)
    if (titleProblem(schema, title, t)) return
    await onRename(title.trim())
  }

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={heading}
      submitLabel={t('common.rename')}
      onSubmit={submit}
    >
      <TextField
        label={label}
        value={title}
        onChange={setTitle}
        error={error}
        maxLength={300}
        required
        {...(lang ? { lang } : {})}
      />
    </FormDialog>
  )
}
