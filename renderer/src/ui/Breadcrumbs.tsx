import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { Route } from '../app/routes'
import { RouteLink } from '../app/navigation'
import { Icon } from './Icon'

export function Breadcrumbs({ trail }: { trail: Array<{ label: string; to: Route }> }): JSX.Element {
  const { t } = useTranslation()
  return (
    <nav className="breadcrumbs" aria-label={t('common.breadcrumbs')}>
      <ol>
        {trail.map((crumb) => (
          <li key={crumb.label}>
            <RouteLink to={crumb.to} className="breadcrumb-link">
              {crumb === trail[0] && <Icon name="back" />}
              {crumb.label}
            </RouteLink>
            <Icon name="chevron" className="breadcrumb-separator" />
          </li>
        ))}
      </ol>
    </nav>
  )
}
