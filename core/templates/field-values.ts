import { z } from 'zod'
import { emptyRichText, IdSchema, RichTextSchema, type FieldValues, type RichText } from '../model'
import { formatPath, templateErrorMap, type PathSegment } from './problems'
import { IsoDateSchema } from './template-schema'
import type {
  ChoiceField,
  GroupDefaultItem,
  GroupField,
  TableColumn,
  Template,
  TemplateField,
  Vocabulary,
} from './template-schema'
import { topLevelFields } from './template-walk'

/**
 * The stored value of each field type (the table in docs/template-format.md). These schemas check shape only:
 * whether a value is long enough, in range or present at all is completeness (completeness.ts), because an
 * incomplete document is normal while it is being written, and its data must never be refused for it.
 */

/** One value of `document.fields`. */
export type StoredValue = FieldValues[string]

/** Groups, table rows and sources: made once by `newId`, never reused, kept when items are reordered. */
export const ItemIdSchema = IdSchema

export interface GroupItem {
  id: string
  values: Record<string, unknown>
}

export type TableCell = string | number | null | RichText

export interface TableRow {
  id: string
  cells: Record<string, TableCell>
}

export interface TableValue {
  rows: TableRow[]
}

/** Descriptors by row item id, then column item id. */
export type MatrixValue = Record<string, Record<string, string>>

export interface ReferenceTarget {
  documentId: string
  itemId?: string
}

export interface ImageValue {
  assetId: string
  caption: string
  alt: string
  credit: string
}

export interface SourceValue {
  id: string
  author: string
  title: string
  year: number | null
  publisher: string
  url: string
}

/** What values of the choice fields may hold: the vocabularies they name. */
export interface ValueContext {
  vocabularies?: ReadonlyMap<string, Vocabulary>
}

/** The entry ids a choice field accepts, or undefined when its vocabulary is not at hand. */
export function choiceEntryIds(
  field: ChoiceField,
  context: ValueContext = {},
): ReadonlySet<string> | undefined {
  const entries =
    field.options ?? (field.vocabulary ? context.vocabularies?.get(field.vocabulary)?.entries : undefined)
  return entries ? new Set(entries.map((entry) => entry.id)) : undefined
}

function uniqueIds<T extends { id: string }>(items: readonly T[], context: z.core.$RefinementCtx<T[]>) {
  const seen = new Set<unknown>()
  items.forEach((item, index) => {
    const id = (item as { id?: unknown } | null)?.id
    if (typeof id !== 'string') return
    if (seen.has(id))
      context.addIssue({ code: 'custom', path: [index, 'id'], message: `the item id "${id}" is used twice` })
    seen.add(id)
  })
}
// A duplicate id is worth reporting even when some other item is malformed, so the check runs regardless.
const ALWAYS = { when: (payload: z.core.ParsePayload) => Array.isArray(payload.value) }

const TEXT_LIMIT = 1_000_000

function choiceEntrySchema(field: ChoiceField, context: ValueContext): z.ZodType<string> {
  const known = choiceEntryIds(field, context)
  const entry = z.string().min(1).max(100)
  if (!known) return entry
  const source = field.vocabulary ? `the vocabulary "${field.vocabulary}"` : 'the options of this field'
  return entry.refine((id) => known.has(id), { message: `is not an entry of ${source}` })
}

function cellSchema(column: TableColumn): z.ZodType<TableCell> {
  switch (column.type) {
    case 'text':
      return z.string().max(TEXT_LIMIT)
    case 'number':
      return z.number().nullable()
    case 'richText':
      return RichTextSchema as z.ZodType<RichText>
  }
}

const ReferenceTargetSchema = z.strictObject({ documentId: IdSchema, itemId: ItemIdSchema.optional() })

export const ImageValueSchema = z.strictObject({
  assetId: IdSchema,
  caption: z.string().max(TEXT_LIMIT),
  alt: z.string().max(TEXT_LIMIT),
  credit: z.string().max(TEXT_LIMIT),
})

export const SourceValueSchema = z.strictObject({
  id: ItemIdSchema,
  author: z.string().max(10_000),
  title: z.string().max(10_000),
  year: z.number().int().min(-5000).max(9999).nullable(),
  publisher: z.string().max(10_000),
  url: z
    .string()
    .max(4096)
    .refine(
      (url) => url === '' || /^https?:\/\/\S+$/i.test(url),
      'must be a web address starting with http:// or https://, or empty',
    ),
})

