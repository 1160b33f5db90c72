import { useId, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { DocumentTitleSchema, PLAIN_TEMPLATE } from '../../../core/model/document'
import { EU_LANGUAGES, type LanguageCode } from '../../../core/model/languages'
import type { TemplateSummary } from '../api/types'
import { languageName } from '../i18n/languages'
import { titleProblem } from '../library/ProjectDialogs'
import { TemplatePicker } from '../templates/TemplatePicker'
import { FormDialog, TextField } from '../ui/FormDialog'

interface NewDocumentDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The installed templates; null while they load (free text can be chosen meanwhile). */
  templates: readonly TemplateSummary[] | null
  /** The project's working languages come first: they are what its documents are usually written in. */
  projectLanguages: readonly LanguageCode[]
  onCreate: (input: { title: string; language: LanguageCode; templateId: string }) => Promise<void>
}

function defaultLanguage(projectLanguages: readonly LanguageCode[], interfaceLanguage: string): LanguageCode {
  const fromInterface = EU_LANGUAGES.find((code) => code === interfaceLanguage)
  if (fromInterface && projectLanguages.includes(fromInterface)) return fromInterface
  return projectLanguages[0] ?? fromInterface ?? 'en'
}

export function NewDocumentDialog({
  open,
  onOpenChange,
  templates,
  projectLanguages,
  onCreate,
}: NewDocumentDialogProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const selectId = useId()
  const [title, setTitle] = useState('')
  const [language, setLanguage] = useState<LanguageCode>(() =>
    defaultLanguage(projectLanguages, i18n.language),
  )
  const [templateId, setTemplateId] = useState<string>(PLAIN_TEMPLATE.id)
  const [showErrors, setShowErrors] = useState(false)
  const titleError = showErrors ? titleProblem(DocumentTitleSchema, title, t) : undefined

  const byName = (codes: readonly LanguageCode[]) =>
    [...codes]
      .map((code) => ({ code, name: languageName(code, i18n.language) }))
      .sort((a, b) => a.name.localeCompare(b.name, i18n.language))
  const others = EU_LANGUAGES.filter((code) => !projectLanguages.includes(code))

  const reset = (next: boolean) => {
    if (!next) {
      setTitle('')
      setTemplateId(PLAIN_TEMPLATE.id)
      setShowErrors(false)
    }
    onOpenChange(next)
  }

  const submit = async () => {
    setShowErrors(true)
    if (titleProblem(DocumentTitleSchema, title, t)) return
    await onCreate({ title: title.trim(), language, templateId })
    reset(false)
  }

  return (
    <FormDialog
      open={open}
      onOpenChange={reset}
      title={t('project.create.title')}
      description={t('project.create.description')}
      submitLabel={t('project.create.submit')}
      onSubmit={submit}
      wide
    >
      <div className="field-row">
        <TextField
          label={t('project.create.titleLabel')}
          value={title}
          onChange={setTitle}
          error={titleError}
          maxLength={300}
          required
          lang={language}
        />
        <div className="field">
          <label className="field-label" htmlFor={selectId}>
            {t('project.create.languageLabel')}
          </label>
          <select
            id={selectId}
            className="field-input field-select"
            value={language}
            onChange={(event) => setLanguage(event.target.value as LanguageCode)}
          >
            {projectLanguages.length > 0 && (
              <optgroup label={t('project.create.projectLanguages')}>
                {byName(projectLanguages).map(({ code, name }) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label={t('project.create.otherLanguages')}>
              {byName(others).map(({ code, name }) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </optgroup>
          </select>
          <p className="field-hint">{t('project.create.languageHint')}</p>
        </div>
      </div>
      <TemplatePicker
        templates={templates}
        value={templateId}
        onChange={setTemplateId}
        documentLanguage={language}
      />
    </FormDialog>
  )
}
