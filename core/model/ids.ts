import { z } from 'zod'
import { FORBIDDEN_KEYS } from './json'

/**
 * Ids name folders and files on disk, so they are restricted to a shape that can never be a path trick.
 * New ids are UUIDs (v4, from the injected `newId`); the looser pattern admits ids made by other tools.
 */
export const IdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{7,63}$/, 'An id is 8–64 lowercase letters, digits or dashes.')
export type Id = z.infer<typeof IdSchema>

/** A moment, stored as an ISO-8601 UTC string so files diff and sort well. */
export const TimestampSchema = z.iso.datetime({ offset: false })
export type Timestamp = z.infer<typeof TimestampSchema>

/** Field ids are object keys in stored files: no prototype names, no dots, no path characters. */
export const FieldIdSchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]{0,63}$/, 'A field id is a short camelCase name.')
  .refine((id) => !FORBIDDEN_KEYS.has(id), 'A field id cannot be the name of an object prototype property.')
