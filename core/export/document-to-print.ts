import { isRichText, type Author } from '../model'
import { dateTimeFormat, numberFormat } from '../model/intl-formats'
import {
  coverageMatrix,
  curriculaOf,
  CURRICULUM,
  itemsOf,
  levelMatrix,
  localise,
  resolveReference,
  titleOf,
  type ChoiceField,
  type GroupField,
  type ImageValue,
  type LocalisedText,
  type MatrixField,
  type ProjectDocuments,
  type ReferenceField,
  type ReferenceTarget,
  type Section,
  type SourceValue,
  type Subsection,
  type TableField,
  type TableValue,
  type Template,
  type TemplateField,
  type Vocabulary,
} from '../templates'
import {
  paragraph,
  text,
  type Block,
  type HeadingLevel,
  type Inline,
  type LabelledValue,
  type PrintDocument,
  type TableBlock,
  type TableCell,
} from './print-model'
import { richTextToBlocks } from './rich-text-to-print'
import { exportStrings, type ExportStrings } from './strings'

/**
 * One document and its template → the print model, in the template's order. Everything the reader sees is in
 * the DOCUMENT's language (labels, section titles, vocabulary labels, dates, numbers), whatever the app's
 * interface language is, because the print goes to readers of the document. Empty fields print nothing: a
 * printed "—" for each unanswered question reads as a form, not a publication. Fields the template no longer
 * has are left out (they stay in the document; see docs/template-format.md).
 */

export interface ExportableDocument {
  id: string
  title: string
  language: string
  authors: readonly Author[]
  templateId: string
  fields: Readonly<Record<string, unknown>>
}

export interface DocumentToPrintInput {
  document: ExportableDocument
  template: Template
  vocabularies: ReadonlyMap<string, Vocabulary>
  /** The project's documents and their templates: reference targets' titles and the curriculum's coverage table. */
  project?: ProjectDocuments
  /** Prefixes every block id, so several documents can share one publication; the document id by default. */
  idPrefix?: string
  /**
   * Where the document sits in a publication: its sections become headings one level below `level` and are
   * numbered after `numbering` ("3" gives 3.1, 3.2). A document printed alone has neither (sections 1, 2 at level 1).
   */
  chapter?: { numbering: string; level: HeadingLevel }
  /**
   * Where each document printed in the same publication begins (document id → its chapter heading's id): a
   * reference to one of them becomes a link to it. A document printed alone links nowhere.
   */
  chapterAnchors?: ReadonlyMap<string, string>
}

const MAX_LEVEL = 4

interface Context {
  language: string
  strings: ExportStrings
  input: DocumentToPrintInput
  newId: () => string
}

const level = (value: number): HeadingLevel => Math.min(MAX_LEVEL, Math.max(1, value)) as HeadingLevel

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function label(context: Context, localised: LocalisedText): string {
  return localise(localised, context.language).text
}

function formatNumber(context: Context, value: number): string {
  return numberFormat(context.language, { maximumFractionDigits: 2 }).format(value)
}

function formatDate(context: Context, iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return iso
  // UTC both ways, so the printed day never shifts with the machine's time zone.
  return dateTimeFormat(context.language, { dateStyle: 'long', timeZone: 'UTC' }).format(date)
}

function choiceLabel(context: Context, field: ChoiceField, id: string): string {
  const entries =
    field.options ??
    (field.vocabulary ? context.input.vocabularies.get(field.vocabulary)?.entries : undefined) ??
    []
  const entry = entries.find((candidate) => candidate.id === id)
  return entry ? label(context, entry.label) : id
}

function referenceTitle(context: Context, field: ReferenceField, target: ReferenceTarget): string {
  const project = context.input.project
  const resolved = project ? resolveReference(project, field, target) : undefined
  if (!resolved) return target.itemId ?? target.documentId
  if (target.itemId !== undefined) return resolved.item?.title || target.itemId
  return resolved.document.title
}

/** The target's title, linked to where the target is printed when it is in the same publication. */
function referenceInline(context: Context, field: ReferenceField, target: ReferenceTarget): Inline {
  const title = text(referenceTitle(context, field, target))
  const anchor = context.input.chapterAnchors?.get(target.documentId)
  return anchor ? { kind: 'link', href: `#${anchor}`, children: [title] } : title
}

