import { describe, expect, it } from 'vitest'
import { FieldStore } from './field-store'

describe('the field store', () => {
  it('tells only the subscribers of the field that changed, and everyone who watches any change', () => {
    const store = new FieldStore({ title: 'A', budget: 10 })
    const heard: string[] = []
    store.subscribe('title', () => heard.push('title'))
    store.subscribe('budget', () => heard.push('budget'))
    store.subscribeAll(() => heard.push('any'))
    store.update('title', () => 'B')
    expect(heard).toEqual(['title', 'any'])
    expect(store.get('title')).toBe('B')
  })

  it('keeps the values of untouched fields, and ignores an edit that changes nothing', () => {
    const items = [{ id: 'item-0001', values: {} }]
    const store = new FieldStore({ items, title: 'A' })
    const heard: string[] = []
    store.subscribeAll(() => heard.push('any'))
    store.update('title', (previous) => previous)
    store.update('title', () => 'B')
    expect(heard).toEqual(['any'])
    expect(store.peek().items).toBe(items)
  })

  it('writes in what a rich-text editor still holds when a save reads the values, once, without a new change', () => {
    const store = new FieldStore({ summary: 'old' })
    let changes = 0
    store.subscribeAll(() => (changes += 1))
    store.defer(() => store.update('summary', () => 'typed'))
    store.changed()
    expect(changes).toBe(1)
    expect(store.peek().summary).toBe('old')
    expect(store.snapshot().summary).toBe('typed')
    // Writing the deferred value in is not a new edit, or every save would schedule another one.
    expect(changes).toBe(1)
    store.update('summary', () => 'again')
    expect(store.snapshot().summary).toBe('again')
  })

  it('stops telling a subscriber that has left', () => {
    const store = new FieldStore({})
    let heard = 0
    const stop = store.subscribe('title', () => (heard += 1))
    stop()
    store.update('title', () => 'x')
    expect(heard).toBe(0)
  })
})
