import { describe, expect, it } from 'vitest'
import { field, templateWith } from '../../../core/templates/test-support'
import type { TemplateField } from '../../../core/templates/template-schema'
import { fieldPathLabel } from './field-labels'

const template = templateWith([
  field({ id: 'summary', type: 'richText', label: { en: 'Summary', el: 'Περίληψη' } }),
  field({
    id: 'practices',
    type: 'group',
    label: { en: 'Practices', ro: 'Practici' },
    fields: [field({ id: 'title', type: 'text', label: { en: 'Title', ro: 'Titlu' } })] as TemplateField[],
  } as Partial<TemplateField> & Pick<TemplateField, 'id' | 'type'>),
  field({
    id: 'budget',
    type: 'table',
    label: { en: 'Budget' },
    columns: [{ id: 'amount', label: { en: 'Amount (EUR)' }, type: 'number' }],
  } as Partial<TemplateField> & Pick<TemplateField, 'id' | 'type'>),
])

const property = (name: string) => `property:${name}`

describe('the label of a field path, as a reader calls the place', () => {
  it('names a field in the interface language, falling back to English', () => {
    expect(fieldPathLabel(template, 'summary', 'el', property)).toBe('Περίληψη')
    expect(fieldPathLabel(template, 'summary', 'de', property)).toBe('Summary')
  })

  it('names a member of a group item and a column of a table row, leaving out the ids', () => {
    expect(fieldPathLabel(template, 'practices/item-00000001/title', 'ro', property)).toBe('Practici › Titlu')
    expect(fieldPathLabel(template, 'practices/item-00000001', 'en', property)).toBe('Practices')
    expect(fieldPathLabel(template, 'budget/row-00000001/amount', 'en', property)).toBe(
      'Budget › Amount (EUR)',
    )
  })

  it('names the document’s own properties, and shows an unknown path as it is', () => {
    expect(fieldPathLabel(template, '@title', 'en', property)).toBe('property:title')
    expect(fieldPathLabel(template, '@secret', 'en', property)).toBe('@secret')
    expect(fieldPathLabel(template, 'retired_field', 'en', property)).toBe('retired_field')
    expect(fieldPathLabel(undefined, 'summary', 'en', property)).toBe('summary')
  })

  it('calls the one field of a plain document its text', () => {
    expect(fieldPathLabel(undefined, 'body', 'en', property)).toBe('property:text')
  })
})
