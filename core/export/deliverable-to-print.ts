import { PLAIN_TEMPLATE, RichTextSchema } from '../model'
import {
  itemsOf,
  localise,
  type ProjectDocuments,
  type ReferenceTarget,
  type Template,
  type Vocabulary,
} from '../templates'
import { documentToPrint, fieldsToPrint, type ExportableDocument } from './document-to-print'
import {
  type Block,
  type FigureBlock,
  type HeadingBlock,
  type HeadingLevel,
  type LabelledValue,
  type PrintCover,
  type PrintDocument,
  type PrintLogo,
} from './print-model'
import { richTextToBlocks } from './rich-text-to-print'
import { exportStrings } from './strings'

/**
 * A Deliverable document and the documents it bundles → one publication: the cover with the Erasmus+ data, the
 * document history, the deliverable's own summary and introduction, every bundled document as a chapter in the
 * order the deliverable lists them, the conclusions and the annexes. The field ids are the shipped deliverable
 * template's (templates/catalogue/deliverable.json); a user template of kind "deliverable" that renames them
 * prints what it still has.
 */

export const DELIVERABLE = {
  kind: 'deliverable',
  programme: 'programme',
  action: 'action',
  projectNumber: 'projectNumber',
  projectAcronym: 'projectAcronym',
  projectTitle: 'projectTitle',
  workPackage: 'workPackage',
  deliverableNumber: 'deliverableNumber',
  deliverableTitle: 'deliverableTitle',
  leadPartner: 'leadPartner',
  authors: 'authors',
  authorName: 'authorName',
  authorOrganisation: 'authorOrganisation',
  version: 'version',
  issueDate: 'issueDate',
  disseminationLevel: 'disseminationLevel',
  licence: 'licence',
  fundingStatement: 'fundingStatement',
  grantingAuthority: 'grantingAuthority',
  keywords: 'keywords',
  coverImage: 'coverImage',
  executiveSummary: 'executiveSummary',
  introduction: 'introduction',
  documents: 'documents',
  conclusions: 'conclusions',
  annexes: 'annexes',
  annexTitle: 'annexTitle',
  annexContent: 'annexContent',
  annexDocument: 'annexDocument',
  documentHistory: 'documentHistory',
} as const

/** Any document of the project, as the exporters read it. */
export interface PublicationInput {
  /** The document to print: a deliverable compiles into a publication, any other document prints alone. */
  document: ExportableDocument
  documents: readonly ExportableDocument[]
  templates: ReadonlyMap<string, Template>
  vocabularies: ReadonlyMap<string, Vocabulary>
  /** The partners' logos, in the order the cover shows them. */
  logos?: readonly PrintLogo[]
  /** Used when the deliverable leaves its own fields empty. */
  project?: { acronym: string; title: string; programme: string; grantNumber: string }
}

