import { countWords, plainTextOf, type RichText } from '../model'
import {
  validateFieldValue,
  type ImageValue,
  type MatrixValue,
  type SourceValue,
  type TableValue,
  type ValueContext,
} from './field-values'
import { groupItemsAt, itemsOf, locationText, titleOf, type ItemContext } from './group-paths'
import type { PathSegment } from './problems'
import {
  DEFAULT_LIST_ITEM_MAX_LENGTH,
  DEFAULT_TEXT_MAX_LENGTH,
  type Template,
  type TemplateField,
} from './template-schema'
import { sectionsOf } from './template-walk'

/**
 * How complete a document is, per field, per section and as a whole. Rules (docs/template-format.md,
 * "Completeness"): a required field must be filled; word limits apply to text that is there; item and row
 * minimums apply always (they are requirements of their own); limits are checked inside every group item too.
 * Messages are English for the CLI and logs; the UI translates from `code` and `params`.
 */

export type IssueSeverity = 'error' | 'warning'

export type CompletenessCode =
  | 'required'
  | 'too-few-words'
  | 'too-many-words'
  | 'too-long'
  | 'below-min'
  | 'above-max'
  | 'not-integer'
  | 'too-few-items'
  | 'too-many-items'
  | 'too-few-rows'
  | 'too-many-rows'
  | 'matrix-incomplete'
  | 'image-without-alt'
  | 'source-without-title'
  | 'invalid-value'

export interface Issue<Code extends string = string> {
  code: Code
  /** error: something required is missing or wrong; warning: over a limit, or a recommendation. */
  severity: IssueSeverity
  message: string
  /** What the message says, for translation: always `field` and `label`; then `count`, `min`, `max`, `item`… */
  params: Record<string, string | number>
  /** Field ids and item ids from the document root: `['modules', '<itemId>', 'credits']`. */
  path: PathSegment[]
}

export interface FieldCompleteness {
  /** Something has been written or chosen. */
  filled: boolean
  /** No issues. */
  complete: boolean
  issues: Issue<CompletenessCode>[]
  /** Words written, for text and rich text ("120 / 600 words"). */
  words?: number
  /** Items, rows, entries or cells filled, for the collection types. */
  count?: number
}

export interface SectionCompleteness {
  id: string
  /** The enclosing section, for a subsection. A section's counts cover its own fields, not its subsections'. */
  parentId?: string
  complete: boolean
  filled: number
  total: number
  issues: Issue<CompletenessCode>[]
}

export interface Completeness {
  fields: Record<string, FieldCompleteness>
  sections: SectionCompleteness[]
  document: {
    /** Share of the template's fields that are filled and have no issues: how much of it is written. */
    percent: number
    complete: boolean
    filled: number
    total: number
    issues: Issue<CompletenessCode>[]
  }
}

interface Scope {
  path: PathSegment[]
  chain: readonly ItemContext[]
  /** The value was validated as part of the group around it. */
  validated: boolean
}

interface Env {
  template: Template
  root: Readonly<Record<string, unknown>>
  values: ValueContext
}

