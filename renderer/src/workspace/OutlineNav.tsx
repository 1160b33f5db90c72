import { memo, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { Completeness } from '../../../core/templates/completeness'
import { localise } from '../../../core/templates/localise'
import type { Template } from '../../../core/templates/template-schema'
import { sectionsOf } from '../../../core/templates/template-walk'
import { Icon } from '../ui/Icon'
import { sectionAnchorId } from './field-anchors'

/** Scrolls the editor to a section and moves focus there, so a keyboard user continues from it. */
export function revealSection(sectionId: string): boolean {
  const heading = document.getElementById(sectionAnchorId(sectionId))
  if (!heading) return false
  heading.scrollIntoView({ block: 'start' })
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
  heading.focus({ preventScroll: true })
  return true
}

/** The open document's sections in order; each says whether something in it still needs writing. */
export const OutlineNav = memo(function OutlineNav({
  template,
  completeness,
  language,
}: {
  template: Template
  completeness: Completeness | null
  /** The document's language: the outline names sections as the headings on the page do. */
  language: string
}): JSX.Element {
  const { t } = useTranslation()
  const states = new Map(completeness?.sections.map((section) => [section.id, section]))
  return (
    <ol className="ws-outline">
      {sectionsOf(template).map(({ section, parentId }) => {
        const state = states.get(section.id)
        const open = state ? state.total - state.filled : 0
        const incomplete = state !== undefined && !state.complete
        const title = localise(section.title, language)
        return (
          <li key={section.id} className="ws-outline-item" data-sub={parentId ? true : undefined}>
            <button
              type="button"
              className="ws-outline-link"
              data-incomplete={incomplete || undefined}
              onClick={() => revealSection(section.id)}
              aria-describedby={incomplete ? `ws-outline-state-${section.id}` : undefined}
            >
              <span className="ws-outline-title" lang={title.language}>
                {title.text}
              </span>
              {state &&
                (incomplete ? (
                  <span id={`ws-outline-state-${section.id}`} className="ws-outline-state">
                    {open > 0 ? t('workspace.outline.toDo', { count: open }) : t('workspace.outline.check')}
                  </span>
                ) : (
                  state.total > 0 && (
                    <span className="ws-outline-done" title={t('workspace.outline.complete')}>
                      <Icon name="check" />
                      <span className="visually-hidden">{t('workspace.outline.complete')}</span>
                    </span>
                  )
                ))}
            </button>
          </li>
        )
      })}
    </ol>
  )
})