/** The zod schema of a field's stored value. Group items and table cells keep keys the template no longer has. */
export function fieldValueSchema(field: TemplateField, context: ValueContext = {}): z.ZodType {
  switch (field.type) {
    case 'text':
      return z.string().max(TEXT_LIMIT)
    case 'richText':
      return RichTextSchema
    case 'number':
      return z.number().nullable()
    case 'date':
      return IsoDateSchema.nullable()
    case 'choice': {
      const entry = choiceEntrySchema(field, context)
      return field.multiple
        ? z
            .array(entry)
            .max(1000)
            .refine((ids) => new Set(ids).size === ids.length, 'lists an entry twice')
        : entry.nullable()
    }
    case 'list':
      return z.array(z.string().max(TEXT_LIMIT)).max(10_000)
    case 'group': {
      const values = z.looseObject(
        Object.fromEntries(
          field.fields.map((member) => [member.id, fieldValueSchema(member, context).optional()]),
        ),
      )
      return z
        .array(z.strictObject({ id: ItemIdSchema, values }))
        .max(10_000)
        .superRefine(uniqueIds, ALWAYS)
    }
    case 'table': {
      const cells = z.looseObject(
        Object.fromEntries(field.columns.map((column) => [column.id, cellSchema(column).optional()])),
      )
      const rows = z
        .array(z.strictObject({ id: ItemIdSchema, cells }))
        .max(10_000)
        .superRefine(uniqueIds, ALWAYS)
      return z.strictObject({ rows })
    }
    case 'matrix':
      return z.record(ItemIdSchema, z.record(ItemIdSchema, z.string().max(TEXT_LIMIT)))
    case 'reference': {
      const target = field.target.items
        ? ReferenceTargetSchema.refine((value) => value.itemId !== undefined, {
            message: `must name an item ("itemId") of "${field.target.items}"`,
          })
        : ReferenceTargetSchema.refine((value) => value.itemId === undefined, {
            message: 'points at a whole document, so it has no "itemId"',
          })
      return z.array(target).max(field.multiple ? 10_000 : 1)
    }
    case 'image':
      return ImageValueSchema.nullable()
    case 'sources':
      return z.array(SourceValueSchema).max(10_000).superRefine(uniqueIds, ALWAYS)
  }
}

/** The value of a field nobody has written in yet. Group defaults get fresh item ids from `newId`. */
export function emptyValue(field: TemplateField, newId: () => string): StoredValue {
  switch (field.type) {
    case 'text':
      return ''
    case 'richText':
      return emptyRichText() as unknown as StoredValue
    case 'number':
    case 'date':
    case 'image':
      return null
    case 'choice':
      return field.multiple ? [] : null
    case 'list':
    case 'reference':
    case 'sources':
      return []
    case 'group':
      return (field.default ?? []).map((item) => groupItemFrom(field, item, newId)) as unknown as StoredValue
    case 'table':
      return { rows: [] }
    case 'matrix':
      return {}
  }
}

/** A new item for a group: every member empty (the UI's "Add"). */
export function newGroupItem(group: GroupField, newId: () => string): GroupItem {
  return groupItemFrom(group, {}, newId)
}

function groupItemFrom(group: GroupField, initial: GroupDefaultItem, newId: () => string): GroupItem {
  const id = newId()
  const values: Record<string, unknown> = {}
  for (const member of group.fields) {
    const given = Object.hasOwn(initial, member.id) ? initial[member.id] : undefined
    if (given === undefined) values[member.id] = emptyValue(member, newId)
    else if (member.type === 'group' && Array.isArray(given))
      values[member.id] = given.map((nested) => groupItemFrom(member, nested as GroupDefaultItem, newId))
    else values[member.id] = structuredClone(given)
  }
  return { id, values }
}

export function newTableRow(newId: () => string): TableRow {
  return { id: newId(), cells: {} }
}

export function newSource(newId: () => string): SourceValue {
  return { id: newId(), author: '', title: '', year: null, publisher: '', url: '' }
}

/** The fields of a new document: every top-level field of the template, empty (or its default). */
export function emptyFieldValues(template: Template, newId: () => string): FieldValues {
  return Object.fromEntries(topLevelFields(template).map(({ field }) => [field.id, emptyValue(field, newId)]))
}

export interface FieldValueIssue {
  code: 'invalid-value'
  fieldId: string
  /** Where in `document.fields`: `['modules', 0, 'values', 'credits']`. */
  path: PathSegment[]
  message: string
}

/** Checks one stored value against its field; an absent value (undefined) counts as empty and passes. */
export function validateFieldValue(
  field: TemplateField,
  value: unknown,
  context: ValueContext = {},
): FieldValueIssue[] {
  if (value === undefined) return []
  const result = fieldValueSchema(field, context).safeParse(value, { error: templateErrorMap })
  if (result.success) return []
  return result.error.issues.map((issue) => {
    const path: PathSegment[] = [field.id, ...(issue.path as PathSegment[])]
    return { code: 'invalid-value', fieldId: field.id, path, message: `${formatPath(path)} ${issue.message}` }
  })
}

/**
 * Checks the shape of every value the template knows. Values of fields the template no longer has are not
 * looked at: they are kept as they are (see migrate-document.ts). Never throws.
 */
export function validateFieldValues(
  template: Template,
  fields: Readonly<Record<string, unknown>>,
  context: ValueContext = {},
): FieldValueIssue[] {
  return topLevelFields(template).flatMap(({ field }) =>
    validateFieldValue(field, Object.hasOwn(fields, field.id) ? fields[field.id] : undefined, context),
  )
}
