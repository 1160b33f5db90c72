import type { LanguageCode } from '../model'
import { languagesOf } from './localise'
import type { TemplateProblem } from './problems'
import {
  checkTemplateStructure,
  parseTemplateText,
  validateTemplate,
  validateVocabulary,
  type Checked,
  type TemplateContext,
} from './template-checks'
import type { LocalisedText, Template, TemplateKind, Vocabulary } from './template-schema'

/**
 * The catalogue: every template and vocabulary that loaded, and a problem for every file that did not. Pure:
 * the files arrive as text (load-from-disk.ts reads them in Node; the renderer may pass a dropped file), so
 * the rules are the same wherever a template comes from.
 */

export type TemplateOrigin = 'built-in' | 'user'

export interface SourceFile {
  /** How problems name the file: its path on disk, as given. */
  file: string
  text: string
}

export interface CatalogueInput {
  builtIn: { templates: readonly SourceFile[]; vocabularies: readonly SourceFile[] }
  /** The library's own templates (`<library>/templates/*.json`). */
  user?: { templates: readonly SourceFile[] }
  /** Files the reader could not turn into text (too large, unreadable, not UTF-8), reported with the rest. */
  readProblems?: readonly TemplateProblem[]
}

export interface Catalogue {
  templates: ReadonlyMap<string, Template>
  vocabularies: ReadonlyMap<string, Vocabulary>
  /** Where each loaded template came from. */
  origins: ReadonlyMap<string, { origin: TemplateOrigin; file: string }>
  /** Template ids of the built-in catalogue, including those whose file failed its checks: users cannot take them. */
  reservedIds: ReadonlySet<string>
  problems: readonly TemplateProblem[]
}

interface Candidate {
  file: string
  template: Template
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file
}

function parseSource<T>(
  source: SourceFile,
  validate: (file: string, value: unknown) => Checked<T>,
): Checked<T> {
  const json = parseTemplateText(source.file, source.text)
  return json.ok ? validate(source.file, json.value) : json
}

/**
 * Built-in files must be named after their id, so the catalogue folder reads as a list of ids and two files
 * cannot silently compete for one. The library's own files are named by importTemplate and are not held to it.
 */
function namedAfterId(file: string, id: string, problems: TemplateProblem[]): boolean {
  if (baseName(file) === `${id}.json`) return true
  problems.push({ file, path: 'id', message: `the file of "${id}" must be named ${id}.json` })
  return false
}

function contextFor(
  vocabularies: ReadonlyMap<string, Vocabulary>,
  preferred: readonly Template[],
  fallback: readonly Template[],
): TemplateContext {
  return {
    vocabularies,
    // A reference's path is checked against the built-in templates of the target kind; the user's own ones
    // count only for kinds the catalogue does not have, so a user file can never break a built-in template.
    templatesOfKind: (kind: TemplateKind) => {
      const built = preferred.filter((template) => template.kind === kind)
      return built.length > 0 ? built : fallback.filter((template) => template.kind === kind)
    },
  }
}

