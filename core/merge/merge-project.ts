import type { HecsosDocument, Project } from '../model'
import { isItemList, sameValue, type ItemWithId } from '../history/values'
import { mergeItems, mergeValue, type FoundConflict } from './merge-values'

/** A project at one point: its manifest and its documents by id. */
export interface ProjectState {
  project: Project
  documents: ReadonlyMap<string, HecsosDocument>
}

export interface DocumentConflicts {
  /** null: the project's own details. */
  documentId: string | null
  conflicts: FoundConflict[]
}

export interface ProjectMerge {
  state: { project: Project; documents: Map<string, HecsosDocument> }
  conflicts: DocumentConflicts[]
}

/** What the author edits in a project manifest; ids, format and dates are not merged as values. */
const PROJECT_FIELDS = ['title', 'acronym', 'programme', 'grantNumber', 'partners', 'languages'] as const
/** A document's own properties, merged as values under `@name`. */
const DOCUMENT_PROPERTIES = ['title', 'language', 'status', 'authors'] as const

/**
 * Three-way merge of two states of a project from their common ancestor (undefined when the histories share
 * none: then every difference is a change on both sides). Pure: the same three states always give the same
 * result, and swapping ours and theirs gives the same content once conflicts are settled the same way.
 */
export function mergeProjectStates(
  base: ProjectState | undefined,
  ours: ProjectState,
  theirs: ProjectState,
): ProjectMerge {
  const conflicts: DocumentConflicts[] = []
  const project = mergeManifest(base?.project, ours.project, theirs.project)
  if (project.conflicts.length > 0) conflicts.push({ documentId: null, conflicts: project.conflicts })

  const documents = new Map<string, HecsosDocument>()
  const ids = [...new Set([...ours.documents.keys(), ...theirs.documents.keys()])].sort()
  for (const id of ids) {
    const b = base?.documents.get(id)
    const o = ours.documents.get(id)
    const t = theirs.documents.get(id)
    const merged = mergeDocumentEntry(b, o, t)
    if (merged.document) documents.set(id, merged.document)
    if (merged.conflicts.length > 0) conflicts.push({ documentId: id, conflicts: merged.conflicts })
  }
  return { state: { project: project.value, documents }, conflicts }
}

function mergeManifest(
  base: Project | undefined,
  ours: Project,
  theirs: Project,
): { value: Project; conflicts: FoundConflict[] } {
  const value: Project = { ...ours, updatedAt: later(ours.updatedAt, theirs.updatedAt) }
  const conflicts: FoundConflict[] = []
  for (const field of PROJECT_FIELDS) {
    const merged = mergeValue(`@${field}`, base?.[field], ours[field], theirs[field])
    ;(value as Record<string, unknown>)[field] = merged.value
    conflicts.push(...merged.conflicts)
  }
  return { value, conflicts }
}

/** One document id: added, deleted or edited on either side. */
function mergeDocumentEntry(
  base: HecsosDocument | undefined,
  ours: HecsosDocument | undefined,
  theirs: HecsosDocument | undefined,
): { document?: HecsosDocument; conflicts: FoundConflict[] } {
  if (sameValue(ours, theirs)) return ours ? { document: ours, conflicts: [] } : { conflicts: [] }
  if (sameValue(base, ours)) return theirs ? { document: theirs, conflicts: [] } : { conflicts: [] }
  if (sameValue(base, theirs)) return ours ? { document: ours, conflicts: [] } : { conflicts: [] }
  if (!ours || !theirs) {
    // Deleted on one side, edited on the other: kept as edited until someone decides.
    const edited = (ours ?? theirs)!
    return {
      document: edited,
      conflicts: [{ path: '', kind: 'deleted-vs-edited', base, ours, theirs }],
    }
  }
  return mergeDocument(base, ours, theirs)
}

export function mergeDocument(
  base: HecsosDocument | undefined,
  ours: HecsosDocument,
  theirs: HecsosDocument,
): { document: HecsosDocument; conflicts: FoundConflict[] } {
  const conflicts: FoundConflict[] = []
  const document: HecsosDocument = {
    ...ours,
    // A newer template version means the document was migrated; its fields are merged below all the same.
    templateVersion: Math.max(ours.templateVersion, theirs.templateVersion),
    updatedAt: later(ours.updatedAt, theirs.updatedAt),
  }
  for (const property of DOCUMENT_PROPERTIES) {
    const merged = mergeValue(`@${property}`, base?.[property], ours[property], theirs[property])
    ;(document as Record<string, unknown>)[property] = merged.value
    conflicts.push(...merged.conflicts)
  }
  const fields = mergeValue('', base?.fields ?? {}, ours.fields, theirs.fields)
  document.fields = (fields.value ?? {}) as HecsosDocument['fields']
  conflicts.push(...fields.conflicts)

  const comments = mergeComments(base?.comments, ours.comments, theirs.comments)
  if (comments.value === undefined) delete document.comments
  else document.comments = comments.value as HecsosDocument['comments']
  conflicts.push(...comments.conflicts)
  return { document, conflicts }
}

/** Comments merge as a union by id: a remark made on either side is never lost by a merge. */
function mergeComments(
  base: unknown,
  ours: unknown,
  theirs: unknown,
): { value: unknown; conflicts: FoundConflict[] } {
  const list = (value: unknown): ItemWithId[] => (isItemList(value) ? value : [])
  if (ours === undefined && theirs === undefined) return { value: undefined, conflicts: [] }
  const merged = mergeItems('@comments', list(base), list(ours), list(theirs), true)
  return merged
}

function later(a: string, b: string): string {
  return a > b ? a : b
}
