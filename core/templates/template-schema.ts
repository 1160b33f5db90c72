import { z } from 'zod'
import { EU_LANGUAGES, FieldIdSchema, FORBIDDEN_KEYS, type LanguageCode } from '../model'

/**
 * The template and vocabulary file formats (docs/template-format.md is their reference). Objects are strict:
 * a misspelt key ("maxword") is reported rather than silently ignored, because an ignored limit is a bug the
 * template author would never see. No schema here has defaults or transforms, so a parsed template is exactly
 * what the file says; readers apply the documented defaults (e.g. `required` is false when absent).
 */

export const TEMPLATE_FORMAT = 1 as const

export const TEMPLATE_KINDS = [
  'case-study',
  'engagement-model',
  'toolkit',
  'role-profile',
  'competency-framework',
  'curriculum',
  'workshop-report',
  'policy-recommendations',
  'deliverable',
  'custom',
] as const
export type TemplateKind = (typeof TEMPLATE_KINDS)[number]

export const OBJECTIVES = ['SO1', 'SO2', 'SO3', 'all'] as const

export const FIELD_TYPES = [
  'text',
  'richText',
  'number',
  'date',
  'choice',
  'list',
  'group',
  'table',
  'matrix',
  'reference',
  'image',
  'sources',
] as const
export type FieldType = (typeof FIELD_TYPES)[number]

/** Characters in a short text when the template sets no `maxLength`. */
export const DEFAULT_TEXT_MAX_LENGTH = 500
/** Characters in one item of a list when the template sets no `maxLength`. */
export const DEFAULT_LIST_ITEM_MAX_LENGTH = 300
/** Larger files are refused unread: a template is a few dozen kilobytes. */
export const MAX_TEMPLATE_FILE_BYTES = 1024 * 1024
/** Deeper JSON is refused before validation, so hostile nesting cannot exhaust the recursive schemas. */
export const MAX_TEMPLATE_DEPTH = 64

const MAX_TEXT = 20_000
const MAX_COUNT = 100_000

export type LocalisedText = { en: string } & Partial<Record<LanguageCode, string>>

