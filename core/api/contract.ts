import { z } from 'zod'
import {
  AuthorProfileSchema,
  CommentFieldPathSchema,
  CommentTextSchema,
  PARTNER_LANGUAGES,
  DocumentContentSchema,
  DocumentTitleSchema,
  HOUSE_STYLE_IDS,
  IdSchema,
  NewDocumentSchema,
  NewProjectSchema,
  ProjectPatchSchema,
  ProjectTitleSchema,
  type AuthorProfile,
  type HecsosDocument,
  type PartnerLanguage,
} from '../model'
import type {
  BackupInfo,
  DocumentTrashEntry,
  ProjectSummary,
  ProjectView,
  StoredDocument,
  StoreErrorCode,
  TrashEntry,
} from '../store/library-store'
import type { AssetContent, AssetInfo } from '../store/project-assets'
import type {
  Completeness,
  ConsistencyIssue,
  Template,
  TemplateProblem,
  TemplateSummary,
  Vocabulary,
} from '../templates'
import type { PackageSummary } from '../package'
import type { DocumentComparison, HistoryList, VersionInfo } from '../history/types'
import type { ConflictList, ConflictResolution, MergeSummary } from '../merge/types'
/** History and merge answers (core/history/types.ts, core/merge/types.ts), for the history and merge screens. */
export type {
  DocumentComparison,
  FieldChange,
  HistoryList,
  ParagraphChange,
  VersionAuthor,
  VersionInfo,
  WordChange,
} from '../history/types'
export type {
  ConflictChoice,
  ConflictList,
  ConflictResolution,
  ConflictSide,
  MergeConflict,
  MergeSummary,
} from '../merge/types'
import type { DocumentComment } from '../model'
import type { SearchResults } from '../search/search'
export type { SearchHit, SearchResults } from '../search/search'
export type { DocumentComment } from '../model'

/** A document's comments after a change, and its revision then: the editor bases its next save on it. */
export interface CommentsUpdate {
  comments: DocumentComment[]
  revision: string
}

/** The store's answer types are part of the contract: faces import them from here, never from core/store. */
export type {
  BackupInfo,
  DamageReport,
  DocumentSummary,
  DocumentTrashEntry,
  LockOwner,
  ProjectSummary,
  ProjectView,
  StoredDocument,
  TrashEntry,
} from '../store/library-store'
/** Images are PNG or JPEG (what PDF and DOCX embed), typed from their bytes; the renderer converts others to PNG. */
export type { AssetContent, AssetInfo, AssetMediaType } from '../store/project-assets'
export type {
  Completeness,
  ConsistencyIssue,
  Template,
  TemplateProblem,
  TemplateSummary,
  Vocabulary,
} from '../templates'

/**
 * The one contract between the faces of the app (Electron main + preload + renderer, the CLI, the tests) and
 * the core. Each channel has an input schema (checked by every handler, whoever calls it) and an output type.
 * Handlers never throw: they answer `{ ok: true, data }` or `{ ok: false, error }`, because Electron carries only
 * an error's message across IPC and the UI needs the code.
 */

export type ErrorCode =
  StoreErrorCode | 'invalid-input' | 'unknown-channel' | 'forbidden' | 'unsupported' | 'internal'

export interface ApiError {
  code: ErrorCode
  message: string
  details?: unknown
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError }

const Empty = z.object({}).strict()
const ProjectRef = { projectId: IdSchema }
const DocumentRef = { projectId: IdSchema, documentId: IdSchema }
const RevisionSchema = z.string().min(1).max(200)
/** A version of a project's history is named by the SHA-256 of its content (core/history/version.ts). */
const VersionIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'This is not the id of a version.')
/** An open merge conflict (core/merge/types.ts). */
const ConflictIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'This is not the id of a conflict.')
/** A file inside a project folder, as named in DamageReport.file. */
const ProjectFileSchema = z.string().regex(/^(project\.json|documents\/[a-z0-9][a-z0-9-]{7,63}\.json)$/)
/**
 * The package reader's own size limit (core/package/limits.ts), repeated here because the contract is loaded
 * where core/package (node:fs, yauzl) cannot be: a larger file is refused before it is even looked at.
 */
