import { z } from 'zod'
import { IdSchema, TimestampSchema } from '../model'
import { hashOf } from './canonical'

export const HISTORY_FORMAT = 1 as const

/** Most documents one version may list, and most parents it may have; far above any real project. */
export const MAX_VERSION_DOCUMENTS = 10_000
export const MAX_PARENTS = 16

export const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'A hash is 64 lowercase hex digits.')

/** Who made a version (VersionAuthor in types.ts). */
export const VersionAuthorSchema = z.strictObject({
  name: z.string().max(200),
  organisation: z.string().max(200),
})

export const VersionNameSchema = z
  .string()
  .trim()
  .min(1, 'A version name needs some text.')
  .max(200, 'A version name can be at most 200 characters.')

/**
 * One state of a project: the hash of its manifest and of each of its documents, with where it came from.
 * The id is the hash of everything else, so a version means the same in every library that holds it, and
 * merging the same history twice adds nothing.
 */
export const VersionSchema = z.strictObject({
  formatVersion: z.literal(HISTORY_FORMAT),
  id: HashSchema,
  /** None for the first version; one after a save; two after a merge (ours first). */
  parents: z.array(HashSchema).max(MAX_PARENTS),
  author: VersionAuthorSchema,
  at: TimestampSchema,
  /** Set for a named version, e.g. “Sent to partners, 12 May”. */
  name: VersionNameSchema.optional(),
  project: HashSchema,
  documents: z
    .record(IdSchema, HashSchema)
    .refine(
      (documents) => Object.keys(documents).length <= MAX_VERSION_DOCUMENTS,
      'A version lists too many documents.',
    ),
})
export type Version = z.infer<typeof VersionSchema>

export type VersionContent = Omit<Version, 'id' | 'formatVersion'>

export function makeVersion(content: VersionContent): Version {
  const body = { formatVersion: HISTORY_FORMAT, ...content }
  return { ...body, id: versionIdOf(body) }
}

export function versionIdOf(version: Omit<Version, 'id'> | Version): string {
  const { id: _id, ...body } = version as Version
  return hashOf(body)
}

/** The project as a version sees it: same manifest, same documents, whatever the dates of the versions. */
export function sameState(
  a: Pick<Version, 'project' | 'documents'>,
  b: Pick<Version, 'project' | 'documents'>,
): boolean {
  if (a.project !== b.project) return false
  const aIds = Object.keys(a.documents)
  if (aIds.length !== Object.keys(b.documents).length) return false
  return aIds.every((id) => Object.hasOwn(b.documents, id) && b.documents[id] === a.documents[id])
}