/** Short values print as labelled values; undefined when the field is empty or not a short field. */
function shortValue(context: Context, field: TemplateField, value: unknown): Inline[] | undefined {
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.trim() !== '' ? [text(value.trim())] : undefined
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined
      const unit = field.unit ? ` ${label(context, field.unit)}` : ''
      return [text(`${formatNumber(context, value)}${unit}`)]
    }
    case 'date':
      return typeof value === 'string' && value !== '' ? [text(formatDate(context, value))] : undefined
    case 'choice': {
      const ids = (Array.isArray(value) ? value : [value]).filter(
        (id): id is string => typeof id === 'string' && id !== '',
      )
      return ids.length > 0 ? [text(ids.map((id) => choiceLabel(context, field, id)).join('; '))] : undefined
    }
    case 'reference': {
      const targets = (Array.isArray(value) ? value : []).filter(
        (target): target is ReferenceTarget => isRecord(target) && typeof target.documentId === 'string',
      )
      return targets.length > 0
        ? targets.flatMap((target, index) => [
            ...(index > 0 ? [text('; ')] : []),
            referenceInline(context, field, target),
          ])
        : undefined
    }
    default:
      return undefined
  }
}

const SHORT_TYPES: ReadonlySet<TemplateField['type']> = new Set([
  'text',
  'number',
  'date',
  'choice',
  'reference',
])

function fieldHeading(context: Context, field: TemplateField, headingLevel: number): Block {
  return {
    kind: 'heading',
    level: level(headingLevel),
    numbering: '',
    text: label(context, field.label),
    id: context.newId(),
    inContents: false,
  }
}

/** "Author (Year). Title. Publisher. URL": one style for every source list, empty parts left out. */
export function sourceInlines(source: SourceValue, strings: ExportStrings): Inline[] {
  const inlines: Inline[] = []
  const author = source.author.trim()
  const year = source.year === null ? strings.noDate : String(source.year)
  inlines.push(text(author ? `${author} (${year}). ` : `(${year}). `))
  const title = source.title.trim()
  if (title) inlines.push(text(/[.?!]$/.test(title) ? title : `${title}.`, { italic: true }))
  const publisher = source.publisher.trim()
  if (publisher) inlines.push(text(` ${/[.?!]$/.test(publisher) ? publisher : `${publisher}.`}`))
  const url = source.url.trim()
  if (url) inlines.push(text(' '), { kind: 'link', href: url, children: [text(url)] })
  return inlines
}

function cellBlocks(context: Context, value: unknown, headingLevel: number, unit: string): Block[] {
  if (typeof value === 'number' && Number.isFinite(value))
    return [paragraph(`${formatNumber(context, value)}${unit}`)]
  if (typeof value === 'string') return value.trim() === '' ? [] : [paragraph(value.trim())]
  if (isRichText(value))
    return richTextToBlocks(value, { headingLevel: level(headingLevel), newId: context.newId })
  return []
}

function tableOf(
  context: Context,
  field: TableField,
  value: unknown,
  headingLevel: number,
): TableBlock | undefined {
  const rows =
    isRecord(value) && Array.isArray((value as Partial<TableValue>).rows)
      ? (value as unknown as TableValue).rows
      : []
  const filled = rows.filter((row) => isRecord(row) && isRecord(row.cells))
  if (filled.length === 0) return undefined
  const header: TableCell[] = field.columns.map((column) => {
    const unit = column.unit ? ` (${label(context, column.unit)})` : ''
    return { blocks: [paragraph([text(`${label(context, column.label)}${unit}`, { bold: true })])] }
  })
  return {
    kind: 'table',
    headerRows: 1,
    caption: label(context, field.label),
    // Numbers stay narrow; prose columns share what is left, rich text twice as much as a short text.
    columns: field.columns.map((column) =>
      column.type === 'number'
        ? { kind: 'auto' }
        : { kind: 'share', weight: column.type === 'richText' ? 2 : 1 },
    ),
    rows: [
      header,
      ...filled.map((row) =>
        field.columns.map((column) => ({
          blocks: cellBlocks(
            context,
            Object.hasOwn(row.cells, column.id) ? row.cells[column.id] : undefined,
            headingLevel + 1,
            '',
          ),
        })),
      ),
    ],
    wide: field.columns.length > 5,
  }
}

function matrixOf(context: Context, field: MatrixField): TableBlock | undefined {
  const matrix = levelMatrix(context.input.document, context.input.template, field.id)
  if (!matrix || matrix.rows.length === 0 || matrix.columns.length === 0) return undefined
  if (matrix.rows.every((row) => row.cells.every((cell) => cell.descriptor.trim() === ''))) return undefined
  const rowLabel = (title: string, position: number[]) =>
    title || context.strings.item(position[position.length - 1] ?? 0)
  return {
    kind: 'table',
    headerRows: 1,
    rowHeaders: true,
    caption: label(context, field.label),
    columns: [
      { kind: 'share', weight: 1.2 },
      ...matrix.columns.map(() => ({ kind: 'share' as const, weight: 1 })),
    ],
    rows: [
      [
        { blocks: [] },
        ...matrix.columns.map((column) => ({
          blocks: [paragraph([text(rowLabel(column.title, column.position), { bold: true })])],
        })),
      ],
      ...matrix.rows.map((row) => [
        { blocks: [paragraph([text(rowLabel(row.title, row.position), { bold: true })])] },
        ...row.cells.map((cell) => ({
          blocks: cell.descriptor.trim() ? [paragraph(cell.descriptor.trim())] : [],
        })),
      ]),
    ],
    wide: matrix.columns.length > 4,
  }
}

