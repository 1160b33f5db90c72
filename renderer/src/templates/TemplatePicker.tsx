import { useId, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { RadioGroup } from 'radix-ui'
import { PLAIN_TEMPLATE } from '../../../core/model/document'
import { localise } from '../../../core/templates/localise'
import type { TemplateSummary } from '../api/types'
import { languageName } from '../i18n/languages'
import { Icon } from '../ui/Icon'
import { OBJECTIVE_ORDER } from './template-names'
import { useTemplateDetailsMap } from './use-template-details'

interface TemplatePickerProps {
  templates: readonly TemplateSummary[] | null
  value: string
  onChange: (templateId: string) => void
  /** The language the document will be written in: the picker warns when a template is not translated into it. */
  documentLanguage: string
}

/**
 * One choice among the templates, grouped by the project objective they serve, with the chosen one described
 * beside the list: what it is for and which sections it will ask for. Everything is in the interface language.
 */
export function TemplatePicker({
  templates,
  value,
  onChange,
  documentLanguage,
}: TemplatePickerProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const id = useId()
  const lang = i18n.language
  const details = useTemplateDetailsMap((templates ?? []).map((template) => template.id))
  const selected = templates?.find((template) => template.id === value)
  const selectedDetails = selected ? details.get(selected.id)?.template : undefined
  const descriptionId = (templateId: string) => `${id}-description-${templateId}`

  const option = (templateId: string, title: { text: string; language: string }, user: boolean) => (
    <RadioGroup.Item
      key={templateId}
      value={templateId}
      className="picker-option"
      aria-describedby={descriptionId(templateId)}
    >
      <span className="picker-radio" aria-hidden="true" />
      <span className="picker-option-title" lang={title.language}>
        {title.text}
      </span>
      {user && <span className="badge badge-user">{t('templates.picker.yours')}</span>}
    </RadioGroup.Item>
  )

  const titleOf = (template: TemplateSummary) => localise(template.title, lang)
  const groups = OBJECTIVE_ORDER.map((objective) => ({
    objective,
    members: (templates ?? [])
      .filter((template) => template.objective === objective)
      .sort((a, b) => (a.origin === b.origin ? 0 : a.origin === 'built-in' ? -1 : 1)),
  })).filter((group) => group.members.length > 0)

  return (
    <div className="field picker-field">
      <span className="field-label" id={`${id}-label`}>
        {t('templates.picker.label')}
      </span>
      <div className="picker">
        <RadioGroup.Root
          className="picker-list"
          aria-labelledby={`${id}-label`}
          value={value}
          onValueChange={onChange}
          orientation="vertical"
          loop={false}
        >
          {option(PLAIN_TEMPLATE.id, { text: t('templates.plain.title'), language: lang }, false)}
          {groups.map((group) => (
            <div
              key={group.objective}
              role="group"
              className="picker-group"
              aria-labelledby={`${id}-group-${group.objective}`}
            >
              <p className="picker-group-label" id={`${id}-group-${group.objective}`}>
                {t(`templates.objective.${group.objective}`)}
              </p>
              {group.members.map((template) =>
                option(template.id, titleOf(template), template.origin === 'user'),
              )}
            </div>
          ))}
          {templates === null && <p className="picker-loading">{t('templates.picker.loading')}</p>}
        </RadioGroup.Root>

        <div className="picker-details">
          {value === PLAIN_TEMPLATE.id || !selected ? (
            <>
              <p className="picker-details-kicker">{t('templates.plain.kicker')}</p>
              <h3 className="picker-details-title">{t('templates.plain.title')}</h3>
              <p className="picker-details-text">{t('templates.plain.description')}</p>
            </>
          ) : (
            <>
              <p className="picker-details-kicker">
                {t(`templates.objective.${selected.objective}`)}
                <span aria-hidden="true"> · </span>
                {t('templates.version', { version: selected.version })}
              </p>
              <h3 className="picker-details-title" lang={titleOf(selected).language}>
                {titleOf(selected).text}
              </h3>
              {selectedDetails && (
                <>
                  <p
                    className="picker-details-text"
                    lang={localise(selectedDetails.description, lang).language}
                  >
                    {localise(selectedDetails.description, lang).text}
                  </p>
                  <p className="picker-details-subheading">{t('templates.picker.sections')}</p>
                  <ol className="picker-sections">
                    {selectedDetails.sections.map((section) => {
                      const title = localise(section.title, lang)
                      return (
                        <li key={section.id} lang={title.language}>
                          {title.text}
                        </li>
                      )
                    })}
                  </ol>
                </>
              )}
              {!selected.languages.includes(documentLanguage as (typeof selected.languages)[number]) && (
                <p className="inline-note">
                  <Icon name="globe" />
                  <span>
                    {t('templates.picker.untranslated', { language: languageName(documentLanguage, lang) })}
                  </span>
                </p>
              )}
            </>
          )}
        </div>
      </div>
      <div hidden>
        <p id={descriptionId(PLAIN_TEMPLATE.id)}>{t('templates.plain.description')}</p>
        {(templates ?? []).map((template) => {
          const description = details.get(template.id)?.template.description
          return (
            <p key={template.id} id={descriptionId(template.id)}>
              {description ? localise(description, lang).text : ''}
            </p>
          )
        })}
      </div>
    </div>
  )
}
