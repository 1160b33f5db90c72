import { z } from 'zod'
import { IdSchema, TimestampSchema } from './ids'
import { EU_LANGUAGES } from './languages'
import type { Migrator } from './migrations'

export const PROJECT_FORMAT = 1 as const

export const PARTNER_ROLES = ['coordinator', 'partner', 'associated'] as const

/** ISO 3166-1 alpha-2, upper case (EL is not used: Greece is GR, as in ISO). */
export const CountryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'A country is a two-letter ISO code, e.g. GR.')

export const PartnerSchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1).max(300),
  country: CountryCodeSchema,
  role: z.enum(PARTNER_ROLES),
})
export type Partner = z.infer<typeof PartnerSchema>

export const LanguageSchema = z.enum(EU_LANGUAGES)

export const ProjectTitleSchema = z.string().trim().min(1, 'A project needs a title.').max(300)
export const AcronymSchema = z.string().trim().max(40)

/** The project manifest: small, so that saving a document never rewrites it. */
export const ProjectSchema = z.object({
  formatVersion: z.literal(PROJECT_FORMAT),
  id: IdSchema,
  title: ProjectTitleSchema,
  acronym: AcronymSchema,
  programme: z.string().trim().max(200),
  grantNumber: z.string().trim().max(100),
  partners: z.array(PartnerSchema).max(200),
  languages: z.array(LanguageSchema).max(24),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
})
export type Project = z.infer<typeof ProjectSchema>

/** What a user may change about a project's own data (ids, format and timestamps are the store's). */
export const ProjectPatchSchema = ProjectSchema.pick({
  title: true,
  acronym: true,
  programme: true,
  grantNumber: true,
  partners: true,
  languages: true,
}).partial()
export type ProjectPatch = z.infer<typeof ProjectPatchSchema>

export const NewProjectSchema = z.object({
  title: ProjectTitleSchema,
  acronym: AcronymSchema.default(''),
  programme: z.string().trim().max(200).default('Erasmus+'),
  grantNumber: z.string().trim().max(100).default(''),
  partners: z.array(PartnerSchema).max(200).default([]),
  languages: z.array(LanguageSchema).max(24).default(['en']),
})
export type NewProject = z.input<typeof NewProjectSchema>

export const projectMigrator: Migrator = { kind: 'project', current: PROJECT_FORMAT, steps: {} }

export function createProject(input: NewProject, id: string, now: string): Project {
  const fields = NewProjectSchema.parse(input)
  return { formatVersion: PROJECT_FORMAT, id, ...fields, createdAt: now, updatedAt: now }
}
