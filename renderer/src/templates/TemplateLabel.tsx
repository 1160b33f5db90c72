import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { Icon } from '../ui/Icon'
import type { TemplateName } from './template-names'

/** A document's template as a small labelled line: "Practice case study", "Free text", or a missing one. */
export function TemplateLabel({
  name,
  className,
}: {
  name: TemplateName
  className?: string
}): JSX.Element | null {
  const { t } = useTranslation()
  if (name.kind === 'loading') return null
  const classes = ['template-label', className, name.kind === 'missing' ? 'template-label-missing' : '']
    .filter(Boolean)
    .join(' ')
  return (
    <span className={classes}>
      <Icon name={name.kind === 'missing' ? 'warning' : 'template'} />
      <span className="visually-hidden">{t('templates.labelPrefix')} </span>
      {name.kind === 'plain' && <span>{t('templates.plain.title')}</span>}
      {name.kind === 'known' && <span lang={name.lang}>{name.text}</span>}
      {name.kind === 'missing' && <span>{t('templates.missing', { id: name.templateId })}</span>}
    </span>
  )
}
