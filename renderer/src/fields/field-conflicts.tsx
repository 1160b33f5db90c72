import { createContext, useContext, useEffect, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { MergeConflict } from '../../../core/api/contract'
import { invoke } from '../api/client'
import { RouteLink } from '../app/navigation'
import { conflictValueText } from '../exchange/conflict-text'
import { formatExact } from '../format/time'
import { Icon } from '../ui/Icon'
import type { FieldPath } from '../workspace/field-anchors'
import { useFields } from './fields-context'

/**
 * Open merge conflicts of the document on screen, by field path. Until someone settles a conflict the field
 * holds this library's value; the notice under it shows the partner's, so both versions are in view where the
 * author writes, and nothing a partner wrote is hidden.
 */
export const FieldConflictsContext = createContext<ReadonlyMap<FieldPath, MergeConflict>>(new Map())

export function useDocumentConflicts(
  projectId: string,
  documentId: string,
): ReadonlyMap<FieldPath, MergeConflict> {
  const [conflicts, setConflicts] = useState<ReadonlyMap<FieldPath, MergeConflict>>(() => new Map())
  useEffect(() => {
    let current = true
    void invoke('conflicts:list', { projectId }).then((result) => {
      // Without the list the editor works as before; the project screen still says conflicts are open.
      if (!current || !result.ok) return
      const mine = result.data.conflicts.filter(
        (conflict) => conflict.documentId === documentId && conflict.path !== '',
      )
      if (mine.length > 0) setConflicts(new Map(mine.map((conflict) => [conflict.path, conflict])))
    })
    return () => {
      current = false
    }
  }, [projectId, documentId])
  return conflicts
}

export function FieldConflictNotice({ path }: { path: FieldPath }): JSX.Element | null {
  const { t, i18n } = useTranslation()
  const { projectId } = useFields()
  const conflict = useContext(FieldConflictsContext).get(path)
  if (!conflict) return null
  const { theirs } = conflict
  const theirText = conflictValueText(conflict, theirs.value)
  return (
    <div className="sf-conflict" role="note">
      <Icon name="warning" />
      <div className="sf-conflict-body">
        <p className="sf-conflict-title">
          {t('fields.conflict.title', {
            author: theirs.author.name || t('fields.conflict.unknownAuthor'),
            date: formatExact(theirs.at, i18n.language),
          })}
        </p>
        {theirs.value === undefined ? (
          <p>{t('fields.conflict.deleted')}</p>
        ) : (
          <blockquote className="sf-conflict-theirs">{theirText || t('fields.conflict.empty')}</blockquote>
        )}
        <RouteLink to={{ screen: 'conflicts', projectId }}>{t('fields.conflict.settle')}</RouteLink>
      </div>
    </div>
  )
}
