import { documentContentOf, type DocumentComment } from '../model'
import { StoreError } from '../store/library-store'
import type { CommentsUpdate } from './contract'
import type { HandlerDeps } from './handlers'

/**
 * Comments have channels of their own rather than riding on the editor's autosave: a reviewer's comment is a
 * small change read and written inside the store's queue against the document as it is on disk, so it can
 * never carry an older copy of the text over the author's latest save, and the editor's saves (which leave
 * `comments` out) keep whatever comments are stored.
 */
type CommentDeps = Pick<HandlerDeps, 'store' | 'newId' | 'clock'>

export async function addComment(
  deps: CommentDeps,
  input: { projectId: string; documentId: string; fieldPath: string; text: string },
): Promise<CommentsUpdate> {
  const profile = await deps.store.getAuthorProfile()
  return changeComments(deps, input.projectId, input.documentId, (comments) => [
    ...comments,
    {
      id: deps.newId(),
      fieldPath: input.fieldPath,
      author: { name: profile.name, organisation: profile.organisation },
      createdAt: deps.clock().toISOString(),
      text: input.text,
      resolved: false,
    },
  ])
}

export async function resolveComment(
  deps: CommentDeps,
  input: { projectId: string; documentId: string; commentId: string; resolved: boolean },
): Promise<CommentsUpdate> {
  return changeComments(deps, input.projectId, input.documentId, (comments) => {
    if (!comments.some((comment) => comment.id === input.commentId))
      throw new StoreError(
        'not-found',
        'This comment is no longer on the document; it may have been removed.',
      )
    return comments.map((comment) => {
      if (comment.id !== input.commentId) return comment
      const { resolvedAt: _previous, ...open } = comment
      return input.resolved
        ? { ...open, resolved: true, resolvedAt: deps.clock().toISOString() }
        : { ...open, resolved: false }
    })
  })
}

async function changeComments(
  deps: CommentDeps,
  projectId: string,
  documentId: string,
  change: (comments: DocumentComment[]) => DocumentComment[],
): Promise<CommentsUpdate> {
  const { document, revision } = await deps.store.getDocument(projectId, documentId)
  const comments = change(document.comments ?? [])
  const saved = await deps.store.saveDocument(
    projectId,
    documentId,
    documentContentOf(document, { comments }),
    revision,
  )
  return { comments: saved.document.comments ?? [], revision: saved.revision }
}
