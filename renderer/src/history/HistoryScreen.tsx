import { useCallback, useId, useState, type FormEvent, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { VersionInfo } from '../../../core/api/contract'
import { asApiError, call } from '../api/client'
import { backgroundSaves } from '../document/background-saves'
import { useNavigation } from '../app/navigation'
import { formatExact } from '../format/time'
import { Breadcrumbs } from '../ui/Breadcrumbs'
import { Icon } from '../ui/Icon'
import { LoadError } from '../ui/LoadError'
import { useToasts } from '../ui/Toasts'
import { useLoader } from '../ui/use-loader'
import { VersionComparison } from './VersionComparison'

interface HistoryScreenProps {
  projectId: string
  /** The history of one document; the whole project's without it. */
  documentId?: string
}

/**
 * The versions of a project or of one of its documents, newest first: who made each and when, its name, and
 * two ways back — compare any two versions, or restore one (which becomes a new version, so nothing is lost).
 */
export function HistoryScreen({ projectId, documentId }: HistoryScreenProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const { navigate } = useNavigation()
  const { notify, notifyError } = useToasts()
  const fetchProject = useCallback(() => call('projects:get', { projectId }), [projectId])
  const { data: view, error: projectError, reload: reloadProject } = useLoader(fetchProject)
  const fetchHistory = useCallback(async () => {
    // A document just left may still be being saved: its history is listed once that version is in it.
    await backgroundSaves.whenIdle()
    return call('history:list', documentId === undefined ? { projectId } : { projectId, documentId })
  }, [projectId, documentId])
  const { data: history, error: historyError, reload: reloadHistory } = useLoader(fetchHistory)
  const [selected, setSelected] = useState<string[]>([])
  const [comparing, setComparing] = useState<{ from: VersionInfo; to: VersionInfo } | null>(null)
  const [restoring, setRestoring] = useState<string | null>(null)

  const error = projectError ?? historyError
  const shownDocument =
    documentId === undefined ? undefined : view?.documents.find((each) => each.id === documentId)
  const subject = shownDocument?.title ?? view?.project.title ?? ''
  const trail = [
    { label: t('library.heading'), to: { screen: 'library' } as const },
    ...(view ? [{ label: view.project.title, to: { screen: 'project', projectId } as const }] : []),
  ]

  const toggle = (versionId: string, on: boolean) => {
    setComparing(null)
    // Two at most: choosing a third lets go of the one chosen first.
    setSelected((current) =>
      on
        ? [...current.filter((id) => id !== versionId), versionId].slice(-2)
        : current.filter((id) => id !== versionId),
    )
  }

  const compare = () => {
    if (!history) return
    const chosen = history.versions.filter((version) => selected.includes(version.id))
    const [newer, older] = chosen
    if (newer && older) setComparing({ from: older, to: newer })
  }

  const restore = async (version: VersionInfo) => {
    setRestoring(version.id)
    try {
      await call(
        'history:restore',
        documentId === undefined
          ? { projectId, versionId: version.id }
          : { projectId, versionId: version.id, documentId },
      )
      notify({
        tone: 'success',
        title: t('exchange.history.restored', { when: formatExact(version.at, i18n.language) }),
      })
      setSelected([])
      setComparing(null)
      await Promise.all([reloadHistory(), reloadProject()])
    } catch (failure) {
      notifyError(t('exchange.history.restoreFailed'), asApiError(failure))
    } finally {
      setRestoring(null)
    }
  }

  const chooseDocument = (next: string) => {
    navigate(
      next === '' ? { screen: 'history', projectId } : { screen: 'history', projectId, documentId: next },
    )
  }

  return (
    <section
      className="screen history-screen"
      aria-labelledby="history-heading"
      aria-busy={!history && !error}
    >
      <Breadcrumbs trail={trail} />
      <div className="screen-header">
        <div>
          <p className="screen-eyebrow">{t('exchange.history.eyebrow')}</p>
          <h1 id="history-heading" className="screen-title">
            {subject ? t('exchange.history.title', { title: subject }) : t('exchange.history.eyebrow')}
          </h1>
          <p className="screen-subtitle">{t('exchange.history.intro')}</p>
        </div>
      </div>
      {error && (
        <LoadError error={error} onRetry={() => void Promise.all([reloadProject(), reloadHistory()])} />
      )}

      {view && (
        <div className="history-tools">
          <label className="field history-filter">
            <span className="field-label">{t('exchange.history.show')}</span>
            <select
              className="field-input field-select"
              value={documentId ?? ''}
              onChange={(event) => chooseDocument(event.target.value)}
            >
              <option value="">{t('exchange.history.wholeProject')}</option>
              {view.documents.map((each) => (
                <option key={each.id} value={each.id}>
                  {each.title}
                </option>
              ))}
            </select>
          </label>
          {documentId === undefined && !view.readOnly && (
            <NameVersionForm projectId={projectId} onNamed={() => void reloadHistory()} />
          )}
        </div>
      )}

      {history && history.versions.length === 0 && (
        <p className="empty-text">{t('exchange.history.empty')}</p>
      )}
      {history && history.versions.length > 0 && (
        <>
          <div className="history-compare-bar">
            <p>{t('exchange.history.compareHint')}</p>
            <button
              type="button"
              className="button button-primary"
              disabled={selected.length !== 2}
              onClick={compare}
            >
              {t('exchange.history.compare')}
            </button>
          </div>
          <ol className="card-list history-list" aria-label={t('exchange.history.listLabel')}>
            {history.versions.map((version) => (
              <li key={version.id} className="card history-version">
                <label className="history-select">
                  <input
                    type="checkbox"
                    checked={selected.includes(version.id)}
                    onChange={(event) => toggle(version.id, event.target.checked)}
                  />
                  <span className="visually-hidden">
                    {t('exchange.history.select', { when: formatExact(version.at, i18n.language) })}
                  </span>
                </label>
                <div className="card-main">
                  <h2 className="card-title">
                    {version.name ?? t('exchange.history.unnamed')}
                    {version.head && (
                      <span className="badge badge-status-final">{t('exchange.history.current')}</span>
                    )}
                  </h2>
                  <p className="card-meta">
                    {t('exchange.history.madeBy', {
                      author: authorText(version.author) || t('exchange.summary.unknownAuthor'),
                      when: formatExact(version.at, i18n.language),
                    })}
                  </p>
                  {documentId === undefined && (
                    <p className="card-meta">
                      {version.parents.length > 1
                        ? t('exchange.history.mergeVersion')
                        : t('exchange.history.changedDocuments', { count: version.changedDocuments.length })}
                    </p>
                  )}
                </div>
                {!version.head && !view?.readOnly && (
                  <button
                    type="button"
                    className="button button-small"
                    disabled={restoring !== null}
                    aria-busy={restoring === version.id}
                    onClick={() => void restore(version)}
                  >
                    <Icon name="restore" />
                    {t('exchange.history.restore')}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      {comparing && view && (
        <VersionComparison
          projectId={projectId}
          documents={shownDocument ? [shownDocument] : view.documents}
          extraDocumentIds={
            documentId === undefined
              ? [...comparing.from.changedDocuments, ...comparing.to.changedDocuments]
              : []
          }
          from={comparing.from}
          to={comparing.to}
        />
      )}
    </section>
  )
}

function authorText(author: VersionInfo['author']): string {
  return [author.name, author.organisation].filter(Boolean).join(', ')
}

function NameVersionForm({ projectId, onNamed }: { projectId: string; onNamed: () => void }): JSX.Element {
  const { t } = useTranslation()
  const { notify, notifyError } = useToasts()
  const id = useId()
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const trimmed = name.trim()
    if (trimmed === '' || busy) return
    setBusy(true)
    try {
      await call('history:name-version', { projectId, name: trimmed })
      notify({ tone: 'success', title: t('exchange.history.named', { name: trimmed }) })
      setName('')
      onNamed()
    } catch (failure) {
      notifyError(t('exchange.history.nameFailed'), asApiError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="history-name-form" onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {t('exchange.history.nameLabel')}
        </label>
        <input
          id={id}
          className="field-input"
          value={name}
          maxLength={200}
          placeholder={t('exchange.history.namePlaceholder')}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={busy || name.trim() === ''} aria-busy={busy}>
        {t('exchange.history.nameAction')}
      </button>
    </form>
  )
}
