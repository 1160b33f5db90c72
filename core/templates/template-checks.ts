import { parseUntrustedJson, UnsafeJsonError } from '../model'
import { fieldValueSchema, type ValueContext } from './field-values'
import {
  formatPath,
  problemsFromZod,
  templateErrorMap,
  type PathSegment,
  type TemplateProblem,
} from './problems'
import {
  MAX_TEMPLATE_DEPTH,
  MAX_TEMPLATE_FILE_BYTES,
  TemplateSchema,
  VocabularySchema,
  type GroupField,
  type Template,
  type TemplateField,
  type TemplateKind,
  type Vocabulary,
} from './template-schema'
import { eachField, resolveGroupPath, sectionsOf, topLevelFields } from './template-walk'

/** What a template is checked against beyond itself: the vocabularies and the templates its references target. */
export interface TemplateContext {
  vocabularies: ReadonlyMap<string, Vocabulary>
  /** The templates whose structure a reference to this kind must fit (see catalogue.ts for which ones). */
  templatesOfKind(kind: TemplateKind): readonly Template[]
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: TemplateProblem[] }

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return `line ${line}, column ${column}`
}

/** How deep the brackets of a JSON text go, measured before parsing because parsing deep text overflows the stack. */
function nestingOf(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]
    if (inString) {
      if (char === '\\') index += 1
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '{' || char === '[') deepest = Math.max(deepest, ++depth)
    else if (char === '}' || char === ']') depth -= 1
  }
  return deepest
}

/**
 * Text → JSON value, with the file-level refusals: too large, not JSON, forbidden keys, nesting too deep.
 * A leading byte-order mark is dropped, because Windows editors write one and it is not an error of the author's.
 */
export function parseTemplateText(file: string, text: string): Checked<unknown> {
  const fail = (message: string): Checked<unknown> => ({ ok: false, problems: [{ file, path: '', message }] })
  const bytes = new TextEncoder().encode(text).length
  if (bytes > MAX_TEMPLATE_FILE_BYTES)
    return fail(`the file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; a template file may be at most 1 MiB`)
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  if (source.trim() === '') return fail('the file is empty')
  if (nestingOf(source) > MAX_TEMPLATE_DEPTH)
    return fail(`cannot be read: it is nested more than ${MAX_TEMPLATE_DEPTH} levels deep`)
  let value: unknown
  try {
    value = parseUntrustedJson(source)
  } catch (error) {
    if (error instanceof UnsafeJsonError) {
      const at = source.indexOf(`"${error.path}"`)
      const where = at >= 0 ? ` (${lineAndColumn(source, at)})` : ''
      return fail(`contains the key "${error.path}"${where}, which is never allowed in a HECSOs file`)
    }
    const reason = error instanceof Error ? error.message : String(error)
    const position = /position (\d+)/.exec(reason)
    const where =
      position && !/line \d+/.test(reason) ? ` (${lineAndColumn(source, Number(position[1]))})` : ''
    return fail(`is not valid JSON: ${reason}${where}`)
  }
  return { ok: true, value }
}

const tooBig = (low: number | string | undefined, high: number | string | undefined) =>
  low !== undefined && high !== undefined && low > high

/** The limit pairs of each field type, checked as min ≤ max. */
const LIMIT_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['minWords', 'maxWords'],
  ['min', 'max'],
  ['minItems', 'maxItems'],
  ['minRows', 'maxRows'],
]

class ProblemList {
  readonly problems: TemplateProblem[] = []
  constructor(readonly file: string) {}
  add(path: readonly PathSegment[], message: string): void {
    this.problems.push({ file: this.file, path: formatPath(path), message })
  }
}

