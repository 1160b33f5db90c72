import { useCallback, useEffect, useState } from 'react'
import type { ApiError } from '../../../core/api/contract'
import { asApiError } from '../api/client'

export interface Loader<T> {
  data: T | null
  error: ApiError | null
  /** Fetches again; the previous data stays on screen until the new data arrives. */
  reload: () => Promise<void>
  /** Replaces the data with what a mutation already returned, saving a round trip. */
  set: (data: T) => void
}

/** Loads a screen's data on mount and whenever `fetcher` changes (pass a stable, memoised fetcher). */
export function useLoader<T>(fetcher: () => Promise<T>): Loader<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null }>({ data: null, error: null })

  const reload = useCallback(
    () =>
      fetcher().then(
        (data) => setState({ data, error: null }),
        (error: unknown) => setState((previous) => ({ data: previous.data, error: asApiError(error) })),
      ),
    [fetcher],
  )

  useEffect(() => {
    void reload()
  }, [reload])

  const set = useCallback((data: T) => setState({ data, error: null }), [])
  return { data: state.data, error: state.error, reload, set }
}
