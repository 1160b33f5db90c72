import { z } from 'zod'
import {
  AUTHOR_PROFILE_FORMAT,
  AuthorProfileSchema,
  DocumentSchema,
  documentMigrator,
  findUnsafeStructure,
  IdSchema,
  migrate,
  ProjectSchema,
  projectMigrator,
  TimestampSchema,
} from '../model'
import type { AuthorProfile, HecsosDocument, Migrator, Project } from '../model'
import { StoreError } from './library-store'
import type { LockOwner } from './library-store'

/**
 * How each kind of file of the library is read and written. Reading migrates then validates with the model's
 * schemas; writing validates too, so the store can never write a file it would refuse to read back.
 */
export interface Codec<T> {
  /** Words for messages: "project", "document"… */
  readonly kind: string
  /** Anything larger is refused unread: a hostile file must not exhaust memory. */
  readonly maxBytes: number
  /** Turns parsed JSON into a current, valid value; throws FormatTooNewError, FormatUnknownError or a ZodError. */
  decode(raw: unknown): T
  /** Checks a value about to be written; throws StoreError 'invalid-input'. Returns the normalised value. */
  validate(value: unknown): T
}

const MiB = 1024 * 1024

function schemaCodec<T>(
  kind: string,
  schema: z.ZodType<T>,
  migrator: Migrator | undefined,
  maxBytes: number,
): Codec<T> {
  return {
    kind,
    maxBytes,
    decode: (raw) => schema.parse(migrator ? migrate(migrator, raw) : raw),
    validate: (value) => {
      // A key like __proto__ is refused on reading, so writing one would make the file unreadable.
      const unsafe = findUnsafeStructure(value)
      if (unsafe !== undefined)
        throw new StoreError('invalid-input', `The ${kind} cannot be saved: ${unsafe}.`)
      const parsed = schema.safeParse(value)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : ''
        throw new StoreError(
          'invalid-input',
          `The ${kind} is not valid${where}: ${issue?.message ?? 'invalid value'}.`,
        )
      }
      return parsed.data
    },
  }
}

export const projectCodec: Codec<Project> = schemaCodec('project', ProjectSchema, projectMigrator, 16 * MiB)

// Rich text may hold pasted images as data URLs one day; 128 MiB is far above any real document.
export const documentCodec: Codec<HecsosDocument> = schemaCodec(
  'document',
  DocumentSchema,
  documentMigrator,
  128 * MiB,
)

const authorProfileMigrator: Migrator = { kind: 'author profile', current: AUTHOR_PROFILE_FORMAT, steps: {} }
export const authorProfileCodec: Codec<AuthorProfile> = schemaCodec(
  'author profile',
  AuthorProfileSchema,
  authorProfileMigrator,
  64 * 1024,
)

/** Who holds a project, on which machine, since when: enough to tell a live holder from a crashed one. */
export const LockOwnerSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string().min(1).max(255),
  since: z.string().max(64),
})
export const lockCodec: Codec<LockOwner> = schemaCodec('lock', LockOwnerSchema, undefined, 4096)

export const TRASH_RECORD_FORMAT = 1 as const

/** Written into a trashed project's or document's folder: what it was and when it was deleted. */
export const TrashRecordSchema = z.object({
  formatVersion: z.literal(TRASH_RECORD_FORMAT),
  projectId: IdSchema,
  documentId: IdSchema.optional(),
  title: z.string().max(300),
  deletedAt: TimestampSchema,
})
export type TrashRecord = z.infer<typeof TrashRecordSchema>

const trashRecordMigrator: Migrator = { kind: 'trash record', current: TRASH_RECORD_FORMAT, steps: {} }
export const trashRecordCodec: Codec<TrashRecord> = schemaCodec(
  'trash record',
  TrashRecordSchema,
  trashRecordMigrator,
  64 * 1024,
)
