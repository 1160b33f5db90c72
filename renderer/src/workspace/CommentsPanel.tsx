import { useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentComment } from '../../../core/api/contract'
import { formatExact } from '../format/time'
import type { FieldPath } from './field-anchors'

interface CommentsPanelProps {
  comments: readonly DocumentComment[]
  labelOf: (path: FieldPath) => string
  readOnly: boolean
  onReveal: (path: FieldPath) => void
  onResolve: (comment: DocumentComment, resolved: boolean) => void
}

/** The open document's comments, open ones first; each leads to its field and can be resolved or reopened. */
export function CommentsPanel({
  comments,
  labelOf,
  readOnly,
  onReveal,
  onResolve,
}: CommentsPanelProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const [showResolved, setShowResolved] = useState(false)
  const open = comments.filter((comment) => !comment.resolved)
  const resolvedCount = comments.length - open.length
  const shown = showResolved ? [...open, ...comments.filter((comment) => comment.resolved)] : open
  return (
    <div className="ws-comments">
      {open.length === 0 && <p className="ws-hint">{t('workspace.comments.empty')}</p>}
      {shown.length > 0 && (
        <ul className="ws-comment-list">
          {shown.map((comment) => {
            const author = comment.author.name || t('workspace.comments.unknownAuthor')
            return (
              <li key={comment.id} className="ws-comment" data-resolved={comment.resolved || undefined}>
                <button
                  type="button"
                  className="ws-comment-field"
                  onClick={() => onReveal(comment.fieldPath)}
                >
                  {labelOf(comment.fieldPath)}
                </button>
                <p className="ws-comment-text">{comment.text}</p>
                <p className="ws-comment-meta">
                  <span>{author}</span>
                  <span aria-hidden="true"> · </span>
                  <time dateTime={comment.createdAt}>{formatExact(comment.createdAt, i18n.language)}</time>
                  {comment.resolved && (
                    <>
                      <span aria-hidden="true"> · </span>
                      <span>{t('workspace.comments.resolvedBadge')}</span>
                    </>
                  )}
                </p>
                {!readOnly && (
                  <button
                    type="button"
                    className="button button-small ws-comment-resolve"
                    onClick={() => onResolve(comment, !comment.resolved)}
                    aria-label={
                      comment.resolved
                        ? t('workspace.comments.reopenOf', { text: comment.text.slice(0, 60) })
                        : t('workspace.comments.resolveOf', { text: comment.text.slice(0, 60) })
                    }
                  >
                    {comment.resolved ? t('workspace.comments.reopen') : t('workspace.comments.resolve')}
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {resolvedCount > 0 && (
        <button
          type="button"
          className="button-link ws-comments-toggle"
          aria-pressed={showResolved}
          onClick={() => setShowResolved((value) => !value)}
        >
          {t('workspace.comments.showResolved', { count: resolvedCount })}
        </button>
      )}
    </div>
  )
}