interface Result {
  filled: boolean
  issues: Issue<CompletenessCode>[]
  words?: number
  count?: number
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`

class Reporter {
  readonly issues: Issue<CompletenessCode>[] = []
  readonly subject: string
  readonly where: Record<string, string | number>
  constructor(
    readonly field: TemplateField,
    readonly scope: Scope,
  ) {
    this.subject = `“${field.label.en}”${locationText(scope.chain)}`
    // The outermost item is what a person looks for first ("module 2"), so it is the one the params name.
    const outer = scope.chain[0]
    this.where = outer
      ? { group: outer.group.label.en, item: outer.index + 1, itemTitle: titleOf(outer.group, outer.item) }
      : {}
  }
  add(
    code: CompletenessCode,
    severity: IssueSeverity,
    message: string,
    params: Record<string, string | number> = {},
    extraPath: PathSegment[] = [],
  ) {
    this.issues.push({
      code,
      severity,
      message,
      params: { field: this.field.id, label: this.field.label.en, ...this.where, ...params },
      path: [...this.scope.path, ...extraPath],
    })
  }
  limits(count: number, min: number | undefined, max: number | undefined, unit: 'items' | 'rows') {
    const [one, many] = unit === 'rows' ? ['row', 'rows'] : ['entry', 'entries']
    if (min !== undefined && count < min)
      this.add(
        unit === 'rows' ? 'too-few-rows' : 'too-few-items',
        'error',
        `${this.subject} has ${plural(count, one, many)}; it needs at least ${min}.`,
        { count, min },
      )
    if (max !== undefined && count > max)
      this.add(
        unit === 'rows' ? 'too-many-rows' : 'too-many-items',
        'warning',
        `${this.subject} has ${plural(count, one, many)}; at most ${max} are allowed.`,
        { count, max },
      )
  }
  words(words: number, min: number | undefined, max: number | undefined) {
    if (min !== undefined && words < min)
      this.add(
        'too-few-words',
        'error',
        `${this.subject} has ${plural(words, 'word', 'words')}; write at least ${min}.`,
        {
          count: words,
          min,
        },
      )
    if (max !== undefined && words > max)
      this.add(
        'too-many-words',
        'warning',
        `${this.subject} has ${plural(words, 'word', 'words')}; the limit is ${max}.`,
        {
          count: words,
          max,
        },
      )
  }
}

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === ''

function checkText(text: string, report: Reporter, minWords?: number, maxWords?: number): Result {
  const filled = text.trim() !== ''
  const words = countWords(text)
  if (filled) report.words(words, minWords, maxWords)
  return { filled, issues: report.issues, words }
}

function checkField(field: TemplateField, value: unknown, scope: Scope, env: Env): Result {
  const report = new Reporter(field, scope)
  const invalid = scope.validated ? [] : validateFieldValue(field, value, env.values)
  if (invalid.length > 0) {
    for (const issue of invalid)
      report.add(
        'invalid-value',
        'error',
        `${report.subject} holds a value that does not fit: ${issue.message}.`,
        {
          detail: issue.message,
        },
      )
    return { filled: true, issues: report.issues }
  }
  const result = measure(field, value, report, env)
  if (field.required && !result.filled && !report.issues.some((issue) => issue.code.startsWith('too-few')))
    report.add('required', 'error', `${report.subject} is required.`)
  return { ...result, issues: report.issues }
}

function measure(field: TemplateField, value: unknown, report: Reporter, env: Env): Result {
  const { scope } = report
  switch (field.type) {
    case 'text': {
      const text = typeof value === 'string' ? value : ''
      const result = checkText(text, report, field.minWords, field.maxWords)
      const limit = field.maxLength ?? DEFAULT_TEXT_MAX_LENGTH
      if (text.length > limit)
        report.add(
          'too-long',
          'warning',
          `${report.subject} is ${text.length} characters long; the limit is ${limit}.`,
          {
            count: text.length,
            max: limit,
          },
        )
      return result
    }
    case 'richText':
      return checkText(
        value === undefined ? '' : plainTextOf(value as RichText),
        report,
        field.minWords,
        field.maxWords,
      )
    case 'number': {
      if (typeof value !== 'number') return { filled: false, issues: [] }
      if (field.min !== undefined && value < field.min)
        report.add('below-min', 'error', `${report.subject} is ${value}; it must be at least ${field.min}.`, {
          value,
          min: field.min,
        })
      if (field.max !== undefined && value > field.max)
        report.add('above-max', 'error', `${report.subject} is ${value}; it must be at most ${field.max}.`, {
          value,
          max: field.max,
        })
      if (field.integer && !Number.isInteger(value))
        report.add('not-integer', 'error', `${report.subject} must be a whole number; it is ${value}.`, {
          value,
        })
      return { filled: true, issues: [] }
    }
    case 'date': {
      if (typeof value !== 'string') return { filled: false, issues: [] }
      if (field.min !== undefined && value < field.min)
        report.add(
          'below-min',
          'error',
          `${report.subject} is ${value}; it must be on or after ${field.min}.`,
          { value, min: field.min },
        )
      if (field.max !== undefined && value > field.max)
        report.add(
          'above-max',
          'error',
          `${report.subject} is ${value}; it must be on or before ${field.max}.`,
          { value, max: field.max },
        )
      return { filled: true, issues: [] }
    }
    case 'choice': {
      if (!field.multiple) return { filled: typeof value === 'string' && value !== '', issues: [] }
      const count = Array.isArray(value) ? value.length : 0
      report.limits(count, field.minItems, field.maxItems, 'items')
      return { filled: count > 0, issues: [], count }
    }
    case 'list': {
      const items = Array.isArray(value) ? (value as string[]) : []
      const limit = field.maxLength ?? DEFAULT_LIST_ITEM_MAX_LENGTH
      items.forEach((item, index) => {
        if (item.length > limit)
          report.add(
            'too-long',
            'warning',
            `Entry ${index + 1} of ${report.subject} is ${item.length} characters long; the limit is ${limit}.`,
            { count: item.length, max: limit, entry: index + 1 },
            [index],
          )
      })
      const count = items.filter((item) => item.trim() !== '').length
      report.limits(count, field.minItems, field.maxItems, 'items')
      return { filled: count > 0, issues: [], count }
    }
    case 'group': {
      const items = itemsOf(value)
      report.limits(items.length, field.minItems, field.maxItems, 'items')
      items.forEach((item, index) => {
        const chain = [...scope.chain, { group: field, item, index }]
        for (const member of field.fields) {
          const memberValue = Object.hasOwn(item.values, member.id) ? item.values[member.id] : undefined
          const memberScope = { path: [...scope.path, item.id, member.id], chain, validated: true }
          report.issues.push(...checkField(member, memberValue, memberScope, env).issues)
        }
      })
      return { filled: items.length > 0, issues: [], count: items.length }
    }
    case 'table': {
      const rows = value === undefined ? [] : (value as TableValue).rows
      report.limits(rows.length, field.minRows, field.maxRows, 'rows')
      const filled = rows.some((row) => Object.values(row.cells).some((cell) => cellFilled(cell)))
      return { filled, issues: [], count: rows.length }
    }
    case 'matrix': {
      const rows = groupItemsAt(env.template, env.root, field.rows)
      const columns = groupItemsAt(env.template, env.root, field.columns)
      const cells = (value ?? {}) as MatrixValue
      let count = 0
      for (const row of rows)
        for (const column of columns) if (!isBlank(cells[row.id]?.[column.id])) count += 1
      const total = rows.length * columns.length
      if (field.required && count > 0 && count < total)
        report.add(
          'matrix-incomplete',
          'error',
          `${report.subject} has ${total - count} of ${total} cells still empty.`,
          {
            count,
            total,
            missing: total - count,
          },
        )
      return { filled: count > 0, issues: [], count }
    }
    case 'reference': {
      const count = Array.isArray(value) ? value.length : 0
      if (field.multiple) report.limits(count, field.minItems, field.maxItems, 'items')
      return { filled: count > 0, issues: [], count }
    }
    case 'image': {
      const image = (value ?? null) as ImageValue | null
      if (image && image.alt.trim() === '')
        report.add(
          'image-without-alt',
          'warning',
          `${report.subject} has no alternative text; describe the image for readers who cannot see it.`,
        )
      return { filled: image !== null, issues: [] }
    }
    case 'sources': {
      const sources = (value ?? []) as SourceValue[]
      sources.forEach((source, index) => {
        if (source.title.trim() === '')
          report.add(
            'source-without-title',
            'warning',
            `Source ${index + 1} of ${report.subject} has no title.`,
            { entry: index + 1 },
            [source.id],
          )
      })
      report.limits(sources.length, field.minItems, field.maxItems, 'items')
      return { filled: sources.length > 0, issues: [], count: sources.length }
    }
  }
}

function cellFilled(cell: unknown): boolean {
  if (cell === null || cell === undefined) return false
  if (typeof cell === 'number') return true
  if (typeof cell === 'string') return cell.trim() !== ''
  return plainTextOf(cell as RichText).trim() !== ''
}

/** Completeness of a document against its template. Pure and fast enough to run on every edit. */
export function checkCompleteness(
  template: Template,
  fields: Readonly<Record<string, unknown>>,
  context: ValueContext = {},
): Completeness {
  const env: Env = { template, root: fields, values: context }
  const byField: Record<string, FieldCompleteness> = {}
  const sections: SectionCompleteness[] = []
  for (const { section, parentId } of sectionsOf(template)) {
    const issues: Issue<CompletenessCode>[] = []
    let filled = 0
    for (const field of section.fields) {
      const value = Object.hasOwn(fields, field.id) ? fields[field.id] : undefined
      const result = checkField(field, value, { path: [field.id], chain: [], validated: false }, env)
      byField[field.id] = {
        filled: result.filled,
        complete: result.issues.length === 0,
        issues: result.issues,
        ...(result.words !== undefined ? { words: result.words } : {}),
        ...(result.count !== undefined ? { count: result.count } : {}),
      }
      if (result.filled) filled += 1
      issues.push(...result.issues)
    }
    sections.push({
      id: section.id,
      ...(parentId !== undefined ? { parentId } : {}),
      complete: issues.length === 0,
      filled,
      total: section.fields.length,
      issues,
    })
  }
  const all = Object.values(byField)
  const done = all.filter((field) => field.filled && field.complete).length
  const issues = sections.flatMap((section) => section.issues)
  return {
    fields: byField,
    sections,
    document: {
      percent: all.length === 0 ? 100 : Math.round((100 * done) / all.length),
      complete: issues.length === 0,
      filled: all.filter((field) => field.filled).length,
      total: all.length,
      issues,
    },
  }
}
