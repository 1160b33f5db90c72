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

/** A project image, named as the store names assets: the SHA-256 of its bytes. */
export const AssetRefSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'An image is named by the SHA-256 of its bytes.')

export const PartnerSchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1).max(300),
  country: CountryCodeSchema,
  role: z.enum(PARTNER_ROLES),
  /** The partner's logo (a project asset), printed on the covers of deliverables. Optional, so older files stay valid. */
  logo: AssetRefSchema.optional(),
})
export type Partner = z.infer<typeof PartnerSchema>

export const LanguageSchema = z.enum(EU_LANGUAGES)

/** The house styles the exporters know (core/export/house-styles.ts). */
export const HOUSE_STYLE_IDS = ['classic', 'compact'] as const

/** How the project's exports look unless an export says otherwise. Optional, so older files stay valid. */
export const ExportSettingsSchema = z.object({
  style: z.enum(HOUSE_STYLE_IDS).optional(),
  /** RRGGBB, with or without the leading #. */
  accent: z
    .string()
    .regex(/^#?[0-9A-Fa-f]{6}$/, 'A colour is six hexadecimal digits, e.g. #1F4E79.')
    .optional(),
  paper: z.enum(['A4', 'LETTER']).optional(),
  /** The project's own logo (a project asset), printed on covers beside the partners'. */
  logo: AssetRefSchema.optional(),
})
export type ExportSettings = z.infer<typeof ExportSettingsSchema>

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
  exportSettings: ExportSettingsSchema.optional(),
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
  exportSettings: true,
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
