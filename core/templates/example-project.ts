import { z } from 'zod'
import {
  AcronymSchema,
  AuthorSchema,
  CountryCodeSchema,
  DocumentStatusSchema,
  DocumentTitleSchema,
  FieldIdSchema,
  IdSchema,
  LanguageSchema,
  NewProjectSchema,
  PARTNER_ROLES,
  ProjectTitleSchema,
  type Author,
  type DocumentStatus,
  type FieldValues,
  type LanguageCode,
} from '../model'
import type { Catalogue } from './catalogue'
import { checkReferences, levelMatrix, type ProjectDocument } from './consistency'
import { emptyValue, validateFieldValues } from './field-values'
import { itemsOf } from './group-paths'
import { formatPath, templateErrorMap, type PathSegment } from './problems'
import type { GroupField, Template, TemplateField } from './template-schema'
import { topLevelFields } from './template-walk'

/**
 * The Example project (templates/example/): the first project a new user opens, and the fixture of the tests
 * and the exports. Its files are data we ship, so anything that does not fit the catalogue is a bug in our
 * data: it is reported all at once, precisely, rather than quietly repaired or left for `hecsos check` to find.
 *
 * In the files, documents are named by a `key` ("framework") and references point at keys; a project gets
 * fresh document ids each time the example is created, so two example projects never share a document id.
 * Item ids ("comp-facilitation") are kept as written: they only need to be unique within their document.
 */

export const EXAMPLE_FORMAT = 1 as const

/** Names a document within the example files; references in the files use it in place of a document id. */
export const ExampleKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,63}$/, 'must be 2–64 lowercase letters, digits or dashes, starting with a letter')

/** A finding that `hecsos check` is meant to show on the example, to demonstrate a check. */
export const IntendedFindingSchema = z.strictObject({
  /** The issue code (completeness, consistency or domain check). */
  code: z.string().min(1),
  /** The key of the document the finding is reported in. */
  document: ExampleKeySchema,
  /** The issue's path: field and item ids from the document root. */
  path: z.array(z.string().min(1)).min(1),
  /** Why the example has it: shown to nobody, read by whoever maintains the example. */
  why: z.string().min(1),
})

export const ExampleManifestSchema = z.strictObject({
  kind: z.literal('example-project'),
  formatVersion: z.literal(EXAMPLE_FORMAT),
  title: ProjectTitleSchema,
  acronym: AcronymSchema,
  programme: z.string().trim().max(200),
  grantNumber: z.string().trim().max(100),
  partners: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1).max(300),
        country: CountryCodeSchema,
        role: z.enum(PARTNER_ROLES),
      }),
    )
    .max(200),
  languages: z.array(LanguageSchema).min(1).max(24),
  /** The documents, by key, in the order the project lists them. */
  documents: z.array(ExampleKeySchema).min(1),
  intendedFindings: z.array(IntendedFindingSchema),
  /** Remarks for maintainers (e.g. that the grant number and the organisations are made up). */
  notes: z.array(z.string()).default([]),
})
export type ExampleManifest = z.output<typeof ExampleManifestSchema>

export const ExampleDocumentFileSchema = z.strictObject({
  key: ExampleKeySchema,
  templateId: z.string().min(1),
  title: DocumentTitleSchema,
  language: LanguageSchema,
  status: DocumentStatusSchema,
  authors: z.array(AuthorSchema).max(100),
  fields: z.record(FieldIdSchema, z.unknown()),
})
export type ExampleDocumentFile = z.output<typeof ExampleDocumentFileSchema>

/** What createProject takes, with every default already applied. */
export type ExampleProjectData = z.output<typeof NewProjectSchema>

export interface ExampleDocument {
  /** The key it has in the example files; not stored in the project. */
  key: string
  /** The document id its references are written with; see reassignDocumentIds. */
  id: string
  templateId: string
  templateVersion: number
  title: string
  language: LanguageCode
  status: DocumentStatus
  authors: Author[]
  fields: FieldValues
}

export interface ResolvedFinding {
  code: string
  documentId: string
  path: string[]
  why: string
}

export interface ExampleProject {
  project: ExampleProjectData
  /** In the manifest's order. */
  documents: ExampleDocument[]
  /** What `hecsos check` should report on the new project, and nothing else. */
  intendedFindings: ResolvedFinding[]
  notes: string[]
}

export type ExampleCatalogue = Pick<Catalogue, 'templates' | 'vocabularies'>

