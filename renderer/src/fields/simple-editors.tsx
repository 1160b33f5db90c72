import { memo, useEffect, useRef, useState, type JSX, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { countWords } from '../../../core/model/rich-text'
import { localise } from '../../../core/templates/localise'
import {
  DEFAULT_LIST_ITEM_MAX_LENGTH,
  DEFAULT_TEXT_MAX_LENGTH,
  isCalendarDate,
  type ChoiceField,
  type DateField,
  type ListField,
  type NumberField,
  type TextField,
} from '../../../core/templates/template-schema'
import { choiceLabel, chosenIds } from '../outline/value-text'
import { Icon } from '../ui/Icon'
import type { Update } from './field-store'
import type { FieldIds } from './FieldFrame'
import { useFields } from './fields-context'
import { Picker, type PickerOption } from './Picker'
import { formatEditableNumber, parseNumber } from './number-text'
import { moveBy } from './reorder'
import { useFocusAfterRender } from './use-focus-after-render'
import { WordCount } from './WordCount'

interface EditorProps<F, V> {
  field: F
  value: V
  update: Update<unknown>
  ids: FieldIds
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '')

/** A text is short (one line) when its limits say so; otherwise it grows with what is written. */
export function isShortText(field: TextField): boolean {
  return (field.maxLength ?? DEFAULT_TEXT_MAX_LENGTH) <= 200 || (field.maxWords ?? Infinity) <= 20
}

export const TextInput = memo(function TextInput({
  field,
  value,
  update,
  ids,
}: EditorProps<TextField, unknown>): JSX.Element {
  const { lang, readOnly } = useFields()
  const text = asString(value)
  const short = isShortText(field)
  return (
    <>
      {/* A textarea even for a short text, so a long name wraps instead of scrolling out of sight. */}
      <textarea
        id={ids.inputId}
        className={short ? 'text-input text-input-short' : 'text-input'}
        rows={1}
        value={text}
        lang={lang}
        spellCheck
        readOnly={readOnly}
        autoComplete="off"
        aria-describedby={ids.countId}
        onKeyDown={(event) => {
          // A short text is one line: Enter does not break it.
          if (short && event.key === 'Enter') event.preventDefault()
        }}
        onChange={(event) => {
          const next = short ? event.target.value.replace(/\s*[\r\n]+\s*/g, ' ') : event.target.value
          update(() => next)
        }}
      />
      <div id={ids.countId}>
        <WordCount
          words={countWords(text)}
          min={field.minWords}
          max={field.maxWords}
          characters={text.length}
          maxLength={field.maxLength}
        />
      </div>
    </>
  )
})

/** Keeps what the author typed while it is not (yet) a value the field can store, and says why. */
export function useDraft(stored: string): [string, (draft: string) => void] {
  const [draft, setDraft] = useState(stored)
  const last = useRef(stored)
  useEffect(() => {
    // The value changed from elsewhere (undo, a reload): show it.
    if (stored !== last.current) {
      last.current = stored
      setDraft(stored)
    }
  }, [stored])
  return [draft, setDraft]
}

export const NumberInput = memo(function NumberInput({
  field,
  value,
  update,
  ids,
}: EditorProps<NumberField, unknown>): JSX.Element {
  const { t } = useTranslation()
  const { lang, readOnly } = useFields()
  const [draft, setDraft] = useDraft(formatEditableNumber(value, lang))
  const parsed = parseNumber(draft, lang)
  const unit = field.unit ? localise(field.unit, lang) : undefined
  const range =
    field.min !== undefined && field.max !== undefined
      ? t('fields.number.between', { min: field.min, max: field.max })
      : field.min !== undefined
        ? t('fields.number.atLeast', { min: field.min })
        : field.max !== undefined
          ? t('fields.number.atMost', { max: field.max })
          : ''
  const errorId = `${ids.inputId}-error`
  return (
    <div className="number-field">
      <div className="number-input-row">
        <input
          id={ids.inputId}
          className="text-input number-input"
          type="text"
          inputMode={field.integer ? 'numeric' : 'decimal'}
          value={draft}
          readOnly={readOnly}
          autoComplete="off"
          aria-invalid={parsed === undefined || undefined}
          aria-describedby={errorId}
          onChange={(event) => {
            const text = event.target.value
            setDraft(text)
            const next = parseNumber(text, lang)
            if (next !== undefined) update(() => next)
          }}
        />
        {unit && (
          <span className="number-unit" lang={unit.language}>
            {unit.text}
          </span>
        )}
        {range && <span className="field-hint">{range}</span>}
      </div>
      <p id={errorId} className="field-error">
        {parsed === undefined ? t('fields.number.invalid') : ''}
      </p>
    </div>
  )
})

export const DateInput = memo(function DateInput({
  field,
  value,
  update,
  ids,
}: EditorProps<DateField, unknown>): JSX.Element {
  const { readOnly } = useFields()
  return (
    <input
      id={ids.inputId}
      className="text-input date-input"
      type="date"
      value={asString(value)}
      min={field.min}
      max={field.max}
      readOnly={readOnly}
      onChange={(event) => {
        const text = event.target.value
        // A half-typed date reads as '' in the input: only a whole, real date (or nothing) is stored.
        if (text === '' || isCalendarDate(text)) update(() => (text === '' ? null : text))
      }}
    />
  )
})

export function useChoiceOptions(field: ChoiceField): PickerOption[] {
  const { vocabularies, lang } = useFields()
  const entries =
    field.options ?? (field.vocabulary ? vocabularies.get(field.vocabulary)?.entries : undefined) ?? []
  return entries.map((entry) => {
    const label = localise(entry.label, lang)
    const description = entry.description ? localise(entry.description, lang).text : undefined
    return {
      id: entry.id,
      label: label.text,
      lang: label.language,
      ...(description ? { hint: description } : {}),
    }
  })
}

export const ChoiceInput = memo(function ChoiceInput({
  field,
  value,
  update,
  ids,
}: EditorProps<ChoiceField, unknown>): JSX.Element {
  const { t } = useTranslation()
  const { vocabularies, lang, readOnly } = useFields()
  const options = useChoiceOptions(field)
  const chosen = chosenIds(value)
  const label = (id: string) => choiceLabel(field, id, vocabularies, lang)
  const full = field.multiple && field.maxItems !== undefined && chosen.length >= field.maxItems
  const toggle = (id: string) =>
    update((previous) => {
      if (!field.multiple) return chosenIds(previous)[0] === id ? null : id
      const current = chosenIds(previous)
      if (current.includes(id)) return current.filter((entry) => entry !== id)
      if (field.maxItems !== undefined && current.length >= field.maxItems) return current
      return [...current, id]
    })
  if (!field.multiple) {
    const current = chosen[0]
    return (
      <div className="choice-single">
        <Picker
          options={options}
          selected={chosen}
          multiple={false}
          onToggle={toggle}
          labelledBy={ids.labelId}
          triggerId={ids.inputId}
          disabled={readOnly}
          trigger={
            current ? (
              <span lang={label(current).language}>{label(current).text}</span>
            ) : (
              <span className="cp-placeholder">{t('fields.choice.choose')}</span>
            )
          }
        />
        {current && !readOnly && (
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label={t('fields.choice.clear', { label: label(current).text })}
            onClick={() => update(() => null)}
          >
            <Icon name="close" />
          </button>
        )}
      </div>
    )
  }
  return (
    <div className="choice-multiple" role="group" aria-labelledby={ids.labelId}>
      {chosen.length > 0 && (
        <ul className="chips">
          {chosen.map((id) => (
            <li key={id} className="chip chip-removable">
              <span lang={label(id).language}>{label(id).text}</span>
              {!readOnly && (
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t('fields.choice.remove', { label: label(id).text })}
                  onClick={() => toggle(id)}
                >
                  <Icon name="close" />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Picker
        options={options}
        selected={chosen}
        multiple
        onToggle={toggle}
        labelledBy={ids.labelId}
        triggerId={ids.inputId}
        disabled={readOnly || full}
        trigger={
          <span className="cp-placeholder">
            {full ? t('fields.choice.full', { max: field.maxItems }) : t('fields.choice.add')}
          </span>
        }
      />
    </div>
  )
})

const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []

/**
 * Short entries, one per line: Enter starts the next one, Backspace in an empty one removes it, Alt+Up and
 * Alt+Down move it.
 */
export const ListInput = memo(function ListInput({
  field,
  value,
  update,
  ids,
}: EditorProps<ListField, unknown>): JSX.Element {
  const { t } = useTranslation()
  const { lang, readOnly } = useFields()
  const entries = asStrings(value)
  const list = useRef<HTMLOListElement>(null)
  const focusLater = useFocusAfterRender()
  const focusAt = (index: number) =>
    focusLater(() => list.current?.querySelectorAll<HTMLTextAreaElement>('textarea')[index])
  const maxLength = field.maxLength ?? DEFAULT_LIST_ITEM_MAX_LENGTH
  const full = field.maxItems !== undefined && entries.length >= field.maxItems

  const insertAt = (index: number) => {
    if (full) return
    update((previous) => {
      const next = asStrings(previous)
      next.splice(index, 0, '')
      return next
    })
    focusAt(index)
  }
  const removeAt = (index: number) => {
    update((previous) => asStrings(previous).filter((_, position) => position !== index))
    focusAt(Math.max(0, index - 1))
  }
  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>, index: number) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      insertAt(index + 1)
    } else if (event.key === 'Backspace' && event.currentTarget.value === '' && entries.length > 0) {
      event.preventDefault()
      removeAt(index)
    } else if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault()
      const delta = event.key === 'ArrowUp' ? -1 : 1
      const target = index + delta
      if (target < 0 || target >= entries.length) return
      update((previous) => moveBy(asStrings(previous), index, delta))
      focusAt(target)
    }
  }
  return (
    <div className="list-field" role="group" aria-labelledby={ids.labelId}>
      <ol className="list-entries" ref={list}>
        {entries.map((entry, index) => (
          <li key={index} className="list-entry">
            <textarea
              rows={1}
              className="text-input"
              value={entry}
              lang={lang}
              spellCheck
              readOnly={readOnly}
              autoComplete="off"
              aria-label={t('fields.list.entry', { n: index + 1 })}
              aria-invalid={entry.length > maxLength || undefined}
              onChange={(event) => {
                // One entry is one line: a pasted line break becomes a space.
                const text = event.target.value.replace(/\s*[\r\n]+\s*/g, ' ')
                update((previous) =>
                  asStrings(previous).map((old, position) => (position === index ? text : old)),
                )
              }}
              onKeyDown={(event) => keyDown(event, index)}
            />
            {!readOnly && (
              <button
                type="button"
                className="icon-button icon-button-small"
                aria-label={t('fields.list.remove', { n: index + 1 })}
                onClick={() => removeAt(index)}
              >
                <Icon name="close" />
              </button>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && (
        <button
          type="button"
          className="button button-quiet button-small"
          id={ids.inputId}
          disabled={full}
          onClick={() => insertAt(entries.length)}
        >
          <Icon name="plus" />
          {t('fields.list.add')}
        </button>
      )}
      <p className="field-hint">
        {[
          field.minItems !== undefined ? t('fields.limits.minItems', { count: field.minItems }) : '',
          field.maxItems !== undefined ? t('fields.limits.maxItems', { count: field.maxItems }) : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
    </div>
  )
})