export const MAX_PACKAGE_BYTES = 128 * 1024 * 1024
/** The bytes of a `.hecsos` file, as read from disk or dropped on the window. */
const PackageBytesSchema = z
  // z.custom rather than z.instanceof: the latter narrows to Uint8Array<ArrayBuffer>, which a Buffer is not.
  .custom<Uint8Array>((value) => value instanceof Uint8Array, {
    message: 'the package must be given as bytes',
  })
  .refine((bytes) => bytes.byteLength <= MAX_PACKAGE_BYTES, {
    message: 'This file is far larger than any HECSOs package; it was not opened.',
  })

/** Images larger than this are refused; the package reader has the same limit per image. */
export const MAX_ASSET_BYTES = 32 * 1024 * 1024
/** An asset is named by the SHA-256 of its bytes, so the same picture added twice is stored once. */
export const AssetIdSchema = z.string().regex(/^[0-9a-f]{64}$/)
const AssetBytesSchema = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'the image must be given as bytes' })
  .refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= MAX_ASSET_BYTES, {
    message: 'Images can be at most 32 MB.',
  })

/** Export jobs are named by 12 random bytes in hex (core/api/export-jobs.ts). */
const ExportJobIdSchema = z.string().regex(/^[0-9a-f]{24}$/)

export const channels = {
  'app:info': Empty,
  'projects:list': Empty,
  'projects:create': NewProjectSchema,
  'projects:get': z.object(ProjectRef).strict(),
  'projects:rename': z
    .object({ ...ProjectRef, title: ProjectTitleSchema, baseRevision: RevisionSchema })
    .strict(),
  'projects:update': z
    .object({ ...ProjectRef, patch: ProjectPatchSchema, baseRevision: RevisionSchema })
    .strict(),
  'projects:duplicate': z.object({ ...ProjectRef, title: ProjectTitleSchema.optional() }).strict(),
  'projects:delete': z.object(ProjectRef).strict(),
  'projects:trash': Empty,
  'projects:restore': z.object({ trashId: z.string().regex(/^[a-z0-9-]{8,100}$/) }).strict(),
  'documents:create': z.object({ ...ProjectRef, document: NewDocumentSchema }).strict(),
  'documents:get': z.object(DocumentRef).strict(),
  'documents:save': z
    .object({ ...DocumentRef, content: DocumentContentSchema, baseRevision: RevisionSchema })
    .strict(),
  'documents:rename': z.object({ ...DocumentRef, title: DocumentTitleSchema }).strict(),
  'documents:delete': z.object(DocumentRef).strict(),
  'documents:restore': z.object({ ...ProjectRef, trashId: z.string().regex(/^[a-z0-9-]{8,100}$/) }).strict(),
  'backups:list': z.object({ ...ProjectRef, file: ProjectFileSchema }).strict(),
  'backups:restore': z
    .object({ ...ProjectRef, file: ProjectFileSchema, backupId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/) })
    .strict(),
  'templates:list': Empty,
  'templates:get': z.object({ templateId: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/) }).strict(),
  'templates:import': Empty,
  'projects:check': z.object(ProjectRef).strict(),
  'projects:create-example': Empty,
  'documents:export': z.object({ ...DocumentRef, format: z.enum(['pdf', 'docx']) }).strict(),
  /**
   * A project as one file, laid out in this process (the CLI; the app uses export:start, which runs in a worker).
   * Without documentId: the project's deliverable, or the whole project in order. Style and paper override the
   * project's export settings.
   */
  'projects:export': z
    .object({
      ...ProjectRef,
      documentId: IdSchema.optional(),
      format: z.enum(['pdf', 'docx']),
      style: z.enum(HOUSE_STYLE_IDS).optional(),
      paper: z.enum(['A4', 'LETTER']).optional(),
    })
    .strict(),
  'projects:pack': z.object(ProjectRef).strict(),
  'projects:inspect-package': z.object({ bytes: PackageBytesSchema }).strict(),
  'projects:open-package': z.object({ bytes: PackageBytesSchema, asCopy: z.boolean().optional() }).strict(),
  /** 'send' also shows the saved file in its folder, ready to attach to an e-mail. */
  'files:save-package': z.object({ ...ProjectRef, purpose: z.enum(['copy', 'send']) }).strict(),
  'files:open-package': Empty,
  'files:take-opened': Empty,
  'assets:add': z.object({ ...ProjectRef, bytes: AssetBytesSchema }).strict(),
  'assets:get': z.object({ ...ProjectRef, assetId: AssetIdSchema }).strict(),
  /** `language`: the interface language, in which field labels are matched. */
  'projects:search': z
    .object({ ...ProjectRef, query: z.string().max(200), language: z.enum(PARTNER_LANGUAGES) })
    .strict(),
  'comments:add': z
    .object({ ...DocumentRef, fieldPath: CommentFieldPathSchema, text: CommentTextSchema })
    .strict(),
  'comments:resolve': z.object({ ...DocumentRef, commentId: IdSchema, resolved: z.boolean() }).strict(),
  /** The spellchecker follows the open document's language; none of the six turns it off. */
  'spellcheck:set-languages': z.object({ languages: z.array(z.enum(PARTNER_LANGUAGES)).max(6) }).strict(),
  /** The project's versions, newest first; with documentId, only those in which that document changed. */
  'history:list': z.object({ ...ProjectRef, documentId: IdSchema.optional() }).strict(),
  /** A document as it was at a version. */
  'history:get-version': z.object({ ...DocumentRef, versionId: VersionIdSchema }).strict(),
  /** Records the project as it is now as a named version ("Sent to partners, 12 May"). */
  'history:name-version': z
    .object({ ...ProjectRef, name: z.string().trim().min(1, 'A version needs a name.').max(200) })
    .strict(),
  /** Puts a document (with documentId) or the whole project back as it was at a version; a new version. */
  'history:restore': z
    .object({ ...ProjectRef, versionId: VersionIdSchema, documentId: IdSchema.optional() })
    .strict(),
  /** Two versions of a document, field by field; rich text by paragraph and by word. */
  'history:compare': z
    .object({ ...DocumentRef, fromVersionId: VersionIdSchema, toVersionId: VersionIdSchema })
    .strict(),
  /** Merges a package of the same project (same id) into it; conflicts stay open in the project. */
  'projects:merge-package': z.object({ ...ProjectRef, bytes: PackageBytesSchema }).strict(),
  'conflicts:list': z.object(ProjectRef).strict(),
  /**
   * Settles one open conflict: 'mine' keeps this project's side, 'theirs' the package's, 'both' keeps both
   * (paragraphs one after the other, texts and lists joined), 'edited' the given `value` (for paragraphs: rich
   * text; otherwise the field's value).
   */
  'conflicts:resolve': z
    .object({
      ...ProjectRef,
      conflictId: ConflictIdSchema,
      choice: z.enum(['mine', 'theirs', 'both', 'edited']),
      value: z.json().optional(),
    })
    .strict()
    .refine((input) => input.choice !== 'edited' || input.value !== undefined, {
      message: 'An edited value is needed to settle a conflict with your own version.',
    }),
  'profile:get': Empty,
  'profile:save': AuthorProfileSchema,
  'shell:open-external': z.object({ url: z.string().max(4096) }).strict(),
  'window:ready-to-close': Empty,
  'export:styles': Empty,
  /** Without documentId: the project's deliverable, or the whole project. Style and paper override the project's. */
  'export:start': z
    .object({
      ...ProjectRef,
      documentId: IdSchema.optional(),
      format: z.enum(['pdf', 'docx']),
      style: z.enum(HOUSE_STYLE_IDS).optional(),
      paper: z.enum(['A4', 'LETTER']).optional(),
    })
    .strict(),
  'export:cancel': z.object({ jobId: ExportJobIdSchema }).strict(),
  'export:result': z.object({ jobId: ExportJobIdSchema }).strict(),
  'export:save': z.object({ jobId: ExportJobIdSchema }).strict(),
  /** A job, not a path: the main process shows or opens only files it wrote itself in this session. */
  'shell:show-in-folder': z.object({ jobId: ExportJobIdSchema }).strict(),
  'shell:open-path': z.object({ jobId: ExportJobIdSchema }).strict(),
} as const

