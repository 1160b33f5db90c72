import { useEffect, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { SearchHit, SearchResults } from '../../../core/api/contract'
import { isPartnerLanguage } from '../../../core/model/languages'
import { asApiError, call } from '../api/client'

/** Long enough to wait for the next key, short enough to feel immediate. */
const SEARCH_DELAY_MS = 250

interface FindPanelProps {
  projectId: string
  query: string
  onQueryChange: (query: string) => void
  onOpen: (hit: SearchHit) => void
  /** Saves pending edits first, so that what was just typed is found. */
  settle: () => Promise<boolean>
}

/** Find across the project: titles, field labels and everything written, with the match shown in context. */
export function FindPanel({ projectId, query, onQueryChange, onOpen, settle }: FindPanelProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const [results, setResults] = useState<SearchResults | null>(null)
  const [error, setError] = useState<string | null>(null)

  const searchable = query.trim().length >= 2

  useEffect(() => {
    if (!searchable) return
    let cancelled = false
    const timer = window.setTimeout(() => {
      void (async () => {
        await settle()
        const language = isPartnerLanguage(i18n.language) ? i18n.language : 'en'
        try {
          const found = await call('projects:search', { projectId, query, language })
          if (!cancelled) {
            setResults(found)
            setError(null)
          }
        } catch (failure) {
          if (!cancelled) setError(asApiError(failure).message)
        }
      })()
    }, SEARCH_DELAY_MS)
    return () => {
      cancelled = true
      window.clearTimeout(timer)
    }
  }, [searchable, query, projectId, i18n.language, settle])
  const shown = searchable ? results : null

  const byDocument = new Map<string, SearchHit[]>()
  for (const hit of shown?.hits ?? []) {
    const list = byDocument.get(hit.documentId) ?? []
    list.push(hit)
    byDocument.set(hit.documentId, list)
  }

  return (
    <div className="ws-find">
      <div role="search" className="ws-find-box">
        <label htmlFor="ws-find-input" className="visually-hidden">
          {t('workspace.find.label')}
        </label>
        <input
          id="ws-find-input"
          type="search"
          className="field-input ws-find-input"
          placeholder={t('workspace.find.placeholder')}
          value={query}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => onQueryChange(event.target.value)}
          aria-describedby="ws-find-status"
        />
      </div>
      <p id="ws-find-status" className="ws-hint" role="status">
        {searchable && error
          ? t('workspace.find.failed', { message: error })
          : shown
            ? shown.hits.length === 0
              ? t('workspace.find.none', { query: shown.query })
              : shown.truncated
                ? t('workspace.find.truncated', { count: shown.hits.length })
                : t('workspace.find.count', { count: shown.hits.length })
            : ''}
      </p>
      {byDocument.size > 0 && (
        <div className="ws-find-results">
          {[...byDocument.values()].map((hits) => (
            <section key={hits[0]!.documentId} className="ws-find-group" aria-label={hits[0]!.documentTitle}>
              <h3 className="ws-find-document">{hits[0]!.documentTitle}</h3>
              <ul className="ws-find-list">
                {hits.map((hit, index) => (
                  <li key={`${hit.fieldPath ?? 'title'}-${hit.kind}-${hit.occurrence}-${index}`}>
                    <button type="button" className="ws-find-hit" onClick={() => onOpen(hit)}>
                      <span className="ws-find-where">
                        {hit.kind === 'title'
                          ? t('workspace.find.inTitle')
                          : hit.kind === 'label'
                            ? t('workspace.find.inLabel', { label: hit.fieldLabel })
                            : hit.fieldLabel}
                      </span>
                      <span className="ws-find-snippet">
                        {hit.snippet.slice(0, hit.match.start)}
                        <mark>{hit.snippet.slice(hit.match.start, hit.match.end)}</mark>
                        {hit.snippet.slice(hit.match.end)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  )
}
