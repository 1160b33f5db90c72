import { memo, useEffect, useMemo, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { ReferenceTarget } from '../../../core/templates/field-values'
import { groupItemsAt } from '../../../core/templates/group-paths'
import type { ReferenceField, TemplateKind } from '../../../core/templates/template-schema'
import { call } from '../api/client'
import { templateDetails } from '../api/template-details'
import type { DocumentSummary } from '../api/types'
import { Icon } from '../ui/Icon'
import type { Update } from './field-store'
import type { FieldIds } from './FieldFrame'
import { useFields } from './fields-context'
import { Picker, type PickerOption } from './Picker'

/** Template kinds by template id; templates change only on import, so one request per session is enough. */
let kinds: Promise<ReadonlyMap<string, TemplateKind>> | null = null
function templateKinds(): Promise<ReadonlyMap<string, TemplateKind>> {
  kinds ??= call('templates:list', {}).then(
    (list) => new Map(list.templates.map((template) => [template.id, template.kind])),
    (error: unknown) => {
      kinds = null
      throw error
    },
  )
  return kinds
}

interface TargetItem {
  documentId: string
  itemId: string
  title: string
}

const keyOf = (target: ReferenceTarget) =>
  target.itemId === undefined ? target.documentId : `${target.documentId}#${target.itemId}`

function targetsOf(value: unknown): ReferenceTarget[] {
  return Array.isArray(value)
    ? value.filter(
        (entry): entry is ReferenceTarget =>
          entry !== null &&
          typeof entry === 'object' &&
          typeof (entry as ReferenceTarget).documentId === 'string',
      )
    : []
}

/**
 * The documents of the project this field may point at (other documents, of the target kind), and for a field
 * that points at items (a competence of a framework), those items, read from each document.
 */
function useCandidates(field: ReferenceField): {
  documents: DocumentSummary[]
  items: TargetItem[]
  loaded: boolean
} {
  const { documents, documentId, projectId } = useFields()
  const [state, setState] = useState<{ documents: DocumentSummary[]; items: TargetItem[]; loaded: boolean }>({
    documents: [],
    items: [],
    loaded: false,
  })
  const { kind, items: itemsPath } = field.target
  useEffect(() => {
    let current = true
    const load = async () => {
      const byTemplate = kind ? await templateKinds() : new Map<string, TemplateKind>()
      const candidates = documents.filter(
        (summary) => summary.id !== documentId && (!kind || byTemplate.get(summary.templateId) === kind),
      )
      const items: TargetItem[] = []
      if (itemsPath)
        for (const summary of candidates) {
          try {
            const stored = await call('documents:get', { projectId, documentId: summary.id })
            const { template } = await templateDetails(stored.document.templateId)
            for (const item of groupItemsAt(template, stored.document.fields, itemsPath))
              items.push({
                documentId: summary.id,
                itemId: item.id,
                title: item.title || item.position.join('.'),
              })
          } catch {
            // A document that cannot be read offers no items; the others still do.
          }
        }
      if (current) setState({ documents: candidates, items, loaded: true })
    }
    load().catch(() => {
      if (current) setState({ documents: [], items: [], loaded: true })
    })
    return () => {
      current = false
    }
  }, [documents, documentId, projectId, kind, itemsPath])
  return state
}

/** A searchable picker of what this reference may point at; a target that is gone is shown as broken. */
export const ReferenceEditor = memo(function ReferenceEditor({
  field,
  value,
  update,
  ids,
}: {
  field: ReferenceField
  value: unknown
  update: Update<unknown>
  ids: FieldIds
}): JSX.Element {
  const { t } = useTranslation()
  const { documents, readOnly } = useFields()
  const candidates = useCandidates(field)
  const targets = targetsOf(value)
  const byId = useMemo(() => new Map(documents.map((summary) => [summary.id, summary])), [documents])
  const items = useMemo(
    () => new Map(candidates.items.map((item) => [`${item.documentId}#${item.itemId}`, item])),
    [candidates.items],
  )
  const options: PickerOption[] = field.target.items
    ? candidates.items.map((item) => {
        const summary = byId.get(item.documentId)
        return {
          id: `${item.documentId}#${item.itemId}`,
          label: item.title,
          ...(summary ? { lang: summary.language, hint: summary.title } : {}),
        }
      })
    : candidates.documents.map((summary) => ({
        id: summary.id,
        label: summary.title,
        lang: summary.language,
      }))
  const multiple = field.multiple === true
  const full = multiple && field.maxItems !== undefined && targets.length >= field.maxItems

  const toggle = (key: string) =>
    update((previous) => {
      const current = targetsOf(previous)
      if (current.some((target) => keyOf(target) === key))
        return current.filter((target) => keyOf(target) !== key)
      const [documentId, itemId] = key.split('#') as [string, string | undefined]
      const target: ReferenceTarget = itemId === undefined ? { documentId } : { documentId, itemId }
      if (!multiple) return [target]
      if (field.maxItems !== undefined && current.length >= field.maxItems) return current
      return [...current, target]
    })

  const describe = (
    target: ReferenceTarget,
  ): { text: string; lang?: string; broken?: string; hint?: string } => {
    const summary = byId.get(target.documentId)
    if (!summary) return { text: t('outline.referenceMissing'), broken: 'document' }
    if (target.itemId === undefined) return { text: summary.title, lang: summary.language }
    const item = items.get(keyOf(target))
    if (!item)
      return candidates.loaded
        ? { text: t('fields.reference.itemMissing'), broken: 'item', hint: summary.title }
        : { text: '…', hint: summary.title }
    return { text: item.title, lang: summary.language, hint: summary.title }
  }

  return (
    <div className="reference-field" role="group" aria-labelledby={ids.labelId}>
      {targets.length > 0 && (
        <ul className="chips reference-chips">
          {targets.map((target) => {
            const shown = describe(target)
            return (
              <li key={keyOf(target)} className="chip chip-removable" data-broken={shown.broken}>
                {shown.broken && <Icon name="warning" />}
                <span lang={shown.lang}>{shown.text}</span>
                {shown.hint && <span className="chip-hint">{shown.hint}</span>}
                {!readOnly && (
                  <button
                    type="button"
                    className="chip-remove"
                    aria-label={t('fields.choice.remove', { label: shown.text })}
                    onClick={() => toggle(keyOf(target))}
                  >
                    <Icon name="close" />
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
      <Picker
        options={options}
        selected={targets.map(keyOf)}
        multiple={multiple}
        onToggle={toggle}
        labelledBy={ids.labelId}
        triggerId={ids.inputId}
        disabled={readOnly || full}
        emptyText={candidates.loaded ? t('fields.reference.none') : t('fields.reference.loading')}
        trigger={
          <span className="cp-placeholder">
            {full
              ? t('fields.choice.full', { max: field.maxItems })
              : targets.length > 0 && !multiple
                ? t('fields.reference.change')
                : t('fields.reference.choose')}
          </span>
        }
      />
    </div>
  )
})
