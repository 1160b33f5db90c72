import { memo, useCallback, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { newSource, type SourceValue } from '../../../core/templates/field-values'
import type { SourcesField } from '../../../core/templates/template-schema'
import { Icon } from '../ui/Icon'
import type { Recipe, Update } from './field-store'
import type { FieldIds } from './FieldFrame'
import { newItemId, useFields } from './fields-context'
import { insertAt } from './reorder'
import { useDraft } from './simple-editors'
import { useFocusAfterRender } from './use-focus-after-render'
import { useUndoableRemove } from './use-undoable-remove'

const isSource = (entry: unknown): entry is SourceValue =>
  entry !== null && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string'

function sourcesOf(value: unknown): SourceValue[] {
  return Array.isArray(value) ? value.filter(isSource) : []
}

const WEB_ADDRESS = /^https?:\/\/\S+$/i

/** The bibliography of a document: author, title, year, publisher and web address of each source. */
export const SourcesEditor = memo(function SourcesEditor({
  field,
  value,
  update,
  ids,
}: {
  field: SourcesField
  value: unknown
  update: Update<unknown>
  ids: FieldIds
}): JSX.Element {
  const { t } = useTranslation()
  const { readOnly } = useFields()
  const sources = sourcesOf(value)
  const offerUndo = useUndoableRemove()
  const full = field.maxItems !== undefined && sources.length >= field.maxItems

  const updateSources = useCallback(
    (recipe: Recipe<SourceValue[]>) =>
      update((previous) => {
        const current = sourcesOf(previous)
        const next = recipe(current)
        return next === current ? previous : next
      }),
    [update],
  )
  const focusLater = useFocusAfterRender()

  const add = () => {
    const source = newSource(newItemId)
    updateSources((current) => [...current, source])
    focusLater(() => document.querySelector<HTMLElement>(`[data-source="${source.id}"] input`))
  }
  const remove = useCallback(
    (id: string) => {
      const removed: { source?: SourceValue; index?: number } = {}
      updateSources((current) => {
        const index = current.findIndex((entry) => entry.id === id)
        if (index < 0) return current
        removed.source = current[index]
        removed.index = index
        return current.filter((entry) => entry.id !== id)
      })
      const { source, index } = removed
      if (!source || index === undefined) return
      offerUndo(source.title || t('fields.sources.numbered', { n: index + 1 }), () =>
        updateSources((current) =>
          current.some((entry) => entry.id === id) ? current : insertAt(current, index, source),
        ),
      )
    },
    [updateSources, offerUndo, t],
  )

  return (
    <div className="sources-field" role="group" aria-labelledby={ids.labelId}>
      {sources.length > 0 && (
        <ol className="sources-list">
          {sources.map((source, index) => (
            <SourceEditor
              key={source.id}
              source={source}
              index={index}
              updateSources={updateSources}
              onRemove={remove}
            />
          ))}
        </ol>
      )}
      {!readOnly && (
        <button type="button" className="button button-small" id={ids.inputId} disabled={full} onClick={add}>
          <Icon name="plus" />
          {t('fields.sources.add')}
        </button>
      )}
    </div>
  )
})

const SourceEditor = memo(function SourceEditor({
  source,
  index,
  updateSources,
  onRemove,
}: {
  source: SourceValue
  index: number
  updateSources: Update<SourceValue[]>
  onRemove: (id: string) => void
}): JSX.Element {
  const { t } = useTranslation()
  const { lang, readOnly } = useFields()
  const set = (patch: Partial<SourceValue>) =>
    updateSources((current) =>
      current.map((entry) => (entry.id === source.id ? { ...entry, ...patch } : entry)),
    )
  const [year, setYear] = useDraft(source.year === null ? '' : String(source.year))
  const [url, setUrl] = useDraft(source.url)
  const yearValid = year.trim() === '' || /^-?\d{1,4}$/.test(year.trim())
  const urlValid = url.trim() === '' || WEB_ADDRESS.test(url.trim())
  const idFor = (part: string) => `source-${source.id}-${part}`
  const text = (part: 'author' | 'title' | 'publisher') => (
    <div className={`source-part source-part-${part}`}>
      <label htmlFor={idFor(part)} className="source-label">
        {t(`fields.sources.${part}`)}
      </label>
      <input
        id={idFor(part)}
        type="text"
        className="text-input"
        lang={lang}
        value={source[part]}
        readOnly={readOnly}
        autoComplete="off"
        onChange={(event) => set({ [part]: event.target.value })}
      />
    </div>
  )
  return (
    <li
      className="source"
      data-source={source.id}
      aria-label={t('fields.sources.numbered', { n: index + 1 })}
    >
      <div className="source-grid">
        {text('author')}
        <div className="source-part source-part-year">
          <label htmlFor={idFor('year')} className="source-label">
            {t('fields.sources.year')}
          </label>
          <input
            id={idFor('year')}
            type="text"
            inputMode="numeric"
            className="text-input"
            value={year}
            readOnly={readOnly}
            autoComplete="off"
            aria-invalid={!yearValid || undefined}
            aria-describedby={idFor('year-error')}
            onChange={(event) => {
              const next = event.target.value
              setYear(next)
              if (next.trim() === '') set({ year: null })
              else if (/^-?\d{1,4}$/.test(next.trim())) set({ year: Number(next.trim()) })
            }}
          />
        </div>
        {text('title')}
        {text('publisher')}
        <div className="source-part source-part-url">
          <label htmlFor={idFor('url')} className="source-label">
            {t('fields.sources.url')}
          </label>
          <input
            id={idFor('url')}
            type="url"
            className="text-input"
            value={url}
            readOnly={readOnly}
            autoComplete="off"
            aria-invalid={!urlValid || undefined}
            aria-describedby={idFor('url-error')}
            onChange={(event) => {
              const next = event.target.value
              setUrl(next)
              // Only a web address (or nothing) is stored; the draft stays on screen with what is wrong.
              if (next.trim() === '' || WEB_ADDRESS.test(next.trim())) set({ url: next.trim() })
            }}
          />
        </div>
      </div>
      <p className="field-error" id={idFor('year-error')}>
        {yearValid ? '' : t('fields.sources.yearInvalid')}
      </p>
      <p className="field-error" id={idFor('url-error')}>
        {urlValid ? '' : t('fields.sources.urlInvalid')}
      </p>
      {!readOnly && (
        <button
          type="button"
          className="button button-quiet button-small source-remove"
          onClick={() => onRemove(source.id)}
        >
          <Icon name="close" />
          {t('fields.sources.remove', { n: index + 1 })}
        </button>
      )}
    </li>
  )
})
