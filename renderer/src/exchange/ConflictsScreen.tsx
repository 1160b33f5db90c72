import { useCallback, useId, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { ChannelInput, ConflictChoice, MergeConflict } from '../../../core/api/contract'
import { richTextFromParagraphs } from '../../../core/model/rich-text'
import { asApiError, call } from '../api/client'
import { useNavigation } from '../app/navigation'
import { formatExact } from '../format/time'
import { fieldPathLabel, structuredTemplateIds } from '../history/field-labels'
import { useTemplateDetailsMap } from '../templates/use-template-details'
import { Breadcrumbs } from '../ui/Breadcrumbs'
import { Icon } from '../ui/Icon'
import { LoadError } from '../ui/LoadError'
import { useToasts } from '../ui/Toasts'
import { useLoader } from '../ui/use-loader'
import { conflictValueText } from './conflict-text'
import { revealFieldWhenShown } from './reveal-field'

/** What the user wrote to settle a conflict: text for a short value, rich text for paragraphs. */
type EditedValue = NonNullable<ChannelInput<'conflicts:resolve'>['value']>

/**
 * What a merge left for a person to decide, both versions side by side with who wrote them. The project stays
 * usable meanwhile: each conflict links to its field, where the merge left both versions.
 */
export function ConflictsScreen({ projectId }: { projectId: string }): JSX.Element {
  const { t, i18n } = useTranslation()
  const { notify, notifyError } = useToasts()
  const fetchProject = useCallback(() => call('projects:get', { projectId }), [projectId])
  const { data: view, error: projectError, reload: reloadProject } = useLoader(fetchProject)
  const fetchConflicts = useCallback(() => call('conflicts:list', { projectId }), [projectId])
  const { data: list, error: listError, reload: reloadConflicts, set: setList } = useLoader(fetchConflicts)
  const templates = useTemplateDetailsMap(structuredTemplateIds(view?.documents ?? []))
  const [busy, setBusy] = useState<string | null>(null)

  const error = projectError ?? listError
  const conflicts = list?.conflicts ?? []

  const resolve = async (conflict: MergeConflict, choice: ConflictChoice, edited?: EditedValue) => {
    setBusy(conflict.id)
    try {
      const { remaining } = await call('conflicts:resolve', {
        projectId,
        conflictId: conflict.id,
        choice,
        ...(edited === undefined ? {} : { value: edited }),
      })
      setList({ conflicts: conflicts.filter((each) => each.id !== conflict.id) })
      if (remaining === 0) notify({ tone: 'success', title: t('exchange.conflicts.allSettled') })
      await reloadConflicts()
      return true
    } catch (failure) {
      notifyError(t('exchange.conflicts.resolveFailed'), asApiError(failure))
      return false
    } finally {
      setBusy(null)
    }
  }

  const trail = [
    { label: t('library.heading'), to: { screen: 'library' } as const },
    ...(view ? [{ label: view.project.title, to: { screen: 'project', projectId } as const }] : []),
  ]

  return (
    <section
      className="screen conflicts-screen"
      aria-labelledby="conflicts-heading"
      aria-busy={!list && !error}
    >
      <Breadcrumbs trail={trail} />
      <div className="screen-header">
        <div>
          <p className="screen-eyebrow">{view?.project.title}</p>
          <h1 id="conflicts-heading" className="screen-title">
            {t('exchange.conflicts.title')}
          </h1>
          <p className="screen-subtitle">{t('exchange.conflicts.intro')}</p>
        </div>
      </div>
      {error && (
        <LoadError error={error} onRetry={() => void Promise.all([reloadProject(), reloadConflicts()])} />
      )}
      {list && (
        <p className="conflicts-remaining" role="status">
          {conflicts.length === 0
            ? t('exchange.conflicts.none')
            : t('exchange.conflicts.remaining', { count: conflicts.length })}
        </p>
      )}
      <ol className="conflict-list" aria-label={t('exchange.conflicts.listLabel')}>
        {conflicts.map((conflict) => {
          const document = view?.documents.find((each) => each.id === conflict.documentId)
          const label =
            conflict.path === ''
              ? t('exchange.conflicts.wholeDocument')
              : fieldPathLabel(
                  document ? templates.get(document.templateId)?.template : undefined,
                  conflict.path,
                  i18n.language,
                  (property) => t(`exchange.property.${property}`),
                )
          return (
            <li key={conflict.id}>
              <ConflictCard
                projectId={projectId}
                conflict={conflict}
                label={label}
                language={document?.language}
                busy={busy === conflict.id}
                onResolve={(choice, edited) => resolve(conflict, choice, edited)}
              />
            </li>
          )
        })}
      </ol>
    </section>
  )
}

function ConflictCard({
  projectId,
  conflict,
  label,
  language,
  busy,
  onResolve,
}: {
  projectId: string
  conflict: MergeConflict
  label: string
  /** The document's language, so the text is read and spell-checked in it. */
  language: string | undefined
  busy: boolean
  onResolve(choice: ConflictChoice, edited?: EditedValue): Promise<boolean>
}): JSX.Element {
  const { t, i18n } = useTranslation()
  const { navigate } = useNavigation()
  const headingId = useId()
  const [editing, setEditing] = useState<string | null>(null)
  const editable =
    conflict.kind === 'paragraphs' || typeof (conflict.ours.value ?? conflict.theirs.value) === 'string'
  const canKeepBoth =
    conflict.kind === 'paragraphs' || bothCanBeKept(conflict.ours.value, conflict.theirs.value)

  const side = (which: 'ours' | 'theirs') => {
    const { author, at, value } = conflict[which]
    return (
      <div className={`conflict-side conflict-side-${which}`}>
        <p className="conflict-side-heading">
          {t(which === 'ours' ? 'exchange.conflicts.mine' : 'exchange.conflicts.theirs')}
        </p>
        <p className="card-meta">
          {t('exchange.history.madeBy', {
            author: author.name || t('exchange.summary.unknownAuthor'),
            when: formatExact(at, i18n.language),
          })}
        </p>
        <div className="conflict-value" lang={language}>
          {value === undefined ? (
            <p className="conflict-deleted">{t('exchange.conflicts.deleted')}</p>
          ) : (
            conflictValueText(conflict, value)
              .split('\n\n')
              .map((paragraph, index) => <p key={index}>{paragraph}</p>)
          )}
        </div>
      </div>
    )
  }

  const showInDocument = () => {
    if (conflict.documentId === null) return
    navigate({ screen: 'document', projectId, documentId: conflict.documentId })
    // The document's own properties (@title…) have no field on the page; the document itself is the place.
    if (!conflict.path.startsWith('@')) revealFieldWhenShown(conflict.path)
  }

  const saveEdit = async () => {
    if (editing === null) return
    // Rich text is JSON; its node type is open-ended (any Lexical property), so TypeScript cannot see that.
    const edited =
      conflict.kind === 'paragraphs'
        ? (richTextFromParagraphs(editing.split(/\n\s*\n/)) as unknown as EditedValue)
        : editing
    if (await onResolve('edited', edited)) setEditing(null)
  }

  return (
    <article className="card conflict-card" aria-labelledby={headingId} aria-busy={busy}>
      <header className="conflict-header">
        <h2 id={headingId} className="card-title">
          {conflict.title} › {label}
        </h2>
        {conflict.documentId !== null && conflict.path !== '' && (
          <button type="button" className="button button-small button-quiet" onClick={showInDocument}>
            {t('exchange.conflicts.showInDocument')}
          </button>
        )}
      </header>
      <div className="conflict-sides">
        {side('ours')}
        {side('theirs')}
      </div>
      {editing !== null ? (
        <div className="conflict-edit">
          <label className="field">
            <span className="field-label">{t('exchange.conflicts.editLabel')}</span>
            <textarea
              className="field-input conflict-textarea"
              lang={language}
              value={editing}
              rows={6}
              onChange={(event) => setEditing(event.target.value)}
            />
          </label>
          <div className="conflict-actions">
            <button type="button" className="button button-quiet" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void saveEdit()}
            >
              {t('exchange.conflicts.saveEdit')}
            </button>
          </div>
        </div>
      ) : (
        <div className="conflict-actions" role="group" aria-label={t('exchange.conflicts.choose')}>
          <button type="button" className="button" disabled={busy} onClick={() => void onResolve('mine')}>
            <Icon name="check" />
            {t('exchange.conflicts.keepMine')}
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => void onResolve('theirs')}>
            <Icon name="check" />
            {t('exchange.conflicts.keepTheirs')}
          </button>
          {canKeepBoth && (
            <button type="button" className="button" disabled={busy} onClick={() => void onResolve('both')}>
              {t('exchange.conflicts.keepBoth')}
            </button>
          )}
          {editable && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                setEditing(conflictValueText(conflict, conflict.ours.value ?? conflict.theirs.value))
              }
            >
              {t('exchange.conflicts.edit')}
            </button>
          )}
        </div>
      )}
    </article>
  )
}

/** Texts and lists can be joined; two different numbers, dates or choices cannot both stand. */
function bothCanBeKept(ours: unknown, theirs: unknown): boolean {
  if (ours === undefined || theirs === undefined) return false
  return (
    (typeof ours === 'string' && typeof theirs === 'string') || (Array.isArray(ours) && Array.isArray(theirs))
  )
}