export type Channel = keyof typeof channels
export type ChannelInput<K extends Channel> = z.input<(typeof channels)[K]>

export interface AppInfo {
  name: string
  version: string
  libraryPath: string
  /** Languages the interface is translated into. */
  interfaceLanguages: readonly PartnerLanguage[]
}

export interface ChannelOutputs {
  'app:info': AppInfo
  'projects:list': ProjectSummary[]
  'projects:create': ProjectView
  'projects:get': ProjectView
  'projects:rename': ProjectView
  'projects:update': ProjectView
  'projects:duplicate': ProjectView
  'projects:delete': TrashEntry
  'projects:trash': TrashEntry[]
  'projects:restore': ProjectView
  'documents:create': StoredDocument
  'documents:get': StoredDocument
  'documents:save': StoredDocument
  'documents:rename': StoredDocument
  'documents:delete': DocumentTrashEntry
  'documents:restore': StoredDocument
  'backups:list': BackupInfo[]
  'backups:restore': null
  'templates:list': TemplateList
  'templates:get': TemplateDetails
  /** null when the user cancelled the file dialog. */
  'templates:import': TemplateImport | null
  'projects:check': ProjectCheck
  'projects:create-example': ProjectView
  'documents:export': DocumentExport
  'projects:export': DocumentExport
  'projects:pack': ProjectPackage
  'projects:inspect-package': PackageInspection
  /** The project as it now is in the library. */
  'projects:open-package': ProjectView
  /** null when the user cancelled the save dialog. */
  'files:save-package': SavedPackage | null
  /** null when the user cancelled the file dialog. */
  'files:open-package': PackageFile | null
  /** The packages the system asked the app to open (double-click, command line), each handed out once. */
  'files:take-opened': PackageFile[]
  'assets:add': AssetInfo
  'assets:get': AssetContent
  'projects:search': SearchResults
  'comments:add': CommentsUpdate
  'comments:resolve': CommentsUpdate
  /** False where there is no spellchecker to set (the CLI, tests). */
  'spellcheck:set-languages': boolean
  'history:list': HistoryList
  'history:get-version': HecsosDocument
  'history:name-version': VersionInfo
  /** The version the restore became. */
  'history:restore': VersionInfo
  'history:compare': DocumentComparison
  'projects:merge-package': MergeSummary
  'conflicts:list': ConflictList
  'conflicts:resolve': ConflictResolution
  'profile:get': AuthorProfile
  'profile:save': AuthorProfile
  /** True when the link was opened (the user confirmed), false when the user declined. */
  'shell:open-external': boolean
  'window:ready-to-close': null
  'export:styles': ExportStyleInfo[]
  /** Answers at once; progress follows as `export:progress` events. */
  'export:start': { jobId: string }
  /** Whether the job is now cancelled; false once its file is being written, when there is nothing to stop. */
  'export:cancel': boolean
  /** Waits for the job: its file (for the preview), or that it was cancelled. */
  'export:result': ExportOutcome
  /** Asks where to save, waits for the job, writes the file. */
  'export:save': ExportSaved
  'shell:show-in-folder': null
  'shell:open-path': null
}