function checkField(
  field: TemplateField,
  path: PathSegment[],
  out: ProblemList,
  template: Template,
  context?: TemplateContext,
) {
  const limits = field as unknown as Record<string, number | string | undefined>
  for (const [low, high] of LIMIT_PAIRS) {
    if (tooBig(limits[low], limits[high]))
      out.add(
        [...path, low],
        `${low} (${String(limits[low])}) is greater than ${high} (${String(limits[high])})`,
      )
  }
  switch (field.type) {
    case 'choice':
      if (field.vocabulary === undefined && field.options === undefined)
        out.add(
          path,
          'a choice needs either "vocabulary" (the id of a shared vocabulary) or "options" (its own entries)',
        )
      if (field.vocabulary !== undefined && field.options !== undefined)
        out.add([...path, 'options'], 'give either "vocabulary" or "options", not both')
      if (!field.multiple) checkOnlyWhenMultiple(field, path, out)
      if (field.options) checkUnique(field.options, [...path, 'options'], 'entry id', out)
      if (field.vocabulary !== undefined && context && !context.vocabularies.has(field.vocabulary)) {
        const known = [...context.vocabularies.keys()].sort().join(', ')
        out.add(
          [...path, 'vocabulary'],
          `there is no vocabulary "${field.vocabulary}" (the loaded ones are: ${known || 'none'})`,
        )
      }
      break
    case 'reference':
      if (!field.multiple) checkOnlyWhenMultiple(field, path, out)
      if (field.target.items !== undefined) {
        if (field.target.kind === undefined)
          out.add(
            [...path, 'target', 'items'],
            '"items" needs a "kind": the path is looked up in the templates of that kind',
          )
        else if (context)
          checkTargetPath(field.target.kind, field.target.items, [...path, 'target', 'items'], out, context)
      }
      break
    case 'group':
      checkUnique(field.fields, [...path, 'fields'], 'field id', out)
      checkItemTitle(field, path, out)
      if (field.default !== undefined)
        checkDefaults(field, field.default, [...path, 'default'], out, context ?? {})
      break
    case 'table':
      checkUnique(field.columns, [...path, 'columns'], 'column id', out)
      field.columns.forEach((column, index) => {
        if (column.unit !== undefined && column.type !== 'number')
          out.add(
            [...path, 'columns', index, 'unit'],
            `only a number column has a unit; this column is ${column.type}`,
          )
      })
      break
    case 'matrix':
      for (const key of ['rows', 'columns'] as const) {
        const resolved = resolveGroupPath(template, field[key])
        if (!resolved.ok)
          out.add([...path, key], `"${field[key]}" does not lead to a repeatable group: ${resolved.reason}`)
      }
      break
    default:
      break
  }
}

function checkOnlyWhenMultiple(
  field: { minItems?: number; maxItems?: number },
  path: PathSegment[],
  out: ProblemList,
) {
  for (const key of ['minItems', 'maxItems'] as const) {
    if (field[key] !== undefined) out.add([...path, key], `${key} applies only when "multiple" is true`)
  }
}

function checkUnique(
  items: ReadonlyArray<{ id: string }>,
  path: PathSegment[],
  what: string,
  out: ProblemList,
) {
  const first = new Map<string, number>()
  items.forEach((item, index) => {
    const earlier = first.get(item.id)
    if (earlier === undefined) first.set(item.id, index)
    else
      out.add(
        [...path, index, 'id'],
        `the ${what} "${item.id}" is already used at ${formatPath([...path, earlier])}`,
      )
  })
}

function checkItemTitle(group: GroupField, path: PathSegment[], out: ProblemList) {
  if (group.itemTitle === undefined) return
  const member = group.fields.find((candidate) => candidate.id === group.itemTitle)
  if (!member) out.add([...path, 'itemTitle'], `"${group.itemTitle}" is not a field of this group`)
  else if (member.type !== 'text')
    out.add(
      [...path, 'itemTitle'],
      `"${group.itemTitle}" must name a text field of the group; it is a ${member.type} field`,
    )
}

function checkDefaults(
  group: GroupField,
  items: ReadonlyArray<Record<string, unknown>>,
  path: PathSegment[],
  out: ProblemList,
  context: ValueContext,
) {
  if (group.maxItems !== undefined && items.length > group.maxItems)
    out.add(path, `gives ${items.length} default items, but the group allows at most ${group.maxItems}`)
  items.forEach((item, index) => {
    for (const [key, value] of Object.entries(item)) {
      const member = group.fields.find((candidate) => candidate.id === key)
      const at = [...path, index, key]
      if (!member) {
        out.add(at, `"${key}" is not a field of this group`)
      } else if (member.type === 'group') {
        if (
          Array.isArray(value) &&
          value.every((nested) => nested !== null && typeof nested === 'object' && !Array.isArray(nested))
        )
          checkDefaults(member, value as Array<Record<string, unknown>>, at, out, context)
        else out.add(at, 'the default of a nested group is a list of objects, one per item')
      } else {
        const result = fieldValueSchema(member, context).safeParse(value, { error: templateErrorMap })
        if (!result.success) {
          for (const issue of result.error.issues)
            out.add(
              [...at, ...(issue.path as PathSegment[])],
              `is not a valid ${member.type} value: ${issue.message}`,
            )
        }
      }
    }
  })
}

