import { describe, expect, it } from 'vitest'
import { richTextFromParagraphs } from '../../../core/model/rich-text'
import type { ChoiceField, Vocabulary } from '../../../core/templates/template-schema'
import { anyValueText, choiceLabel, chosenIds } from './value-text'

const countries: Vocabulary = {
  formatVersion: 1,
  id: 'countries',
  title: { en: 'Countries' },
  entries: [
    { id: 'GR', label: { en: 'Greece', el: 'Ελλάδα', ro: 'Grecia' } },
    { id: 'MT', label: { en: 'Malta' } },
  ],
}
const vocabularies = new Map([[countries.id, countries]])

const country: ChoiceField = {
  id: 'country',
  type: 'choice',
  vocabulary: 'countries',
  label: { en: 'Country' },
  guidance: { en: 'Where.' },
}

describe('values in words', () => {
  it('names a chosen entry in the document’s language, says when it fell back, and keeps unknown ids', () => {
    expect(choiceLabel(country, 'GR', vocabularies, 'el')).toMatchObject({ text: 'Ελλάδα', fellBack: false })
    expect(choiceLabel(country, 'MT', vocabularies, 'el')).toMatchObject({ text: 'Malta', fellBack: true })
    expect(choiceLabel(country, 'XX', vocabularies, 'el')).toMatchObject({ text: 'XX', known: false })
    const { vocabulary: _vocabulary, ...rest } = country
    const own: ChoiceField = { ...rest, options: [{ id: 'a', label: { en: 'Ongoing' } }] }
    expect(choiceLabel(own, 'a', new Map(), 'en')).toMatchObject({ text: 'Ongoing', known: true })
  })

  it('reads single and multiple choices alike', () => {
    expect(chosenIds('GR')).toEqual(['GR'])
    expect(chosenIds(['GR', '', 3, 'MT'])).toEqual(['GR', 'MT'])
    expect(chosenIds(null)).toEqual([])
    expect(chosenIds('')).toEqual([])
  })

  it('shows a value kept from an older template as text, whatever it holds', () => {
    expect(anyValueText('Old notes')).toBe('Old notes')
    expect(anyValueText(42)).toBe('42')
    expect(anyValueText(richTextFromParagraphs(['One', 'Two']))).toBe('One\n\nTwo')
    expect(anyValueText(['a', 'b'])).toBe('a\nb')
    expect(anyValueText({ rows: [] })).toBe('{\n  "rows": []\n}')
    expect(anyValueText(null)).toBe('')
  })
})
