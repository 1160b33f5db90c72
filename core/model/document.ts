import { z } from 'zod'
import { AuthorSchema } from './author'
import { FieldIdSchema, IdSchema, TimestampSchema } from './ids'
import { LanguageSchema } from './project'
import type { Migrator } from './migrations'
import { emptyRichText } from './rich-text'

export const DOCUMENT_FORMAT = 1 as const

export const DOCUMENT_STATUSES = ['draft', 'review', 'final'] as const
export const DocumentStatusSchema = z.enum(DOCUMENT_STATUSES)
export type DocumentStatus = z.infer<typeof DocumentStatusSchema>

/**
 * Until structured templates arrive, every document uses this one: a single rich-text body.
 * Its id and field id stay valid afterwards, so early documents keep opening.
 */
export const PLAIN_TEMPLATE = { id: 'plain', version: 1, bodyField: 'body' } as const

export const DocumentTitleSchema = z.string().trim().min(1, 'A document needs a title.').max(300)

/** Field values are JSON; each template decides the shape of its own fields. */
export const FieldValuesSchema = z.record(FieldIdSchema, z.json())
export type FieldValues = z.infer<typeof FieldValuesSchema>

/**
 * A reviewer's note on one field, named by its field path (`summary`, `practices/<itemId>/title`: field and item
 * ids joined by "/", which never change when items move). Comments travel with the document but are never
 * exported.
 */
export const CommentFieldPathSchema = z
  .string()
  .max(400)
  .regex(/^[a-z][a-zA-Z0-9_]{0,63}(\/[a-zA-Z0-9_-]{1,64})*$/, 'A comment must name a field of the document.')

export const CommentAuthorSchema = z.object({
  name: z.string().trim().max(200),
  organisation: z.string().trim().max(200).default(''),
})

export const CommentTextSchema = z
  .string()
  .trim()
  .min(1, 'A comment needs some text.')
  .max(5000, 'A comment can be at most 5,000 characters.')

export const CommentReplySchema = z.object({
  id: IdSchema,
  author: CommentAuthorSchema,
  createdAt: TimestampSchema,
  text: CommentTextSchema,
})

export const CommentSchema = z.object({
  id: IdSchema,
  fieldPath: CommentFieldPathSchema,
  author: CommentAuthorSchema,
  createdAt: TimestampSchema,
  text: CommentTextSchema,
  resolved: z.boolean(),
  resolvedAt: TimestampSchema.optional(),
  replies: z.array(CommentReplySchema).max(1000).optional(),
})
export type DocumentComment = z.infer<typeof CommentSchema>

export const CommentsSchema = z.array(CommentSchema).max(10_000)

export const DocumentSchema = z.object({
  formatVersion: z.literal(DOCUMENT_FORMAT),
  id: IdSchema,
  templateId: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
  templateVersion: z.number().int().positive(),
  title: DocumentTitleSchema,
  language: LanguageSchema,
  status: DocumentStatusSchema,
  authors: z.array(AuthorSchema).max(100),
  fields: FieldValuesSchema,
  /** Absent in documents written before comments existed, and in those nobody has commented on. */
  comments: CommentsSchema.optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
})
export type HecsosDocument = z.infer<typeof DocumentSchema>

/** What an author may change in a save; identity, template and timestamps are the store's. */
export const DocumentContentSchema = DocumentSchema.pick({
  title: true,
  language: true,
  status: true,
  authors: true,
  fields: true,
}).extend({
  /**
   * Set only when the document has been migrated to a newer version of its template (the caller checks the
   * version against the catalogue); otherwise the stored version stays.
   */
  templateVersion: z.number().int().positive().optional(),
  /** Left out by the editor's saves, which keep the stored comments; only the comment channels send them. */
  comments: CommentsSchema.optional(),
})
export type DocumentContent = z.infer<typeof DocumentContentSchema>

/** The part of a document an author saves, with some of it changed: what a save sends for a stored document. */
export function documentContentOf(
  document: HecsosDocument,
  changes: Partial<DocumentContent> = {},
): DocumentContent {
  const { title, language, status, authors, fields } = document
  return { title, language, status, authors, fields, ...changes }
}

export const NewDocumentSchema = z.object({
  title: DocumentTitleSchema,
  templateId: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/)
    .default(PLAIN_TEMPLATE.id),
  templateVersion: z.number().int().positive().default(PLAIN_TEMPLATE.version),
  language: LanguageSchema.default('en'),
  authors: z.array(AuthorSchema).max(100).default([]),
  /** Initial values, e.g. a template's empty fields; the plain template's empty body when left out. */
  fields: FieldValuesSchema.optional(),
})
export type NewDocument = z.input<typeof NewDocumentSchema>

export const documentMigrator: Migrator = { kind: 'document', current: DOCUMENT_FORMAT, steps: {} }

export function createDocument(input: NewDocument, id: string, now: string): HecsosDocument {
  const { fields: givenFields, ...fields } = NewDocumentSchema.parse(input)
  const initialFields: FieldValues =
    givenFields ??
    (fields.templateId === PLAIN_TEMPLATE.id
      ? { [PLAIN_TEMPLATE.bodyField]: emptyRichText() as unknown as z.core.util.JSONType }
      : {})
  return {
    formatVersion: DOCUMENT_FORMAT,
    id,
    ...fields,
    status: 'draft',
    fields: initialFields,
    createdAt: now,
    updatedAt: now,
  }
}
