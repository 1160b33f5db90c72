import type { VersionAuthor } from '../history/types'

/**
 * The shapes merge answers with, free of any runtime dependency: the API contract (which the renderer loads)
 * imports them from here.
 */

/** One side of a conflict: what it holds (absent: deleted there) and who wrote it when. */
export interface ConflictSide {
  value?: unknown
  author: VersionAuthor
  at: string
}

/**
 * A change both sides made differently, left for a person to decide. Until then the project stays usable:
 * a short value keeps the local side's value, rich text shows both sides' paragraphs one after the other, and a
 * document deleted on one side and edited on the other is kept, as edited.
 */
export interface MergeConflict {
  /** Stable: the same conflict found again has the same id. */
  id: string
  /** The document, or null for the project's own details (title, partners…). */
  documentId: string | null
  /** The document's (or project's) title, to show where the conflict is. */
  title: string
  /**
   * The field path, as comments name fields: `summary`, `practices/<itemId>/title`; `@title`, `@status`… for a
   * document's own properties; '' for the whole document (kind 'deleted-vs-edited').
   */
  path: string
  /**
   * 'value': a short value (or item) both changed; 'paragraphs': both changed the same paragraphs of a rich-text
   * field (values are lists of Lexical block nodes); 'deleted-vs-edited': one side deleted what the other edited.
   */
  kind: 'value' | 'paragraphs' | 'deleted-vs-edited'
  /** The common ancestor's value; absent when it did not exist there. */
  base?: unknown
  /** The local project's side. */
  ours: ConflictSide
  /** The received package's side. */
  theirs: ConflictSide
}

/** How a conflict is settled: one side, both (rich text, lists and text joined), or a value the user wrote. */
export type ConflictChoice = 'mine' | 'theirs' | 'both' | 'edited'

export interface MergeSummary {
  projectId: string
  /**
   * 'merged': a new version with both heads as parents; 'fast-forward': only the package had changes, its state
   * was taken; 'up-to-date': the package holds nothing this project does not already have (nothing changed).
   */
  outcome: 'merged' | 'fast-forward' | 'up-to-date'
  /** The version the project is at after the merge. */
  versionId: string
  /** The common ancestor the merge started from; null when the two histories share none. */
  baseVersionId: string | null
  documentsAdded: string[]
  documentsChanged: string[]
  documentsRemoved: string[]
  assetsAdded: number
  /** Conflicts this merge found (all conflicts still open: conflicts:list). */
  conflicts: MergeConflict[]
  /** Who packed the merged package, and when. */
  from: { madeBy: string; madeAt: string }
}

export interface ConflictList {
  conflicts: MergeConflict[]
}

export interface ConflictResolution {
  /** Conflicts still open after this one. */
  remaining: number
  /** The version written when the last conflict was resolved. */
  versionId?: string
}