/** The curriculum's competence × module table, when this document is a curriculum whose framework is in the project. */
function coverageOf(context: Context): TableBlock | undefined {
  const project = context.input.project
  if (!project || context.input.template.kind !== CURRICULUM.kind) return undefined
  const view = curriculaOf(project).find((candidate) => candidate.curriculum.id === context.input.document.id)
  const matrix = view && coverageMatrix(view)
  if (!matrix || matrix.rows.length === 0 || matrix.modules.length === 0) return undefined
  return {
    kind: 'table',
    headerRows: 1,
    rowHeaders: true,
    caption: context.strings.coverage,
    columns: [{ kind: 'share', weight: 3 }, ...matrix.modules.map(() => ({ kind: 'auto' as const }))],
    rows: [
      [
        { blocks: [paragraph([text(context.strings.competence, { bold: true })])] },
        ...matrix.modules.map((module) => ({
          blocks: [paragraph([text(module.code || module.title, { bold: true })])],
        })),
      ],
      ...matrix.rows.map((row) => [
        {
          blocks: [paragraph(row.title || context.strings.item(row.position[row.position.length - 1] ?? 0))],
        },
        ...row.cells.map((cell) => ({
          blocks: [paragraph(cell.targetLevels.length > 0 ? cell.targetLevels.join(', ') : '–')],
        })),
      ]),
    ],
    wide: matrix.modules.length > 5,
  }
}

/**
 * The blocks of a list of fields (a section's, or a group item's members). Runs of short fields gather into one
 * labelled-values block; longer fields get a heading of their own at `headingLevel`.
 */
function fieldsToBlocks(
  context: Context,
  fields: readonly TemplateField[],
  values: Readonly<Record<string, unknown>>,
  headingLevel: number,
  skip?: string,
): Block[] {
  const blocks: Block[] = []
  let run: LabelledValue[] = []
  const flush = () => {
    if (run.length > 0) blocks.push({ kind: 'labelledValues', entries: run })
    run = []
  }
  for (const field of fields) {
    if (field.id === skip) continue
    const value = Object.hasOwn(values, field.id) ? values[field.id] : undefined
    if (SHORT_TYPES.has(field.type)) {
      const short = shortValue(context, field, value)
      if (short) run.push({ label: label(context, field.label), value: short })
      continue
    }
    const fieldBlocks = longFieldBlocks(context, field, value, headingLevel)
    if (fieldBlocks.length === 0) continue
    flush()
    blocks.push(...fieldBlocks)
  }
  flush()
  return blocks
}

function longFieldBlocks(
  context: Context,
  field: TemplateField,
  value: unknown,
  headingLevel: number,
): Block[] {
  switch (field.type) {
    case 'richText': {
      if (!isRichText(value)) return []
      const body = richTextToBlocks(value, { headingLevel: level(headingLevel + 1), newId: context.newId })
      return body.length > 0 ? [fieldHeading(context, field, headingLevel), ...body] : []
    }
    case 'list': {
      const items = (Array.isArray(value) ? value : []).filter(
        (item): item is string => typeof item === 'string' && item.trim() !== '',
      )
      if (items.length === 0) return []
      return [
        fieldHeading(context, field, headingLevel),
        { kind: 'list', ordered: false, items: items.map((item) => ({ blocks: [paragraph(item.trim())] })) },
      ]
    }
    case 'group':
      return groupBlocks(context, field, value, headingLevel)
    case 'table': {
      const table = tableOf(context, field, value, headingLevel)
      return table ? [table] : []
    }
    case 'matrix': {
      const table = matrixOf(context, field)
      return table ? [table] : []
    }
    case 'image': {
      if (!isRecord(value) || typeof value.assetId !== 'string') return []
      const image = value as unknown as ImageValue
      return [
        {
          kind: 'figure',
          assetId: image.assetId,
          caption: (image.caption ?? '').trim(),
          alt: (image.alt ?? '').trim(),
          credit: (image.credit ?? '').trim(),
        },
      ]
    }
    case 'sources': {
      const sources = (Array.isArray(value) ? value : []).filter(
        (source): source is SourceValue => isRecord(source) && typeof source.title === 'string',
      )
      if (sources.length === 0) return []
      return [
        fieldHeading(context, field, headingLevel),
        {
          kind: 'list',
          ordered: false,
          items: sources.map((source) => ({
            blocks: [{ kind: 'paragraph', inlines: sourceInlines(source, context.strings) }],
          })),
        },
      ]
    }
    default:
      return []
  }
}