function checkTargetPath(
  kind: TemplateKind,
  items: string,
  path: PathSegment[],
  out: ProblemList,
  context: TemplateContext,
) {
  const targets = context.templatesOfKind(kind)
  if (targets.length === 0) {
    out.add(path, `no template of kind "${kind}" is loaded, so "${items}" cannot be checked`)
    return
  }
  for (const target of targets) {
    const resolved = resolveGroupPath(target, items)
    if (!resolved.ok)
      out.add(
        path,
        `"${items}" does not lead to a repeatable group in the template "${target.id}": ${resolved.reason}`,
      )
  }
}

function checkMigrations(template: Template, out: ProblemList) {
  const current = new Set(topLevelFields(template).map(({ field }) => field.id))
  const seenFrom = new Map<number, number>()
  ;(template.migrations ?? []).forEach((step, index) => {
    const at: PathSegment[] = ['migrations', index]
    if (step.to !== step.from + 1)
      out.add([...at, 'to'], `a step goes from one version to the next: "to" must be ${step.from + 1}`)
    if (step.to > template.version)
      out.add([...at, 'to'], `goes to version ${step.to}, but this template is version ${template.version}`)
    const earlier = seenFrom.get(step.from)
    if (earlier !== undefined)
      out.add([...at, 'from'], `version ${step.from} already has a step at migrations[${earlier}]`)
    seenFrom.set(step.from, index)
    const targets = new Map<string, string>()
    for (const [from, to] of Object.entries(step.renamedFields)) {
      const where = [...at, 'renamedFields', from]
      if (from === to) out.add(where, 'renames a field to its own name')
      const clash = targets.get(to)
      if (clash !== undefined) out.add(where, `"${from}" and "${clash}" are both renamed to "${to}"`)
      targets.set(to, from)
      // Later steps may rename or drop the field again, so only the last step's targets must exist now.
      if (step.to === template.version && !current.has(to))
        out.add(where, `renames "${from}" to "${to}", which is not a top-level field of this template`)
    }
  })
}

/** The cross-checks zod cannot express: unique ids, paths that lead somewhere, limits in order, valid defaults. */
export function checkTemplateStructure(
  file: string,
  template: Template,
  context?: TemplateContext,
): TemplateProblem[] {
  const out = new ProblemList(file)
  const sectionIds = new Map<string, PathSegment[]>()
  for (const { section, path } of sectionsOf(template)) {
    const earlier = sectionIds.get(section.id)
    if (earlier)
      out.add([...path, 'id'], `the section id "${section.id}" is already used at ${formatPath(earlier)}`)
    else sectionIds.set(section.id, path)
  }
  const fieldIds = new Map<string, PathSegment[]>()
  for (const { field, path } of topLevelFields(template)) {
    const earlier = fieldIds.get(field.id)
    if (earlier)
      out.add([...path, 'id'], `the field id "${field.id}" is already used at ${formatPath(earlier)}`)
    else fieldIds.set(field.id, path)
  }
  eachField(template, (field, path) => checkField(field, path, out, template, context))
  checkMigrations(template, out)
  return out.problems
}

/** A template file's JSON value → a template, or every problem found in it. */
export function validateTemplate(file: string, value: unknown, context?: TemplateContext): Checked<Template> {
  const parsed = TemplateSchema.safeParse(value, { error: templateErrorMap })
  if (!parsed.success) return { ok: false, problems: problemsFromZod(file, parsed.error) }
  const problems = checkTemplateStructure(file, parsed.data, context)
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: parsed.data }
}

export function validateVocabulary(file: string, value: unknown): Checked<Vocabulary> {
  const parsed = VocabularySchema.safeParse(value, { error: templateErrorMap })
  if (!parsed.success) return { ok: false, problems: problemsFromZod(file, parsed.error) }
  const out = new ProblemList(file)
  checkUnique(parsed.data.entries, ['entries'], 'entry id', out)
  return out.problems.length > 0 ? { ok: false, problems: out.problems } : { ok: true, value: parsed.data }
}
