import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { itemsOf, titleOf } from '../../../core/templates/group-paths'
import { localise } from '../../../core/templates/localise'
import type { RetiredValue } from '../../../core/templates/migrate-document'
import type { TemplateField } from '../../../core/templates/template-schema'
import { findField } from '../../../core/templates/template-walk'
import { Icon } from '../ui/Icon'
import { useOutline } from './outline-context'
import { anyValueText } from './value-text'

/**
 * Where a kept value sits, in words: the names the template still knows (a group, an item's title), then the
 * old field's id as stored, since the template has no label for a field it no longer has.
 */
function useRetiredPlace(): (path: readonly string[]) => string[] {
  const { t } = useTranslation()
  const { template, fields, lang } = useOutline()
  return (path) => {
    const [first, ...rest] = path
    if (first === undefined) return []
    const field = findField(template, first)
    if (!field) return path.slice()
    const place = [localise(field.label, lang).text]
    let current: TemplateField | undefined = field
    let value: unknown = Object.hasOwn(fields, first) ? fields[first] : undefined
    for (let index = 0; index < rest.length; index += 1) {
      const segment = rest[index]!
      if (current?.type === 'group') {
        const items = itemsOf(value)
        const position = items.findIndex((item) => item.id === segment)
        const item = items[position]
        place.push(item ? titleOf(current, item) || t('outline.item', { n: position + 1 }) : segment)
        const memberId = rest[index + 1]
        index += 1
        if (memberId === undefined) break
        const member: TemplateField | undefined = current.fields.find(
          (candidate) => candidate.id === memberId,
        )
        place.push(member ? localise(member.label, lang).text : memberId)
        value = item && Object.hasOwn(item.values, memberId) ? item.values[memberId] : undefined
        current = member
      } else if (current?.type === 'table') {
        const rows = (value as { rows?: Array<{ id: string }> } | undefined)?.rows ?? []
        const position = rows.findIndex((row) => row.id === segment)
        place.push(position >= 0 ? t('outline.row', { n: position + 1 }) : segment)
        current = undefined
      } else {
        place.push(segment)
        current = undefined
      }
    }
    return place
  }
}

/** Values the document keeps although its template has no place for them any more: shown, never dropped. */
export function RetiredValues({ retired }: { retired: readonly RetiredValue[] }): JSX.Element {
  const { t } = useTranslation()
  const { lang } = useOutline()
  const placeOf = useRetiredPlace()
  return (
    <section className="retired" aria-labelledby="retired-heading">
      <header className="retired-header">
        <Icon name="restore" />
        <h2 id="retired-heading" className="retired-title">
          {t('outline.retired.heading')}
        </h2>
      </header>
      <p className="retired-text">{t('outline.retired.text')}</p>
      <dl className="retired-list">
        {retired.map((entry) => (
          <div key={entry.path.join('/')} className="retired-entry">
            <dt className="retired-place">
              {placeOf(entry.path).map((part, index) => (
                <span key={index}>
                  {index > 0 && <span aria-hidden="true"> › </span>}
                  {part}
                </span>
              ))}
            </dt>
            <dd className="retired-value" lang={lang}>
              {anyValueText(entry.value) || t('outline.empty')}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