function groupBlocks(context: Context, group: GroupField, value: unknown, headingLevel: number): Block[] {
  const items = itemsOf(value)
  if (items.length === 0) return []
  const blocks: Block[] = [fieldHeading(context, group, headingLevel)]
  items.forEach((item, index) => {
    const members = fieldsToBlocks(context, group.fields, item.values, headingLevel + 2, group.itemTitle)
    const title = titleOf(group, item) || context.strings.item(index + 1)
    if (group.itemTitle !== undefined && headingLevel + 1 > MAX_LEVEL)
      // Past the deepest heading level (learning outcomes inside modules) a bold line reads better than a
      // heading that looks exactly like the group's own label above it.
      blocks.push({ kind: 'paragraph', inlines: [text(title, { bold: true })] })
    else if (group.itemTitle !== undefined) {
      blocks.push({
        kind: 'heading',
        level: level(headingLevel + 1),
        numbering: '',
        text: title,
        id: context.newId(),
        // Items of a group one level below a section (modules, organisations) are worth finding from the contents.
        inContents: headingLevel + 1 <= 3,
      })
    }
    blocks.push(...members)
  })
  return blocks.length > 1 ? blocks : []
}

function sectionBlocks(
  context: Context,
  section: Section | Subsection,
  numbering: string,
  headingLevel: number,
  idPrefix: string,
): Block[] {
  const body = fieldsToBlocks(context, section.fields, context.input.document.fields, headingLevel + 1)
  if (section.fields.some((field) => field.type === 'group' && field.id === CURRICULUM.modules)) {
    const coverage = coverageOf(context)
    if (coverage) body.push(coverage)
  }
  const subsections = ('sections' in section ? (section.sections ?? []) : []).flatMap((subsection, index) =>
    sectionBlocks(context, subsection, `${numbering}.${index + 1}`, headingLevel + 1, idPrefix),
  )
  if (body.length === 0 && subsections.length === 0) return []
  return [
    {
      kind: 'heading',
      level: level(headingLevel),
      numbering,
      text: label(context, section.title),
      id: `${idPrefix}${section.id}`,
      inContents: true,
    },
    ...body,
    ...subsections,
  ]
}

function contextOf(input: DocumentToPrintInput, idPrefix: string): Context {
  let counter = 0
  return {
    language: input.document.language,
    strings: exportStrings(input.document.language),
    input,
    newId: () => `${idPrefix}h${++counter}`,
  }
}

/**
 * The blocks of some of a document's fields, outside its sections: a publication places the deliverable's own
 * fields (its summary, its history table) where it wants them. Long fields get headings at `headingLevel`.
 */
export function fieldsToPrint(
  input: DocumentToPrintInput,
  fieldIds: readonly string[],
  headingLevel: HeadingLevel,
): Block[] {
  const context = contextOf(input, input.idPrefix ?? `${input.document.id}-`)
  const wanted = new Set(fieldIds)
  const fields = input.template.sections
    .flatMap((section) => [section, ...(section.sections ?? [])])
    .flatMap((section) => section.fields)
    .filter((field) => wanted.has(field.id))
    .sort((a, b) => fieldIds.indexOf(a.id) - fieldIds.indexOf(b.id))
  return fieldsToBlocks(context, fields, input.document.fields, headingLevel)
}

/** The print model of one document. Sections are numbered 1, 1.1 in template order; empty sections are left out. */
export function documentToPrint(input: DocumentToPrintInput): PrintDocument {
  const { document, template } = input
  const language = document.language
  const idPrefix = input.idPrefix ?? `${document.id}-`
  const context = contextOf(input, idPrefix)
  const numberPrefix = input.chapter ? `${input.chapter.numbering}.` : ''
  const firstLevel = input.chapter ? input.chapter.level + 1 : 1
  const blocks: Block[] = []
  let number = 0
  for (const section of template.sections) {
    // Numbers follow the printed sections, so leaving out an empty one leaves no gap ("1, 2, 4").
    const printed = sectionBlocks(context, section, `${numberPrefix}${number + 1}`, firstLevel, idPrefix)
    if (printed.length === 0) continue
    number += 1
    blocks.push(...printed)
  }
  const keywords = template.sections
    .flatMap((section) => [section, ...(section.sections ?? [])])
    .flatMap((section) => section.fields)
    .filter((field) => field.type === 'list' && field.id === 'keywords')
    .flatMap((field) => {
      const value = document.fields[field.id]
      return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
    })
  return {
    metadata: {
      title: document.title,
      language,
      authors: document.authors.map((author) => author.name),
      subject: label(context, template.title),
      ...(keywords.length > 0 ? { keywords } : {}),
    },
    blocks,
  }
}
