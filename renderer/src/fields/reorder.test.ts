import { describe, expect, it } from 'vitest'
import { formatEditableNumber, parseNumber } from './number-text'
import { insertAt, moveBy, moveTo } from './reorder'

const items = ['a', 'b', 'c', 'd'].map((id) => ({ id }))
const ids = (list: Array<{ id: string }>) => list.map((item) => item.id).join('')

describe('moving items', () => {
  it('moves one place up or down, and leaves the list alone at either end', () => {
    expect(ids(moveBy(items, 1, -1))).toBe('bacd')
    expect(ids(moveBy(items, 1, 1))).toBe('acbd')
    expect(ids(moveBy(items, 0, -1))).toBe('abcd')
    expect(ids(moveBy(items, 3, 1))).toBe('abcd')
  })

  it('drops an item before the one it was dropped on, whichever way it was dragged', () => {
    expect(ids(moveTo(items, 'a', 3))).toBe('bcad')
    expect(ids(moveTo(items, 'a', 4))).toBe('bcda')
    expect(ids(moveTo(items, 'd', 0))).toBe('dabc')
    expect(ids(moveTo(items, 'x', 0))).toBe('abcd')
  })

  it('puts a removed item back where it was, or at the end when the list is shorter now', () => {
    expect(ids(insertAt(items, 2, { id: 'x' }))).toBe('abxcd')
    expect(ids(insertAt(items, 9, { id: 'x' }))).toBe('abcdx')
  })
})

describe('numbers as authors type them', () => {
  it('reads the decimal separator of the language, and says when the text is not a number yet', () => {
    expect(parseNumber('12500.5', 'en')).toBe(12500.5)
    expect(parseNumber('12,500.5', 'en')).toBe(12500.5)
    expect(parseNumber('12.500,5', 'de')).toBe(12500.5)
    expect(parseNumber('3,5', 'el')).toBe(3.5)
    expect(parseNumber(' ', 'en')).toBeNull()
    expect(parseNumber('3,', 'it')).toBeUndefined()
    expect(parseNumber('abc', 'en')).toBeUndefined()
    expect(parseNumber('-4', 'ro')).toBe(-4)
  })

  it('shows a stored number the way it is typed back, without grouping', () => {
    expect(formatEditableNumber(12500.5, 'de')).toBe('12500,5')
    expect(formatEditableNumber(12500.5, 'en')).toBe('12500.5')
    expect(formatEditableNumber(null, 'en')).toBe('')
  })
})
