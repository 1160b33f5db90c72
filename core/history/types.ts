/**
 * The shapes history answers with, free of any runtime dependency: the API contract (which the renderer loads)
 * imports them from here.
 */

/** Who made a version: the name and organisation of the installation's author profile (may be empty). */
export interface VersionAuthor {
  name: string
  organisation: string
}

/** One version as the history view lists it. */
export interface VersionInfo {
  id: string
  parents: string[]
  author: VersionAuthor
  at: string
  name?: string
  /** Documents the version holds. */
  documentCount: number
  /** Documents added, changed or removed since its first parent (all of them for the first version). */
  changedDocuments: string[]
  /** True for the version the project is at now. */
  head: boolean
}

export interface HistoryList {
  head: string | null
  /** Newest first. For one document: only the versions in which that document changed. */
  versions: VersionInfo[]
}

/**
 * Two versions of a document side by side, field by field, as the comparison view shows them. Paths name a
 * field as comments do (`summary`, `practices/<itemId>/title`); the document's own properties start with `@`
 * (`@title`, `@status`, `@language`, `@authors`, `@comments`) so they can never be mistaken for a field.
 */
export interface DocumentComparison {
  /** Whether the document was added or removed between the two versions, changed, or is the same. */
  status: 'added' | 'removed' | 'changed' | 'unchanged'
  changes: FieldChange[]
}

export interface FieldChange {
  path: string
  change: 'added' | 'removed' | 'changed' | 'reordered'
  before?: unknown
  after?: unknown
  /** For rich text: the paragraphs, in order, each the same, added, removed or changed word by word. */
  paragraphs?: ParagraphChange[]
}

export interface ParagraphChange {
  change: 'same' | 'added' | 'removed' | 'changed'
  before?: string
  after?: string
  /** For a changed paragraph: its words, each kept, added or removed. */
  words?: WordChange[]
}

export interface WordChange {
  change: 'same' | 'added' | 'removed'
  text: string
}