export interface BuildExampleInput {
  /** The parsed JSON of every file in templates/example/: one manifest and one file per document. */
  files: readonly unknown[]
  /** Ids for the documents and partners, e.g. randomUUID. */
  newId: () => string
  catalogue: ExampleCatalogue
}

/** The example files do not fit the catalogue or each other; `problems` lists every reason. */
export class ExampleProjectError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The example project in templates/example does not fit the template catalogue (a bug in the example data):\n` +
        problems.map((problem) => `- ${problem}`).join('\n'),
    )
    this.name = 'ExampleProjectError'
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

function zodProblems(where: string, error: z.ZodError, prefix: PathSegment[] = []): string[] {
  return error.issues.map((issue) => {
    const path = formatPath([...prefix, ...(issue.path as PathSegment[])])
    return `${where}: ${path === '' ? '' : `${path} `}${issue.message}`
  })
}

function isManifest(value: unknown): boolean {
  return isRecord(value) && value.kind === 'example-project'
}

/**
 * Keys the template does not know, anywhere in the stored values. The value schemas accept them (a document
 * keeps the data of fields a newer template dropped), but in files we write they can only be typos.
 */
function unknownKeys(template: Template, fields: Readonly<Record<string, unknown>>): string[] {
  const found: string[] = []
  const known = new Set(topLevelFields(template).map(({ field }) => field.id))
  for (const key of Object.keys(fields))
    if (!known.has(key)) found.push(`the field "${key}" is not in the template "${template.id}"`)
  const visit = (field: TemplateField, value: unknown, path: PathSegment[]) => {
    if (field.type === 'group')
      itemsOf(value).forEach((item, index) => {
        const members = new Set(field.fields.map((member) => member.id))
        for (const key of Object.keys(item.values))
          if (!members.has(key))
            found.push(
              `${formatPath([...path, index, 'values', key])} is not a field of the group "${field.id}"`,
            )
        for (const member of field.fields)
          visit(member, item.values[member.id], [...path, index, 'values', member.id])
      })
    if (field.type === 'table' && isRecord(value) && Array.isArray(value.rows)) {
      const columns = new Set(field.columns.map((column) => column.id))
      value.rows.forEach((row: unknown, index) => {
        if (!isRecord(row) || !isRecord(row.cells)) return
        for (const key of Object.keys(row.cells))
          if (!columns.has(key))
            found.push(
              `${formatPath([...path, 'rows', index, 'cells', key])} is not a column of the table "${field.id}"`,
            )
      })
    }
  }
  for (const { field } of topLevelFields(template))
    if (Object.hasOwn(fields, field.id)) visit(field, fields[field.id], [field.id])
  return found
}

/** Item ids used twice in one document: references, comments and merges name an item by its id alone. */
function repeatedItemIds(template: Template, fields: Readonly<Record<string, unknown>>): string[] {
  const seen = new Map<string, string>()
  const found: string[] = []
  const note = (id: unknown, path: PathSegment[]) => {
    if (typeof id !== 'string') return
    const where = formatPath(path)
    const earlier = seen.get(id)
    if (earlier !== undefined) found.push(`the item id "${id}" of ${where} is already used by ${earlier}`)
    else seen.set(id, where)
  }
  const visit = (field: TemplateField, value: unknown, path: PathSegment[]) => {
    if (field.type === 'group')
      itemsOf(value).forEach((item, index) => {
        note(item.id, [...path, index])
        for (const member of field.fields)
          visit(member, item.values[member.id], [...path, index, 'values', member.id])
      })
    else if (field.type === 'table' && isRecord(value) && Array.isArray(value.rows))
      value.rows.forEach((row: unknown, index) =>
        note(isRecord(row) ? row.id : undefined, [...path, 'rows', index]),
      )
    else if (field.type === 'sources' && Array.isArray(value))
      value.forEach((source: unknown, index) =>
        note(isRecord(source) ? source.id : undefined, [...path, index]),
      )
  }
  for (const { field } of topLevelFields(template))
    if (Object.hasOwn(fields, field.id)) visit(field, fields[field.id], [field.id])
  return found
}

/**
 * A copy of `fields` with every reference's `documentId` replaced by `rename(documentId)`. Only reference
 * fields are touched (found through the template), so a text that happens to equal a key is never rewritten.
 * Exported because opening a package as a copy renames its document ids the same way.
 */
export function renameReferences(
  template: Template,
  fields: Readonly<Record<string, unknown>>,
  rename: (documentId: string, path: string) => string,
): Record<string, unknown> {
  const copy = structuredClone(fields) as Record<string, unknown>
  const visit = (field: TemplateField, value: unknown, path: PathSegment[]) => {
    if (field.type === 'reference' && Array.isArray(value))
      value.forEach((target: unknown, index) => {
        if (isRecord(target) && typeof target.documentId === 'string')
          target.documentId = rename(target.documentId, formatPath([...path, index]))
      })
    if (field.type === 'group')
      itemsOf(value).forEach((item, index) => {
        for (const member of field.fields)
          visit(member, item.values[member.id], [...path, index, 'values', member.id])
      })
  }
  for (const { field } of topLevelFields(template))
    if (Object.hasOwn(copy, field.id)) visit(field, copy[field.id], [field.id])
  return copy
}

/**
 * Gives every field the template has, and every member of every group item, a value: written ones as they
 * are, the others empty, as if the document had been made in the app and those fields left unwritten.
 */
function completeShape(
  template: Template,
  fields: Readonly<Record<string, unknown>>,
  newId: () => string,
): FieldValues {
  const fill = (group: GroupField, value: unknown): unknown =>
    itemsOf(value).map((item) => ({
      id: item.id,
      values: Object.fromEntries(group.fields.map((member) => [member.id, valueOf(member, item.values)])),
    }))
  const valueOf = (field: TemplateField, values: Readonly<Record<string, unknown>>): unknown => {
    if (!Object.hasOwn(values, field.id) || values[field.id] === undefined) return emptyValue(field, newId)
    return field.type === 'group' ? fill(field, values[field.id]) : values[field.id]
  }
  return Object.fromEntries(
    topLevelFields(template).map(({ field }) => [field.id, valueOf(field, fields)]),
  ) as FieldValues
}

function readFiles(files: readonly unknown[], problems: string[]) {
  const manifests: ExampleManifest[] = []
  const documents: ExampleDocumentFile[] = []
  files.forEach((value, index) => {
    const key = isRecord(value) && typeof value.key === 'string' ? ` ("${value.key}")` : ''
    const where = `example file ${index + 1}${key}`
    if (isManifest(value)) {
      const parsed = ExampleManifestSchema.safeParse(value, { error: templateErrorMap })
      if (parsed.success) manifests.push(parsed.data)
      else problems.push(...zodProblems('the example manifest', parsed.error))
      return
    }
    const parsed = ExampleDocumentFileSchema.safeParse(value, { error: templateErrorMap })
    if (parsed.success) documents.push(parsed.data)
    else problems.push(...zodProblems(where, parsed.error))
  })
  if (manifests.length !== 1)
    problems.push(
      `there must be exactly one manifest (a file with "kind": "example-project"); found ${manifests.length}`,
    )
  return { manifest: manifests[0], documents }
}

/**
 * Builds the Example project from its files: checks every file, gives each document a fresh id, points every
 * reference at those ids, and checks each document against its template and the references across documents.
 * Throws an ExampleProjectError listing everything that does not fit.
 */
export function buildExampleProject(input: BuildExampleInput): ExampleProject {
  const { catalogue, newId } = input
  const problems: string[] = []
  const fail = () => {
    if (problems.length > 0) throw new ExampleProjectError(problems)
  }
  const read = readFiles(input.files, problems)
  fail()
  const manifest = read.manifest!
  const files = read.documents

  const byKey = new Map<string, ExampleDocumentFile>()
  for (const file of files) {
    if (byKey.has(file.key)) problems.push(`two document files have the key "${file.key}"`)
    byKey.set(file.key, file)
  }
  const listed = new Set<string>()
  for (const key of manifest.documents) {
    if (listed.has(key)) problems.push(`the manifest lists the document "${key}" twice`)
    if (!byKey.has(key)) problems.push(`the manifest lists the document "${key}", but no file has that key`)
    listed.add(key)
  }
  for (const key of byKey.keys())
    if (!listed.has(key)) problems.push(`the document "${key}" is not listed in the manifest's "documents"`)
  fail()

  const freshId = (what: string) => {
    const id = newId()
    if (!IdSchema.safeParse(id).success)
      throw new TypeError(`newId returned "${id}" for ${what}, not a valid id`)
    return id
  }
  const ids = new Map<string, string>()
  for (const key of manifest.documents) {
    const id = freshId(`the document "${key}"`)
    if ([...ids.values()].includes(id)) throw new TypeError(`newId returned the id "${id}" twice`)
    ids.set(key, id)
  }

  const documents: ExampleDocument[] = []
  for (const key of manifest.documents) {
    const file = byKey.get(key)!
    const where = `the document "${key}"`
    const template = catalogue.templates.get(file.templateId)
    if (!template) {
      problems.push(`${where}: the template "${file.templateId}" is not in the catalogue`)
      continue
    }
    const before = problems.length
    problems.push(...unknownKeys(template, file.fields).map((problem) => `${where}: ${problem}`))
    problems.push(...repeatedItemIds(template, file.fields).map((problem) => `${where}: ${problem}`))
    const relinked = renameReferences(template, file.fields, (target, path) => {
      const id = ids.get(target)
      if (id === undefined)
        problems.push(`${where}: ${path} points to "${target}", which is not a document key`)
      return id ?? target
    })
    if (problems.length > before) continue
    const invalid = validateFieldValues(template, relinked, { vocabularies: catalogue.vocabularies })
    if (invalid.length > 0) {
      problems.push(...invalid.map((issue) => `${where}: ${issue.message}`))
      continue
    }
    const fields = completeShape(template, relinked, newId)
    for (const { field } of topLevelFields(template))
      if (field.type === 'matrix')
        for (const orphan of levelMatrix({ fields }, template, field.id)?.orphans ?? [])
          problems.push(
            `${where}: ${field.id} has a descriptor for row "${orphan.rowId}" and column "${orphan.columnId}", ` +
              `but "${field.rows}" and "${field.columns}" have no such pair of items`,
          )
    documents.push({
      key,
      id: ids.get(key)!,
      templateId: template.id,
      templateVersion: template.version,
      title: file.title,
      language: file.language,
      status: file.status,
      authors: file.authors,
      fields,
    })
  }
  fail()

  const keyOf = new Map(documents.map((document) => [document.id, document.key]))
  for (const issue of checkReferences({ documents, templates: catalogue.templates }))
    // Consistency paths hold item ids, which read better joined by slashes than as JSON-path brackets.
    problems.push(`the document "${keyOf.get(issue.documentId)}": ${issue.path.join('/')}: ${issue.message}`)

  const intendedFindings: ResolvedFinding[] = []
  for (const finding of manifest.intendedFindings) {
    const documentId = ids.get(finding.document)
    if (documentId === undefined)
      problems.push(
        `an intended finding (${finding.code}) names "${finding.document}", which is not a document key`,
      )
    else intendedFindings.push({ code: finding.code, documentId, path: finding.path, why: finding.why })
  }

  const project = NewProjectSchema.safeParse(
    {
      title: manifest.title,
      acronym: manifest.acronym,
      programme: manifest.programme,
      grantNumber: manifest.grantNumber,
      partners: manifest.partners.map((partner) => ({
        id: freshId(`the partner "${partner.name}"`),
        ...partner,
      })),
      languages: manifest.languages,
    },
    { error: templateErrorMap },
  )
  if (!project.success) problems.push(...zodProblems('the example manifest', project.error))
  fail()

  return { project: project.data!, documents, intendedFindings, notes: manifest.notes }
}

/**
 * The same example with other document ids: `ids` maps each id the example was built with to the one to use.
 * For a store that assigns document ids itself: create the documents, then reassign and save their fields.
 */
export function reassignDocumentIds(
  example: ExampleProject,
  ids: ReadonlyMap<string, string>,
  catalogue: ExampleCatalogue,
): ExampleProject {
  const idFor = (id: string) => {
    const next = ids.get(id)
    if (next === undefined) throw new Error(`no new id is given for the example document ${id}`)
    return next
  }
  return {
    ...example,
    documents: example.documents.map((document) => {
      const template = catalogue.templates.get(document.templateId)
      if (!template) throw new Error(`the template "${document.templateId}" is not in the catalogue`)
      return {
        ...document,
        id: idFor(document.id),
        fields: renameReferences(template, document.fields, idFor) as FieldValues,
      }
    }),
    intendedFindings: example.intendedFindings.map((finding) => ({
      ...finding,
      documentId: idFor(finding.documentId),
    })),
  }
}

/** The example's documents as the consistency checks read them. */
export function exampleProjectDocuments(example: ExampleProject): ProjectDocument[] {
  return example.documents.map(({ id, title, templateId, fields }) => ({ id, title, templateId, fields }))
}
