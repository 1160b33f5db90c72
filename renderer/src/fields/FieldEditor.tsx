import { memo, useCallback, useMemo, type JSX } from 'react'
import type { RichText } from '../../../core/model/rich-text'
import type { TemplateField } from '../../../core/templates/template-schema'
import type { FieldPath } from '../workspace/field-anchors'
import { useStoredField, type Update } from './field-store'
import { FieldFrame, fieldIds } from './FieldFrame'
import { useFields } from './fields-context'
import { GroupEditor } from './GroupEditor'
import { ImageEditor } from './ImageEditor'
import { MatrixEditor } from './MatrixEditor'
import { ReferenceEditor } from './ReferenceEditor'
import { RichTextInput } from './RichTextInput'
import { ChoiceInput, DateInput, ListInput, NumberInput, TextInput } from './simple-editors'
import { SourcesEditor } from './SourcesEditor'
import { TableEditor } from './TableEditor'

/** Field types edited in one input, which the field's label points at. */
const SINGLE_INPUT: ReadonlySet<TemplateField['type']> = new Set(['text', 'number', 'date'])

/** One field, framed with its label, with the editor of its type. */
export const FieldEditor = memo(function FieldEditor({
  field,
  path,
  value,
  update,
  topLevel,
  headingLevel,
}: {
  field: TemplateField
  path: FieldPath
  value: unknown
  update: Update<unknown>
  topLevel: boolean
  headingLevel?: 3 | 4
}): JSX.Element {
  const ids = useMemo(() => fieldIds(path), [path])
  return (
    <FieldFrame
      field={field}
      path={path}
      topLevel={topLevel}
      {...(headingLevel ? { headingLevel } : {})}
      labelFor={SINGLE_INPUT.has(field.type) ? ids.inputId : undefined}
    >
      <FieldInput field={field} path={path} value={value} update={update} ids={ids} />
    </FieldFrame>
  )
})

function FieldInput({
  field,
  path,
  value,
  update,
  ids,
}: {
  field: TemplateField
  path: FieldPath
  value: unknown
  update: Update<unknown>
  ids: ReturnType<typeof fieldIds>
}): JSX.Element {
  const { lang, readOnly } = useFields()
  const setRichText = useCallback((next: RichText) => update(() => next), [update])
  switch (field.type) {
    case 'text':
      return <TextInput field={field} value={value} update={update} ids={ids} />
    case 'richText':
      return (
        <RichTextInput
          value={value}
          onChange={setRichText}
          labelledBy={ids.labelId}
          lang={lang}
          readOnly={readOnly}
          minWords={field.minWords}
          maxWords={field.maxWords}
        />
      )
    case 'number':
      return <NumberInput field={field} value={value} update={update} ids={ids} />
    case 'date':
      return <DateInput field={field} value={value} update={update} ids={ids} />
    case 'choice':
      return <ChoiceInput field={field} value={value} update={update} ids={ids} />
    case 'list':
      return <ListInput field={field} value={value} update={update} ids={ids} />
    case 'group':
      return <GroupEditor field={field} path={path} value={value} update={update} ids={ids} />
    case 'table':
      return <TableEditor field={field} path={path} value={value} update={update} ids={ids} />
    case 'matrix':
      return <MatrixEditor field={field} value={value} update={update} ids={ids} />
    case 'reference':
      return <ReferenceEditor field={field} value={value} update={update} ids={ids} />
    case 'image':
      return <ImageEditor value={value} update={update} ids={ids} />
    case 'sources':
      return <SourcesEditor field={field} value={value} update={update} ids={ids} />
  }
}

/** A field of a section: it reads and writes its own value in the store, and re-renders only when it changes. */
export const TopField = memo(function TopField({
  field,
  headingLevel,
}: {
  field: TemplateField
  headingLevel: 3 | 4
}): JSX.Element {
  const { store } = useFields()
  const [value, update] = useStoredField(store, field.id)
  return (
    <FieldEditor
      field={field}
      path={field.id}
      value={value}
      update={update}
      topLevel
      headingLevel={headingLevel}
    />
  )
})
