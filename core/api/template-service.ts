import {
  PLAIN_TEMPLATE,
  type DocumentContent,
  type FieldValues,
  type HecsosDocument,
  type NewDocument,
} from '../model'
import { StoreError, type StoredDocument } from '../store/library-store'
import {
  eachField,
  emptyFieldValues,
  migrateDocument,
  templateSummaries,
  validateFieldValues,
  type Catalogue,
  type Template,
} from '../templates'
import { importTemplate } from '../templates/load-from-disk'
import type { TemplateDetails, TemplateImport, TemplateList } from './contract'
import type { CatalogueSource } from './template-catalogue'

/**
 * The rules that tie documents to their templates, applied by the handlers whoever calls them: a new document
 * starts with its template's empty fields; an opened document is brought to its template's current version;
 * a save is checked against the template, so a malformed value never reaches the disk.
 */
export class TemplateService {
  constructor(
    private readonly source: CatalogueSource,
    private readonly newId: () => string,
  ) {}

  async list(): Promise<TemplateList> {
    const catalogue = await this.source.current()
    return { templates: templateSummaries(catalogue), problems: [...catalogue.problems] }
  }

  async details(templateId: string): Promise<TemplateDetails> {
    const catalogue = await this.source.current()
    const template = this.require(catalogue, templateId)
    const used = new Set<string>()
    eachField(template, (field) => {
      if (field.type === 'choice' && field.vocabulary) used.add(field.vocabulary)
    })
    const vocabularies = [...used].flatMap((id) => {
      const vocabulary = catalogue.vocabularies.get(id)
      return vocabulary ? [vocabulary] : []
    })
    return { template, vocabularies }
  }

  async import(file: string): Promise<TemplateImport> {
    const result = await importTemplate(file, this.source.userDir, await this.source.current())
    if (!result.ok) return result
    const catalogue = await this.source.reload()
    const summary = templateSummaries(catalogue).find((entry) => entry.id === result.template.id)
    if (!summary) throw new Error(`The imported template ${result.template.id} did not load.`)
    return { ok: true, template: summary, replaced: result.replaced }
  }

  /** Completes a new document's input from its template: current version, and empty fields unless given. */
  async prepareNew(input: NewDocument): Promise<NewDocument> {
    const templateId = input.templateId ?? PLAIN_TEMPLATE.id
    if (templateId === PLAIN_TEMPLATE.id) return { ...input, templateVersion: PLAIN_TEMPLATE.version }
    const catalogue = await this.source.current()
    const template = this.require(catalogue, templateId)
    const fields = input.fields ?? emptyFieldValues(template, this.newId)
    this.assertValid(catalogue, template, fields)
    return { ...input, templateId, templateVersion: template.version, fields }
  }

  /**
   * Brings a document written against an older version of its template up to date, in memory: the next save
   * writes it. A document newer than the installed template is returned as it is (the editor then warns).
   */
  async open(stored: StoredDocument): Promise<StoredDocument> {
    const template = await this.templateOf(stored.document)
    if (!template || stored.document.templateVersion >= template.version) return stored
    const migration = migrateDocument(stored.document, template, this.newId)
    return migration.ok ? { ...stored, document: migration.document } : stored
  }

  /** Checks a save against the document's template, and lets a migrated document record its new version. */
  async checkSave(current: HecsosDocument, content: DocumentContent): Promise<void> {
    const catalogue = await this.source.current()
    const template =
      current.templateId === PLAIN_TEMPLATE.id ? undefined : catalogue.templates.get(current.templateId)
    if (content.templateVersion !== undefined && content.templateVersion !== current.templateVersion) {
      if (
        !template ||
        content.templateVersion !== template.version ||
        content.templateVersion < current.templateVersion
      ) {
        throw new StoreError(
          'invalid-input',
          `A document can only move to the installed version of its template (${template?.version ?? 'none installed'}).`,
        )
      }
    }
    if (template) this.assertValid(catalogue, template, content.fields)
  }

  private async templateOf(document: Pick<HecsosDocument, 'templateId'>): Promise<Template | undefined> {
    if (document.templateId === PLAIN_TEMPLATE.id) return undefined
    return (await this.source.current()).templates.get(document.templateId)
  }

  private require(catalogue: Catalogue, templateId: string): Template {
    const template = catalogue.templates.get(templateId)
    if (!template) {
      throw new StoreError(
        'not-found',
        `There is no template "${templateId}". List the installed templates with: hecsos templates`,
      )
    }
    return template
  }

  private assertValid(catalogue: Catalogue, template: Template, fields: FieldValues): void {
    const [first, ...rest] = validateFieldValues(template, fields, { vocabularies: catalogue.vocabularies })
    if (!first) return
    const more = rest.length > 0 ? ` (and ${rest.length} more)` : ''
    throw new StoreError('invalid-input', `${first.path.join('.')}: ${first.message}${more}`)
  }
}
