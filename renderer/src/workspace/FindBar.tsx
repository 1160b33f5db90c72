import { useEffect, useRef, useState, type JSX, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Icon } from '../ui/Icon'
import { clearMatches, findOnPage, revealMatch, showMatches, type PageMatch } from './text-find'

interface FindBarProps {
  /** The part of the page searched: the open document. */
  scope: () => Element | null
  /** Bumped each time the user asks for find again (Ctrl+F, the menu), to bring focus back to the box. */
  request: number
  onClose: () => void
}

/** Find within the open document: every match marked, Enter and Shift+Enter step through them. */
export function FindBar({ scope, request, onClose }: FindBarProps): JSX.Element {
  const { t } = useTranslation()
  const input = useRef<HTMLInputElement>(null)
  const [query, setQuery] = useState('')
  const [matches, setMatches] = useState<PageMatch[]>([])
  const [index, setIndex] = useState(0)

  useEffect(() => {
    input.current?.focus()
    input.current?.select()
  }, [request])

  const search = (next: string) => {
    setQuery(next)
    const root = scope()
    const found = root && next.trim() !== '' ? findOnPage(root, next) : []
    setMatches(found)
    setIndex(0)
    showMatches(found, found[0] ?? null)
    if (found[0]) revealMatch(found[0], { focusInput: false })
  }

  useEffect(() => clearMatches, [])

  const step = (by: number) => {
    if (matches.length === 0) return
    const next = (index + by + matches.length) % matches.length
    setIndex(next)
    showMatches(matches, matches[next]!)
    revealMatch(matches[next]!, { focusInput: false })
  }

  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      step(event.shiftKey ? -1 : 1)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      onClose()
    }
  }

  return (
    <div className="ws-findbar" role="search" aria-label={t('workspace.findInDocument.region')}>
      <label htmlFor="ws-findbar-input" className="visually-hidden">
        {t('workspace.findInDocument.label')}
      </label>
      <input
        ref={input}
        id="ws-findbar-input"
        type="search"
        className="field-input ws-findbar-input"
        value={query}
        placeholder={t('workspace.findInDocument.placeholder')}
        onChange={(event) => search(event.target.value)}
        onKeyDown={keyDown}
        autoComplete="off"
        spellCheck={false}
      />
      <span className="ws-findbar-count" role="status">
        {query.trim() === ''
          ? ''
          : matches.length === 0
            ? t('workspace.findInDocument.none')
            : t('workspace.findInDocument.position', { current: index + 1, total: matches.length })}
      </span>
      <button
        type="button"
        className="icon-button icon-button-small"
        onClick={() => step(-1)}
        disabled={matches.length === 0}
        aria-label={t('workspace.findInDocument.previous')}
      >
        <Icon name="back" />
      </button>
      <button
        type="button"
        className="icon-button icon-button-small"
        onClick={() => step(1)}
        disabled={matches.length === 0}
        aria-label={t('workspace.findInDocument.next')}
      >
        <Icon name="chevron" />
      </button>
      <button
        type="button"
        className="icon-button icon-button-small"
        onClick={onClose}
        aria-label={t('workspace.findInDocument.close')}
      >
        <Icon name="close" />
      </button>
    </div>
  )
}
