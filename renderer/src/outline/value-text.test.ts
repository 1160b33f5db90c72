import { describe, expect, it } from 'vitest'
import { richTextFromParagraphs } from '../../../core/model/rich-text'
import type { ChoiceField, Vocabulary } from '../../../core/templates/template-schema'
import {
  anyValueText,
  choiceLabel,
  chosenIds,
  formatDate,
  formatNumber,
  isEmptyValue,
  sourceText,
} from './value-text'

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
  it('writes numbers and dates the way the document’s language does, with the unit', () => {
    expect(formatNumber(26000, 'el', 'EUR')).toBe('26.000 EUR')
    expect(formatNumber(1.5, 'en')).toBe('1.5')
    expect(formatDate('2024-11-14', 'ro')).toBe('14 noiembrie 2024')
    expect(formatDate('2021-09-01', 'el')).toBe('1 Σεπτεμβρίου 2021')
    // A date that is not one is shown as written rather than as "Invalid Date".
    expect(formatDate('soon', 'en')).toBe('soon')
  })

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

  it('writes a source as a reference-list line, leaving out what is not known', () => {
    const source = {
      author: 'Arnstein, S. R.',
      title: 'A ladder of citizen participation',
      year: 1969,
      publisher: 'JAIP',
      url: '',
    }
    expect(sourceText(source)).toEqual({
      lead: 'Arnstein, S. R. (1969).',
      title: 'A ladder of citizen participation',
      tail: 'JAIP.',
    })
    expect(sourceText({ ...source, author: '', publisher: ' ' })).toEqual({
      lead: '(1969).',
      title: 'A ladder of citizen participation',
      tail: '',
    })
    expect(sourceText({ ...source, year: null }).lead).toBe('Arnstein, S. R..')
  })

  it('shows a value kept from an older template as text, whatever it holds', () => {
    expect(anyValueText('Old notes')).toBe('Old notes')
    expect(anyValueText(42)).toBe('42')
    expect(anyValueText(richTextFromParagraphs(['One', 'Two']))).toBe('One\n\nTwo')
    expect(anyValueText(['a', 'b'])).toBe('a\nb')
    expect(anyValueText({ rows: [] })).toBe('{\n  "rows": []\n}')
    expect(anyValueText(null)).toBe('')
  })

  it('knows an empty value of every shape', () => {
    for (const empty of [null, undefined, '', '  ', [], {}, { rows: [] }, richTextFromParagraphs([''])])
      expect(isEmptyValue(empty), JSON.stringify(empty)).toBe(true)
    for (const filled of [
      'x',
      0,
      ['x'],
      { a: 1 },
      { rows: [{ id: 'r', cells: {} }] },
      richTextFromParagraphs(['x']),
    ])
      expect(isEmptyValue(filled), JSON.stringify(filled)).toBe(false)
  })
})
