import { z } from 'zod'

/** Who is writing on this installation; stamped on documents and (later) on history snapshots. */
export const AuthorProfileSchema = z.object({
  formatVersion: z.literal(1),
  name: z.string().trim().max(200),
  organisation: z.string().trim().max(200),
  email: z.union([z.literal(''), z.email().max(320)]),
})
export type AuthorProfile = z.infer<typeof AuthorProfileSchema>

export const AUTHOR_PROFILE_FORMAT = 1 as const

export const EMPTY_AUTHOR_PROFILE: AuthorProfile = { formatVersion: 1, name: '', organisation: '', email: '' }

/** An author as credited on a document. */
export const AuthorSchema = z.object({
  name: z.string().trim().min(1).max(200),
  organisation: z.string().trim().max(200).default(''),
  email: z.union([z.literal(''), z.email().max(320)]).default(''),
})
export type Author = z.infer<typeof AuthorSchema>