const nonBlank = (what: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${what} is required` : undefined) })
    .max(MAX_TEXT)
    .regex(/\S/, `${what} must not be blank`)

/** One string per language code; English is required because it is what every other language falls back to. */
export const LocalisedTextSchema: z.ZodType<LocalisedText> = z.strictObject({
  en: nonBlank('the English text ("en")'),
  ...Object.fromEntries(
    EU_LANGUAGES.filter((language) => language !== 'en').map((language) => [
      language,
      z.string().max(MAX_TEXT).optional(),
    ]),
  ),
}) as unknown as z.ZodType<LocalisedText>

export const TemplateIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,63}$/, 'must be 2–64 lowercase letters, digits or dashes, starting with a letter')
export const VocabularyIdSchema = TemplateIdSchema

/** Entry ids are stored in documents; they include codes such as "AT", "7" or "cc-by-4.0". */
export const EntryIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, dots, dashes or underscores')
  .refine((id) => !FORBIDDEN_KEYS.has(id), 'cannot be the name of an object prototype property')

/** `areas.competences`: field ids from the document root, joined by dots, each naming a repeatable group. */
export const GroupPathSchema = z
  .string()
  .regex(
    /^[a-z][a-zA-Z0-9_]{0,63}(\.[a-z][a-zA-Z0-9_]{0,63}){0,3}$/,
    'must be a group path: field ids joined by dots, such as "areas.competences" (at most four levels)',
  )

export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isCalendarDate, 'is not a date that exists')

export function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

const Count = z.number().int().min(0).max(MAX_COUNT)

export const VocabularyEntrySchema = z.strictObject({
  id: EntryIdSchema,
  label: LocalisedTextSchema,
  description: LocalisedTextSchema.optional(),
  /** Named descriptors beyond the description, e.g. an EQF level's knowledge, skills and autonomy. */
  descriptors: z.record(FieldIdSchema, LocalisedTextSchema).optional(),
})
export type VocabularyEntry = z.infer<typeof VocabularyEntrySchema>

const fieldBase = {
  id: FieldIdSchema,
  label: LocalisedTextSchema,
  guidance: LocalisedTextSchema,
  example: LocalisedTextSchema.optional(),
  required: z.boolean().optional(),
}

export const TextFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('text'),
  minWords: Count.optional(),
  maxWords: Count.optional(),
  maxLength: z.number().int().min(1).max(MAX_TEXT).optional(),
})
export type TextField = z.infer<typeof TextFieldSchema>

export const RichTextFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('richText'),
  minWords: Count.optional(),
  maxWords: Count.optional(),
})
export type RichTextField = z.infer<typeof RichTextFieldSchema>

export const NumberFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('number'),
  unit: LocalisedTextSchema.optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
})
export type NumberField = z.infer<typeof NumberFieldSchema>

export const DateFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('date'),
  min: IsoDateSchema.optional(),
  max: IsoDateSchema.optional(),
})
export type DateField = z.infer<typeof DateFieldSchema>

export const ChoiceFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('choice'),
  vocabulary: VocabularyIdSchema.optional(),
  options: z.array(VocabularyEntrySchema).min(1).max(1000).optional(),
  multiple: z.boolean().optional(),
  minItems: Count.optional(),
  maxItems: Count.optional(),
})
export type ChoiceField = z.infer<typeof ChoiceFieldSchema>

export const ListFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('list'),
  minItems: Count.optional(),
  maxItems: Count.optional(),
  maxLength: z.number().int().min(1).max(MAX_TEXT).optional(),
})
export type ListField = z.infer<typeof ListFieldSchema>

/** The initial values of one item, by member id; a nested group's default is again a list of such objects. */
export type GroupDefaultItem = Record<string, z.core.util.JSONType>

const groupShape = {
  ...fieldBase,
  type: z.literal('group'),
  minItems: Count.optional(),
  maxItems: Count.optional(),
  itemTitle: FieldIdSchema.optional(),
  default: z.array(z.record(FieldIdSchema, z.json())).max(1000).optional(),
}
export type GroupField = z.infer<z.ZodObject<typeof groupShape>> & { fields: TemplateField[] }

export const TABLE_COLUMN_TYPES = ['text', 'number', 'richText'] as const

export const TableColumnSchema = z.strictObject({
  id: FieldIdSchema,
  label: LocalisedTextSchema,
  type: z.enum(TABLE_COLUMN_TYPES),
  unit: LocalisedTextSchema.optional(),
})
export type TableColumn = z.infer<typeof TableColumnSchema>

export const TableFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('table'),
  columns: z.array(TableColumnSchema).min(1).max(50),
  minRows: Count.optional(),
  maxRows: Count.optional(),
})
export type TableField = z.infer<typeof TableFieldSchema>

export const MatrixFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('matrix'),
  rows: GroupPathSchema,
  columns: GroupPathSchema,
})
export type MatrixField = z.infer<typeof MatrixFieldSchema>

export const ReferenceFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('reference'),
  target: z.strictObject({
    kind: z.enum(TEMPLATE_KINDS).optional(),
    items: GroupPathSchema.optional(),
  }),
  multiple: z.boolean().optional(),
  minItems: Count.optional(),
  maxItems: Count.optional(),
})
export type ReferenceField = z.infer<typeof ReferenceFieldSchema>

export const ImageFieldSchema = z.strictObject({ ...fieldBase, type: z.literal('image') })
export type ImageField = z.infer<typeof ImageFieldSchema>

export const SourcesFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('sources'),
  minItems: Count.optional(),
  maxItems: Count.optional(),
})
export type SourcesField = z.infer<typeof SourcesFieldSchema>

export type TemplateField =
  | TextField
  | RichTextField
  | NumberField
  | DateField
  | ChoiceField
  | ListField
  | GroupField
  | TableField
  | MatrixField
  | ReferenceField
  | ImageField
  | SourcesField

export const GroupFieldSchema = z.strictObject({
  ...groupShape,
  // A getter lets a group hold groups (areas → competences) without the schema referring to itself eagerly.
  get fields(): z.ZodArray<z.ZodType<TemplateField>> {
    return z.array(TemplateFieldSchema).min(1).max(200)
  },
})

export const TemplateFieldSchema: z.ZodType<TemplateField> = z.discriminatedUnion('type', [
  TextFieldSchema,
  RichTextFieldSchema,
  NumberFieldSchema,
  DateFieldSchema,
  ChoiceFieldSchema,
  ListFieldSchema,
  GroupFieldSchema,
  TableFieldSchema,
  MatrixFieldSchema,
  ReferenceFieldSchema,
  ImageFieldSchema,
  SourcesFieldSchema,
])

const sectionShape = {
  id: FieldIdSchema,
  title: LocalisedTextSchema,
  guidance: LocalisedTextSchema.optional(),
  fields: z.array(TemplateFieldSchema).max(500),
}

export const SubsectionSchema = z.strictObject(sectionShape, {
  error: (issue) =>
    issue.code === 'unrecognized_keys' && issue.keys.includes('sections')
      ? 'a subsection cannot have subsections of its own: sections nest one level only'
      : undefined,
})
export type Subsection = z.infer<typeof SubsectionSchema>

export const SectionSchema = z.strictObject({
  ...sectionShape,
  sections: z.array(SubsectionSchema).max(100).optional(),
})
export type Section = z.infer<typeof SectionSchema>

export const TemplateMigrationSchema = z.strictObject({
  from: z.number().int().min(1),
  to: z.number().int().min(2),
  renamedFields: z.record(FieldIdSchema, FieldIdSchema, {
    error: (issue) =>
      issue.code === 'invalid_key'
        ? `${JSON.stringify(issue.input)} is not a field id; renames apply to top-level fields, named by their id (no dots)`
        : undefined,
  }),
})
export type TemplateMigration = z.infer<typeof TemplateMigrationSchema>

const formatVersion = (what: string) =>
  z.literal(TEMPLATE_FORMAT, {
    error: (issue) =>
      typeof issue.input === 'number' && issue.input > TEMPLATE_FORMAT
        ? `this ${what} is written in format ${issue.input}, made for a newer version of HECSOs Studio (this version reads format ${TEMPLATE_FORMAT})`
        : `must be ${TEMPLATE_FORMAT}`,
  })

export const TemplateSchema = z.strictObject({
  formatVersion: formatVersion('template'),
  id: TemplateIdSchema,
  version: z.number().int().min(1),
  kind: z.enum(TEMPLATE_KINDS),
  objective: z.enum(OBJECTIVES),
  title: LocalisedTextSchema,
  description: LocalisedTextSchema,
  sections: z.array(SectionSchema).min(1).max(100),
  migrations: z.array(TemplateMigrationSchema).max(1000).optional(),
})
export type Template = z.infer<typeof TemplateSchema>

export const VocabularySchema = z.strictObject({
  formatVersion: formatVersion('vocabulary'),
  id: VocabularyIdSchema,
  title: LocalisedTextSchema,
  description: LocalisedTextSchema.optional(),
  entries: z.array(VocabularyEntrySchema).min(1).max(5000),
})
export type Vocabulary = z.infer<typeof VocabularySchema>