export class MissingTemplateError extends Error {
  constructor(readonly templateId: string) {
    super(`The template "${templateId}" is not installed.`)
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function textField(fields: Readonly<Record<string, unknown>>, id: string): string {
  const value = fields[id]
  return typeof value === 'string' ? value.trim() : ''
}

function projectOf(input: PublicationInput): ProjectDocuments {
  return { documents: input.documents, templates: input.templates }
}

/**
 * The blocks of one document in a publication: a chapter heading (numbered `numbering`, or the deliverable's own
 * document kind), then its sections one level down. Free-text documents print their body under the heading.
 */
function chapterBlocks(
  input: PublicationInput,
  document: ExportableDocument,
  numbering: string,
  idPrefix: string,
  chapterAnchors: ReadonlyMap<string, string>,
): Block[] {
  const heading: HeadingBlock = {
    kind: 'heading',
    level: 1,
    numbering,
    text: document.title,
    id: `${idPrefix}chapter`,
    inContents: true,
  }
  const level: HeadingLevel = 1
  if (document.templateId === PLAIN_TEMPLATE.id) {
    const body = RichTextSchema.safeParse(document.fields[PLAIN_TEMPLATE.bodyField])
    let counter = 0
    const blocks = body.success
      ? richTextToBlocks(body.data, { headingLevel: 2, newId: () => `${idPrefix}h${++counter}` })
      : []
    return [heading, ...blocks]
  }
  const template = input.templates.get(document.templateId)
  if (!template) throw new MissingTemplateError(document.templateId)
  const printed = documentToPrint({
    document,
    template,
    vocabularies: input.vocabularies,
    project: projectOf(input),
    idPrefix,
    chapter: { numbering, level },
    chapterAnchors,
  })
  return [heading, ...printed.blocks]
}

/**
 * Document id → the id of the heading its chapter starts with (see chapterBlocks), for cross-references. A document
 * printed twice (bundled and annexed) is linked to where it is printed first.
 */
function chapterAnchorsOf(prefixes: ReadonlyArray<readonly [string, string]>): ReadonlyMap<string, string> {
  const anchors = new Map<string, string>()
  for (const [documentId, idPrefix] of prefixes)
    if (!anchors.has(documentId)) anchors.set(documentId, `${idPrefix}chapter`)
  return anchors
}

function referencedDocuments(input: PublicationInput, value: unknown): ExportableDocument[] {
  const targets = (Array.isArray(value) ? value : []).filter(
    (target): target is ReferenceTarget => isRecord(target) && typeof target.documentId === 'string',
  )
  const byId = new Map(input.documents.map((document) => [document.id, document]))
  return targets
    .map((target) => byId.get(target.documentId))
    .filter((document): document is ExportableDocument => document !== undefined)
}

/** A rich-text field of the deliverable as an unnumbered or numbered chapter; nothing when it is empty. */
function richChapter(
  deliverable: ExportableDocument,
  fieldId: string,
  heading: Omit<HeadingBlock, 'kind' | 'level' | 'inContents'>,
): Block[] {
  const body = RichTextSchema.safeParse(deliverable.fields[fieldId])
  if (!body.success) return []
  let counter = 0
  const blocks = richTextToBlocks(body.data, {
    headingLevel: 2,
    newId: () => `${heading.id}-h${++counter}`,
  })
  if (blocks.length === 0) return []
  return [{ kind: 'heading', level: 1, inContents: true, ...heading }, ...blocks]
}

function hasNumbered(blocks: readonly Block[], kind: 'table' | 'figure'): boolean {
  const visit = (block: Block): boolean => {
    if (kind === 'figure' && block.kind === 'figure') return true
    if (kind === 'table' && block.kind === 'table' && block.caption) return true
    if (block.kind === 'quote') return block.blocks.some(visit)
    if (block.kind === 'list') return block.items.some((item) => item.blocks.some(visit))
    if (block.kind === 'table') return block.rows.some((row) => row.some((cell) => cell.blocks.some(visit)))
    return false
  }
  return blocks.some(visit)
}

/** The print model of a deliverable: the whole publication. */
export function deliverableToPrint(input: PublicationInput): PrintDocument {
  const { document } = input
  const template = input.templates.get(document.templateId)
  if (!template) throw new MissingTemplateError(document.templateId)
  const language = document.language
  const strings = exportStrings(language)
  const fields = document.fields
  const base = {
    document,
    template,
    vocabularies: input.vocabularies,
    project: projectOf(input),
    idPrefix: 'deliverable-',
  }
  const label = (fieldId: string, fallback: string): string => {
    const field = template.sections
      .flatMap((section) => [section, ...(section.sections ?? [])])
      .flatMap((section) => section.fields)
      .find((candidate) => candidate.id === fieldId)
    return field ? localise(field.label, language).text : fallback
  }

  const title = textField(fields, DELIVERABLE.deliverableTitle) || document.title
  const acronym = textField(fields, DELIVERABLE.projectAcronym) || input.project?.acronym || ''
  const number = textField(fields, DELIVERABLE.deliverableNumber)
  const authors = itemsOf(fields[DELIVERABLE.authors])
    .map((item) => ({
      name:
        typeof item.values[DELIVERABLE.authorName] === 'string' ? String(item.values.authorName).trim() : '',
      organisation:
        typeof item.values[DELIVERABLE.authorOrganisation] === 'string'
          ? String(item.values.authorOrganisation).trim()
          : '',
    }))
    .filter((author) => author.name !== '')
  const authorNames =
    authors.length > 0 ? authors.map((author) => author.name) : document.authors.map((author) => author.name)

  // The short cover fields print as the template labels them, in the deliverable's language.
  const detailBlocks = fieldsToPrint(
    base,
    [
      DELIVERABLE.projectNumber,
      DELIVERABLE.workPackage,
      DELIVERABLE.deliverableNumber,
      DELIVERABLE.leadPartner,
      DELIVERABLE.version,
      DELIVERABLE.issueDate,
      DELIVERABLE.disseminationLevel,
      DELIVERABLE.licence,
    ],
    1,
  )
  const details: LabelledValue[] = detailBlocks.flatMap((block) =>
    block.kind === 'labelledValues' ? block.entries : [],
  )
  if (
    !details.some((entry) => entry.label === label(DELIVERABLE.projectNumber, '')) &&
    input.project?.grantNumber
  )
    details.unshift({
      label: label(DELIVERABLE.projectNumber, 'Project number'),
      value: [{ kind: 'text', text: input.project.grantNumber }],
    })
  if (authors.length > 0) {
    const leadIndex = details.findIndex((entry) => entry.label === label(DELIVERABLE.leadPartner, ''))
    details.splice(leadIndex < 0 ? details.length : leadIndex + 1, 0, {
      label: label(DELIVERABLE.authors, 'Authors'),
      value: authors.flatMap((author, index) => [
        ...(index > 0 ? [{ kind: 'lineBreak' as const }] : []),
        {
          kind: 'text' as const,
          text: author.organisation ? `${author.name} (${author.organisation})` : author.name,
        },
      ]),
    })
  }
  const image = fieldsToPrint(base, [DELIVERABLE.coverImage], 1).find(
    (block): block is FigureBlock => block.kind === 'figure',
  )
  const authority = textField(fields, DELIVERABLE.grantingAuthority) || strings.grantingAuthority
  const cover: PrintCover = {
    programme: [
      textField(fields, DELIVERABLE.programme) || input.project?.programme || '',
      textField(fields, DELIVERABLE.action),
    ]
      .filter((part) => part !== '')
      .join(' · '),
    acronym,
    projectTitle: textField(fields, DELIVERABLE.projectTitle) || input.project?.title || '',
    deliverableNumber: number,
    title,
    details,
    funding: fields[DELIVERABLE.fundingStatement] === 'funded' ? 'funded' : 'co-funded',
    logos: [...(input.logos ?? [])],
    disclaimer: strings.disclaimer(authority),
    ...(image ? { image } : {}),
  }

  // The history table goes before the contents, under a heading of its own rather than as a numbered table.
  const front: Block[] = fieldsToPrint(base, [DELIVERABLE.documentHistory], 1).map((block) =>
    block.kind === 'table' ? { ...block, caption: undefined } : block,
  )
  if (front.length > 0)
    front.unshift({
      kind: 'heading',
      level: 1,
      numbering: '',
      text: label(DELIVERABLE.documentHistory, 'Document history'),
      id: 'deliverable-history',
      inContents: false,
    })

  const blocks: Block[] = []
  blocks.push(
    ...richChapter(document, DELIVERABLE.executiveSummary, {
      numbering: '',
      text: label(DELIVERABLE.executiveSummary, 'Executive summary'),
      id: 'deliverable-summary',
    }),
  )
  let chapter = 0
  const nextChapter = () => String(++chapter)
  const introduction = richChapter(document, DELIVERABLE.introduction, {
    numbering: String(chapter + 1),
    text: label(DELIVERABLE.introduction, 'Introduction'),
    id: 'deliverable-introduction',
  })
  if (introduction.length > 0) {
    nextChapter()
    blocks.push({ kind: 'pageBreak' }, ...introduction)
  }
  const bundled = referencedDocuments(input, fields[DELIVERABLE.documents])
  const annexes = itemsOf(fields[DELIVERABLE.annexes]).map((annex) =>
    referencedDocuments(input, annex.values[DELIVERABLE.annexDocument]),
  )
  const anchors = chapterAnchorsOf([
    ...bundled.map((document, index) => [document.id, `d${index + 1}-`] as const),
    ...annexes.flatMap((annexed, index) =>
      annexed.map((document, position) => [document.id, `annex${index + 1}-d${position + 1}-`] as const),
    ),
  ])
  bundled.forEach((document, index) => {
    blocks.push(
      { kind: 'pageBreak' },
      ...chapterBlocks(input, document, nextChapter(), `d${index + 1}-`, anchors),
    )
  })
  const conclusions = richChapter(document, DELIVERABLE.conclusions, {
    numbering: String(chapter + 1),
    text: label(DELIVERABLE.conclusions, 'Conclusions'),
    id: 'deliverable-conclusions',
  })
  if (conclusions.length > 0) {
    nextChapter()
    blocks.push({ kind: 'pageBreak' }, ...conclusions)
  }
  itemsOf(fields[DELIVERABLE.annexes]).forEach((annex, index) => {
    const annexTitle =
      typeof annex.values[DELIVERABLE.annexTitle] === 'string' ? String(annex.values.annexTitle).trim() : ''
    const id = `annex${index + 1}-`
    const heading: HeadingBlock = {
      kind: 'heading',
      level: 1,
      numbering: strings.annex(index + 1),
      text: annexTitle,
      id: `${id}chapter`,
      inContents: true,
    }
    const content = RichTextSchema.safeParse(annex.values[DELIVERABLE.annexContent])
    let counter = 0
    const body = content.success
      ? richTextToBlocks(content.data, { headingLevel: 2, newId: () => `${id}h${++counter}` })
      : []
    const annexed = (annexes[index] ?? []).flatMap((annexDocument, position) =>
      // The annex heading already names it: the annexed document's own title becomes a sub-heading.
      chapterBlocks(input, annexDocument, `A${index + 1}`, `${id}d${position + 1}-`, anchors).map(
        (block, at) =>
          at === 0 && block.kind === 'heading'
            ? { ...block, level: 2 as const, numbering: '', inContents: false }
            : block,
      ),
    )
    blocks.push({ kind: 'pageBreak' }, heading, ...body, ...annexed)
  })

  const keywords = (
    Array.isArray(fields[DELIVERABLE.keywords]) ? (fields[DELIVERABLE.keywords] as unknown[]) : []
  ).filter((keyword): keyword is string => typeof keyword === 'string' && keyword.trim() !== '')
  const all = [...front, ...blocks]
  return {
    metadata: {
      title,
      header: [acronym, number ? `${number} ${title}` : title].filter((part) => part !== '').join(' · '),
      language,
      authors: authorNames,
      subject: localise(template.title, language).text,
      ...(keywords.length > 0 ? { keywords } : {}),
    },
    cover,
    front,
    lists: { tables: hasNumbered(all, 'table'), figures: hasNumbered(all, 'figure') },
    blocks,
  }
}

/** The print model of any document: a deliverable compiles into its publication, others print alone. */
export function publicationToPrint(input: PublicationInput): PrintDocument {
  const { document } = input
  const template = input.templates.get(document.templateId)
  if (template?.kind === DELIVERABLE.kind) return deliverableToPrint(input)
  const metadata = {
    title: document.title,
    language: document.language,
    authors: document.authors.map((author) => author.name),
  }
  if (document.templateId === PLAIN_TEMPLATE.id) {
    const body = RichTextSchema.safeParse(document.fields[PLAIN_TEMPLATE.bodyField])
    let counter = 0
    const blocks = body.success
      ? richTextToBlocks(body.data, { headingLevel: 1, newId: () => `${document.id}-h${++counter}` })
      : []
    return { metadata, blocks }
  }
  if (!template) throw new MissingTemplateError(document.templateId)
  return documentToPrint({
    document,
    template,
    vocabularies: input.vocabularies,
    project: projectOf(input),
  })
}

/**
 * The whole project as one publication, when it has no deliverable to compile: every document a chapter, in the
 * project's order, with the project's acronym in the header. The language is the first document's.
 */
export function projectToPrint(
  input: Omit<PublicationInput, 'document'> & {
    project: NonNullable<PublicationInput['project']>
  },
): PrintDocument {
  const language = input.documents[0]?.language ?? 'en'
  const blocks: Block[] = []
  const anchors = chapterAnchorsOf(input.documents.map((document, index) => [document.id, `d${index + 1}-`]))
  input.documents.forEach((document, index) => {
    if (index > 0) blocks.push({ kind: 'pageBreak' })
    blocks.push(
      ...chapterBlocks({ ...input, document }, document, String(index + 1), `d${index + 1}-`, anchors),
    )
  })
  const authors = [
    ...new Set(input.documents.flatMap((document) => document.authors.map((author) => author.name))),
  ]
  return {
    metadata: {
      title: input.project.title,
      header: input.project.acronym || input.project.title,
      language,
      authors,
    },
    lists: { tables: hasNumbered(blocks, 'table'), figures: hasNumbered(blocks, 'figure') },
    blocks,
  }
}
