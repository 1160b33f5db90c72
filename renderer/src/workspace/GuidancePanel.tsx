import { useState, type FormEvent, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { LocalisedResult } from '../../../core/templates/localise'
import { Icon } from '../ui/Icon'
import type { FieldPath } from './field-anchors'

/** The field the author is in, as the panel shows it. */
export interface GuidanceSubject {
  path: FieldPath
  /** Its name, with the groups it is in: "Practices › Title". */
  name: string
  /** Absent for a free-text document's body, which no template describes. */
  guidance?: LocalisedResult
  example?: LocalisedResult
}

interface GuidancePanelProps {
  subject: GuidanceSubject | null
  readOnly: boolean
  onComment: (text: string) => Promise<boolean>
}

/** What the field the author is in asks for, with its example, and where a reviewer comments on it. */
export function GuidancePanel({ subject, readOnly, onComment }: GuidancePanelProps): JSX.Element {
  const { t } = useTranslation()
  if (!subject) {
    return (
      <div className="ws-guidance-empty">
        <Icon name="book" />
        <p>{t('workspace.guidance.empty')}</p>
      </div>
    )
  }
  const { guidance, example } = subject
  return (
    <div className="ws-guidance">
      <h3 className="ws-guidance-field">{subject.name}</h3>
      {guidance ? (
        <p className="ws-guidance-text" lang={guidance.language}>
          {guidance.text}
        </p>
      ) : (
        <p className="ws-hint">{t('workspace.guidance.freeText')}</p>
      )}
      {example && (
        <div className="ws-guidance-example">
          <h4 className="ws-guidance-example-title">{t('workspace.guidance.example')}</h4>
          <p lang={example.language}>{example.text}</p>
        </div>
      )}
      {guidance?.fellBack && <p className="ws-hint">{t('workspace.guidance.inEnglish')}</p>}
      {!readOnly && <CommentComposer key={subject.path} onComment={onComment} />}
    </div>
  )
}

function CommentComposer({ onComment }: { onComment: (text: string) => Promise<boolean> }): JSX.Element {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (text.trim() === '' || busy) return
    setBusy(true)
    const added = await onComment(text)
    setBusy(false)
    if (added) setText('')
  }
  return (
    <form className="ws-comment-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor="ws-comment-text" className="ws-label">
        {t('workspace.comments.addLabel')}
      </label>
      <textarea
        id="ws-comment-text"
        className="field-input ws-comment-input"
        rows={3}
        maxLength={5000}
        value={text}
        onChange={(event) => setText(event.target.value)}
        spellCheck
      />
      <button type="submit" className="button button-small" disabled={busy || text.trim() === ''}>
        {t('workspace.comments.add')}
      </button>
    </form>
  )
}