export function buildCatalogue(input: CatalogueInput): Catalogue {
  const problems: TemplateProblem[] = [...(input.readProblems ?? [])]
  const byFile = (a: SourceFile, b: SourceFile) => a.file.localeCompare(b.file)

  const vocabularies = new Map<string, Vocabulary>()
  const vocabularyFiles = new Map<string, string>()
  for (const source of [...input.builtIn.vocabularies].sort(byFile)) {
    const checked = parseSource(source, validateVocabulary)
    if (!checked.ok) {
      problems.push(...checked.problems)
      continue
    }
    const { id } = checked.value
    const earlier = vocabularyFiles.get(id)
    if (earlier !== undefined) {
      problems.push({
        file: source.file,
        path: 'id',
        message: `the vocabulary id "${id}" is already used by ${earlier}`,
      })
      continue
    }
    if (!namedAfterId(source.file, id, problems)) continue
    vocabularies.set(id, checked.value)
    vocabularyFiles.set(id, source.file)
  }

  const reservedIds = new Set<string>()
  const collect = (
    sources: readonly SourceFile[],
    origin: TemplateOrigin,
    taken: ReadonlyMap<string, string>,
  ) => {
    const candidates: Candidate[] = []
    const files = new Map<string, string>()
    for (const source of [...sources].sort(byFile)) {
      const checked = parseSource(source, validateTemplate)
      if (!checked.ok) {
        problems.push(...checked.problems)
        continue
      }
      const { id } = checked.value
      if (origin === 'built-in') reservedIds.add(id)
      const earlier = files.get(id)
      if (origin === 'user' && (taken.has(id) || reservedIds.has(id))) {
        problems.push({
          file: source.file,
          path: 'id',
          message: `"${id}" is the id of a template that comes with HECSOs Studio; give your template an id of its own`,
        })
        continue
      }
      if (earlier !== undefined) {
        problems.push({
          file: source.file,
          path: 'id',
          message: `the template id "${id}" is already used by ${earlier}`,
        })
        continue
      }
      if (origin === 'built-in' && !namedAfterId(source.file, id, problems)) continue
      files.set(id, source.file)
      candidates.push({ file: source.file, template: checked.value })
    }
    return candidates
  }

  const templates = new Map<string, Template>()
  const origins = new Map<string, { origin: TemplateOrigin; file: string }>()
  const admit = (candidates: readonly Candidate[], origin: TemplateOrigin, context: TemplateContext) => {
    for (const { file, template } of candidates) {
      const found = checkTemplateStructure(file, template, context)
      if (found.length > 0) {
        problems.push(...found)
        continue
      }
      templates.set(template.id, template)
      origins.set(template.id, { origin, file })
    }
  }

  const builtIn = collect(input.builtIn.templates, 'built-in', new Map())
  const builtInTemplates = builtIn.map(({ template }) => template)
  admit(builtIn, 'built-in', contextFor(vocabularies, builtInTemplates, []))

  const builtInFiles = new Map(builtIn.map(({ file, template }) => [template.id, file]))
  const user = collect(input.user?.templates ?? [], 'user', builtInFiles)
  admit(
    user,
    'user',
    contextFor(
      vocabularies,
      builtInTemplates,
      user.map(({ template }) => template),
    ),
  )

  // Grouped by file, in the order met within each file, so an author sees everything about one file together.
  const ordered = problems.map((problem, index) => ({ problem, index }))
  ordered.sort((a, b) => a.problem.file.localeCompare(b.problem.file) || a.index - b.index)
  return { templates, vocabularies, origins, reservedIds, problems: ordered.map(({ problem }) => problem) }
}

/** What a new user template is checked against: the loaded vocabularies and templates. */
export function catalogueContext(catalogue: Catalogue): TemplateContext {
  const all = [...catalogue.templates.values()]
  const builtIn = all.filter((template) => catalogue.origins.get(template.id)?.origin === 'built-in')
  return contextFor(catalogue.vocabularies, builtIn, all)
}

/**
 * Checks a template file's text as a user template for this catalogue (`hecsos template check`, Import
 * template): its own rules, the vocabularies and kinds it names, and that it does not take a built-in id.
 */
export function checkUserTemplateText(file: string, text: string, catalogue: Catalogue): Checked<Template> {
  const json = parseTemplateText(file, text)
  if (!json.ok) return json
  const checked = validateTemplate(file, json.value, catalogueContext(catalogue))
  if (!checked.ok) return checked
  const { id } = checked.value
  if (catalogue.reservedIds.has(id) || catalogue.origins.get(id)?.origin === 'built-in')
    return {
      ok: false,
      problems: [
        {
          file,
          path: 'id',
          message: `"${id}" is the id of a template that comes with HECSOs Studio; give your template an id of its own`,
        },
      ],
    }
  return checked
}

export interface TemplateSummary {
  id: string
  version: number
  kind: TemplateKind
  objective: Template['objective']
  title: LocalisedText
  /** The languages all its titles and labels are translated into. */
  languages: LanguageCode[]
  origin: TemplateOrigin
}

/** One line per template for `hecsos templates` and the template picker, built-in first, then by id. */
export function templateSummaries(catalogue: Catalogue): TemplateSummary[] {
  return [...catalogue.templates.values()]
    .map((template) => ({
      id: template.id,
      version: template.version,
      kind: template.kind,
      objective: template.objective,
      title: template.title,
      languages: languagesOf(template),
      origin: catalogue.origins.get(template.id)?.origin ?? 'user',
    }))
    .sort((a, b) => (a.origin === b.origin ? a.id.localeCompare(b.id) : a.origin === 'built-in' ? -1 : 1))
}