export interface TemplateList {
  templates: TemplateSummary[]
  /** Template files that could not be loaded, each with its file, JSON path and reason; the rest still load. */
  problems: TemplateProblem[]
}

export interface TemplateDetails {
  template: Template
  /** The vocabularies its choice fields use. */
  vocabularies: Vocabulary[]
}

export type TemplateImport =
  { ok: true; template: TemplateSummary; replaced: boolean } | { ok: false; problems: TemplateProblem[] }

export type ExportFormat = 'pdf' | 'docx'
/** The steps of core/export/export-job.ts ('compile', 'layout'), then how the job ended. */
export type ExportPhase = 'compile' | 'layout' | 'done' | 'cancelled' | 'failed'

export interface ExportProgress {
  jobId: string
  done: number
  total: number
  phase: ExportPhase
}

export interface ExportStyleInfo {
  id: (typeof HOUSE_STYLE_IDS)[number]
  /** RRGGBB, for a swatch beside the name. */
  accent: string
}

export type ExportOutcome = ({ state: 'done' } & DocumentExport) | { state: 'cancelled' }

/** Where the export went, by file name only: the folder stays with the user and the main process. */
export type ExportSaved = { state: 'saved'; fileName: string } | { state: 'cancelled' }

export interface DocumentExport {
  /** A name for the file, from the document's title; the caller chooses the folder. */
  fileName: string
  mime: 'application/pdf' | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  bytes: Uint8Array
}

