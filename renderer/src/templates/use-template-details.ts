import { useEffect, useState } from 'react'
import { templateDetails, type TemplateDetails } from '../api/template-details'

/**
 * The details of several templates, filled in as they arrive. Templates that fail to load are simply absent:
 * every caller has a plainer way to show what it would have used them for.
 */
export function useTemplateDetailsMap(templateIds: readonly string[]): ReadonlyMap<string, TemplateDetails> {
  const [loaded, setLoaded] = useState<ReadonlyMap<string, TemplateDetails>>(new Map())
  // A stable key, so a new array with the same ids (every render) does not start the requests again.
  const key = [...new Set(templateIds)].sort().join(' ')

  useEffect(() => {
    let current = true
    const ids = key === '' ? [] : key.split(' ')
    for (const id of ids) {
      templateDetails(id).then(
        (details) => {
          if (current) setLoaded((previous) => new Map(previous).set(id, details))
        },
        () => undefined,
      )
    }
    return () => {
      current = false
    }
  }, [key])

  return loaded
}
