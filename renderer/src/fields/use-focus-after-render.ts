import { useCallback, useLayoutEffect, useRef } from 'react'

type Finder = () => HTMLElement | null | undefined

/**
 * Puts the caret somewhere once the edit that asked for it is on screen: the first input of an item just
 * added, the handle of an item just moved (moving an element in the DOM takes the focus away from it).
 */
export function useFocusAfterRender(): (find: Finder) => void {
  const pending = useRef<Finder | null>(null)
  useLayoutEffect(() => {
    const find = pending.current
    if (!find) return
    pending.current = null
    find()?.focus()
  })
  return useCallback((find: Finder) => {
    pending.current = find
  }, [])
}