/** Where a package was saved, by file name only: the folder stays with the user and the main process. */
export interface SavedPackage {
  fileName: string
}

/** A `.hecsos` file chosen or double-clicked by the user: its bytes, or why it could not be read. */
export type PackageFile = { fileName: string; bytes: Uint8Array } | { fileName: string; problem: string }

export interface ProjectPackage {
  /** A name for the `.hecsos` file, from the project's acronym or title. */
  fileName: string
  bytes: Uint8Array
}

/** What a package holds, shown before it is opened, and whether this library already has that project. */
export interface PackageInspection extends PackageSummary {
  /**
   * Where a project with the same id already is: then it can only be opened as a copy for now (merging into the
   * existing project comes later). 'none' when it is new to this library.
   */
  existing: 'none' | 'library' | 'trash'
}

export interface DocumentCheck {
  documentId: string
  title: string
  templateId: string
  /** Absent for documents without a structured template (plain) or whose template is not installed. */
  completeness?: Completeness
  /** Why the document could not be checked, in words. */
  problem?: string
}

export interface ProjectCheck {
  documents: DocumentCheck[]
  /** Broken references and curriculum checks across the project's documents. */
  issues: ConsistencyIssue<string>[]
  /** A required field is empty somewhere: `hecsos check` exits with 1. */
  missingRequired: boolean
}

/** The handler map: each takes untrusted input and validates it itself. */
export type Handlers = { [K in Channel]: (input: unknown) => Promise<Result<ChannelOutputs[K]>> }

/** A typed caller of the handler map, as the renderer and the CLI see it. */
export type Invoke = <K extends Channel>(
  channel: K,
  input: ChannelInput<K>,
) => Promise<Result<ChannelOutputs[K]>>

/** Messages from the main process to the renderer. */
export const MENU_COMMANDS = [
  'new-project',
  'new-document',
  'open-library',
  'find',
  'set-language',
  'about',
  'open-package',
  'save-copy',
  'send-to-partner',
  'export',
] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

export interface EventPayloads {
  /** A menu item or accelerator was chosen; the renderer decides what it means on the current screen. */
  'menu:command': { command: MenuCommand; argument?: string }
  /** The window is about to close: save what is pending, then call `window:ready-to-close`. */
  'app:before-close': Record<string, never>
  /** The system asked the app to open a package: take it with `files:take-opened`. */
  'files:package-waiting': Record<string, never>
  /** How far an export job has come (see `export:start`). */
  'export:progress': ExportProgress
}
export type EventName = keyof EventPayloads

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name)
}

/** What the preload script exposes to the renderer as `window.hecsos`, and nothing more. */
export interface PreloadApi {
  invoke: Invoke
  /** Subscribes to a main-process event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
}

export const EVENT_NAMES: readonly EventName[] = [
  'menu:command',
  'app:before-close',
  'files:package-waiting',
  'export:progress',
]
