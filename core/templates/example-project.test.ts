import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { IdSchema, plainTextOf, type RichText } from '../model'
import type { Catalogue } from './catalogue'
import { checkCompleteness } from './completeness'
import { checkReferences } from './consistency'
import { checkProject, coverageMatrix, curriculaOf } from './domain-checks'
import { loadExampleFiles } from './example-from-disk'
import {
  buildExampleProject,
  exampleProjectDocuments,
  ExampleProjectError,
  reassignDocumentIds,
  type ExampleDocument,
  type ExampleProject,
} from './example-project'
import { validateFieldValues, type GroupItem, type ReferenceTarget } from './field-values'
import { itemsOf } from './group-paths'
import { loadCatalogue } from './load-from-disk'
import { idSource } from './test-support'
import { topLevelFields } from './template-walk'

const TEMPLATES = join(import.meta.dirname, '..', '..', 'templates')
const EXAMPLE = join(TEMPLATES, 'example')

let catalogue: Catalogue
let files: unknown[]
let example: ExampleProject

beforeAll(async () => {
  catalogue = await loadCatalogue({ builtInDir: TEMPLATES })
  files = await loadExampleFiles(EXAMPLE)
  example = build()
})

function build(changedFiles: readonly unknown[] = files, newId = idSource('doc')): ExampleProject {
  return buildExampleProject({ files: changedFiles, newId, catalogue })
}

type PathSegment = string | number

/**
 * A deep copy of the example files with one file changed: each change sets the value at a path inside the file
 * (undefined deletes it). `key` "project" is the manifest.
 */
function filesWith(key: string, ...changes: Array<[path: PathSegment[], value: unknown]>): unknown[] {
  const copy = structuredClone(files) as Array<Record<string, unknown>>
  const file = copy.find((candidate) =>
    key === 'project' ? candidate.kind === 'example-project' : candidate.key === key,
  )
  if (!file) throw new Error(`no example file ${key}`)
  for (const [path, value] of changes) {
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, segment) => (node as Record<PathSegment, unknown>)[segment], file) as Record<
      PathSegment,
      unknown
    >
    const last = path[path.length - 1]!
    if (value === undefined) delete parent[last]
    else parent[last] = value
  }
  return copy
}

/** The problems buildExampleProject reports for the given files. */
function problemsOf(changedFiles: readonly unknown[]): readonly string[] {
  try {
    build(changedFiles)
  } catch (error) {
    if (error instanceof ExampleProjectError) return error.problems
    throw error
  }
  throw new Error('the example built without problems')
}

function documentByKey(key: string): ExampleDocument {
  const document = example.documents.find((candidate) => candidate.key === key)
  if (!document) throw new Error(`no example document ${key}`)
  return document
}

const referencesOf = (value: unknown) => value as ReferenceTarget[]
const items = (value: unknown): GroupItem[] => itemsOf(value)

/** Every string of a document a reader sees: title, short texts, list items, table cells, rich text. */
function textsOf(document: ExampleDocument): string[] {
  const texts: string[] = [document.title]
  const visit = (value: unknown) => {
    if (typeof value === 'string') texts.push(value)
    else if (Array.isArray(value)) value.forEach(visit)
    else if (value !== null && typeof value === 'object') {
      if ((value as RichText).format === 'lexical') texts.push(plainTextOf(value as RichText))
      else Object.values(value).forEach(visit)
    }
  }
  visit(document.fields)
  return texts
}

describe('the example project', () => {
  it('builds with the shipped catalogue: the manifest, and one document per built-in template', () => {
    expect(catalogue.problems).toEqual([])
    const builtIn = [...catalogue.origins]
      .filter(([, origin]) => origin.origin === 'built-in')
      .map(([id]) => id)
    expect(example.documents.map((document) => document.templateId).sort()).toEqual(builtIn.sort())
    expect(example.project).toMatchObject({ acronym: 'HECSOs', programme: 'Erasmus+' })
    expect(example.project.grantNumber).toMatch(/^20\d\d-\d-[A-Z]{2}\d\d-KA220-HED-\d{9}$/)
    expect(new Set(example.project.partners.map((partner) => partner.country))).toEqual(
      new Set(['AT', 'CY', 'GR', 'IT', 'RO', 'ES', 'BE']),
    )
    expect(example.project.partners.filter((partner) => partner.role === 'coordinator')).toHaveLength(1)
    expect(example.project.languages).toEqual(['en', 'de', 'el', 'it', 'ro', 'es'])
    expect(example.notes.join(' ')).toMatch(/grant number .* is an example/)
  })

  it('gives documents and partners fresh ids, and the same example for the same ids', () => {
    const ids = [
      ...example.documents.map((document) => document.id),
      ...example.project.partners.map((p) => p.id),
    ]
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(IdSchema.safeParse(id).success).toBe(true)
    expect(example.documents.map((document) => document.id)).toEqual(
      Array.from({ length: 9 }, (_, index) => `doc-${String(index + 1).padStart(8, '0')}`),
    )
    expect(build()).toEqual(example)
    const other = build(files, idSource('other'))
    expect(other.documents.map((document) => document.id)).not.toEqual(
      example.documents.map((document) => document.id),
    )
  })

  it('has documents that each validate against their template, with every field present', () => {
    for (const document of example.documents) {
      const template = catalogue.templates.get(document.templateId)!
      expect(document.templateVersion).toBe(template.version)
      expect(
        validateFieldValues(template, document.fields, { vocabularies: catalogue.vocabularies }),
      ).toEqual([])
      expect(Object.keys(document.fields).sort()).toEqual(
        topLevelFields(template)
          .map(({ field }) => field.id)
          .sort(),
      )
      expect(document.authors.length).toBeGreaterThan(0)
    }
  })

  it('has references that all resolve, and none left pointing at a key', () => {
    const documents = exampleProjectDocuments(example)
    expect(checkReferences({ documents, templates: catalogue.templates })).toEqual([])
    const keys = new Set(example.documents.map((document) => document.key))
    expect(JSON.stringify(example.documents.map((document) => document.fields))).not.toMatch(
      new RegExp(`"documentId":"(${[...keys].join('|')})"`),
    )
  })

  it('links the documents the way the project works', () => {
    const id = (key: string) => documentByKey(key).id
    const framework = documentByKey('framework')
    const curriculum = documentByKey('curriculum')
    const competenceIds = items(framework.fields.areas).flatMap((area) =>
      items(area.values.competences).map((competence) => competence.id),
    )
    const levels = items(framework.fields.levels)
    expect(levels.map((level) => level.values.band)).toEqual([
      'Foundation',
      'Foundation',
      'Intermediate',
      'Intermediate',
      'Advanced',
      'Advanced',
      'Highly specialised',
      'Highly specialised',
    ])

    // Framework and curriculum reference each other (through the role the curriculum prepares for).
    expect(referencesOf(curriculum.fields.framework)).toEqual([{ documentId: id('framework') }])
    expect(referencesOf(framework.fields.targetRoles)).toEqual([{ documentId: id('role-broker') }])
    expect(referencesOf(curriculum.fields.targetRoles)).toEqual([{ documentId: id('role-broker') }])
    const outcomes = items(curriculum.fields.modules).flatMap((module) =>
      items(module.values.learningOutcomes),
    )
    expect(outcomes.length).toBeGreaterThanOrEqual(10)
    for (const outcome of outcomes) {
      const targets = referencesOf(outcome.values.competences)
      expect(targets.length).toBeGreaterThan(0)
      for (const target of targets) {
        expect(target.documentId).toBe(id('framework'))
        expect(competenceIds).toContain(target.itemId)
      }
      expect(outcome.values.targetLevel).toBeGreaterThanOrEqual(1)
      expect(outcome.values.targetLevel).toBeLessThanOrEqual(levels.length)
    }
    const required = referencesOf(documentByKey('role-broker').fields.requiredCompetences)
    expect(required.map((target) => target.itemId).sort()).toEqual([...competenceIds].sort())

    // The model rests on the case study; the toolkit's tools sit in the model's phases.
    const model = documentByKey('model-co-creation')
    expect(referencesOf(model.fields.evidenceCases)).toEqual([{ documentId: id('case-open-schoolyards') }])
    const phaseIds = items(model.fields.phases).map((phase) => phase.id)
    const toolkit = documentByKey('toolkit-co-creation')
    expect(referencesOf(toolkit.fields.model)).toEqual([{ documentId: id('model-co-creation') }])
    const toolPhases = items(toolkit.fields.tools).flatMap((tool) => referencesOf(tool.values.modelPhases))
    expect(new Set(toolPhases.map((target) => target.itemId))).toEqual(new Set(phaseIds))
    for (const target of toolPhases) expect(target.documentId).toBe(id('model-co-creation'))

    // The recommendations cite the case study and the workshop report.
    const recommendations = items(documentByKey('policy-brief').fields.recommendations)
    const cited = recommendations.flatMap((recommendation) => [
      ...referencesOf(recommendation.values.evidenceCases),
      ...referencesOf(recommendation.values.evidenceWorkshops),
    ])
    expect(new Set(cited.map((target) => target.documentId))).toEqual(
      new Set([id('case-open-schoolyards'), id('workshop-cluj')]),
    )

    // The deliverable bundles three documents, in printing order.
    expect(referencesOf(documentByKey('deliverable-d3-2').fields.documents)).toEqual([
      { documentId: id('role-broker') },
      { documentId: id('framework') },
      { documentId: id('curriculum') },
    ])
  })

  it('shows exactly its intended findings in the completeness, consistency and domain checks', () => {
    const completeness = example.documents.flatMap((document) =>
      checkCompleteness(catalogue.templates.get(document.templateId)!, document.fields, {
        vocabularies: catalogue.vocabularies,
      }).document.issues.map((issue) => ({ ...issue, documentId: document.id })),
    )
    const project = checkProject({
      documents: exampleProjectDocuments(example),
      templates: catalogue.templates,
    })
    const found = [...completeness, ...project].map(({ code, documentId, path }) => ({
      code,
      documentId,
      path: path.map(String),
    }))
    const intended = example.intendedFindings.map(({ code, documentId, path }) => ({
      code,
      documentId,
      path,
    }))
    expect(found).toEqual(expect.arrayContaining(intended))
    expect(found).toHaveLength(intended.length)
    expect(intended.map((finding) => finding.code).sort()).toEqual([
      'competence-not-developed',
      'module-hours-mismatch',
    ])
    // Warnings only: `hecsos check` on the example exits 0.
    expect([...completeness, ...project].every((issue) => issue.severity === 'warning')).toBe(true)
  })

  it('has a coverage matrix in which every competence but one is developed', () => {
    const [view] = curriculaOf({
      documents: exampleProjectDocuments(example),
      templates: catalogue.templates,
    })
    const matrix = coverageMatrix(view!)!
    expect(matrix.frameworkId).toBe(documentByKey('framework').id)
    expect(matrix.rows.filter((row) => !row.developed).map((row) => row.id)).toEqual(['comp-resources'])
    expect(view!.modules.reduce((sum, module) => sum + (module.credits ?? 0), 0)).toBe(view!.ects)
  })

  it('has a Greek and a Romanian document, the rest in English, with the right letters', () => {
    const greek = example.documents.filter((document) => document.language === 'el')
    const romanian = example.documents.filter((document) => document.language === 'ro')
    expect(greek.map((document) => document.key)).toEqual(['case-open-schoolyards'])
    expect(romanian.map((document) => document.key)).toEqual(['workshop-cluj'])
    for (const document of example.documents)
      if (document.language !== 'el' && document.language !== 'ro') expect(document.language).toBe('en')

    const greekText = textsOf(greek[0]!).join('\n')
    expect(greek[0]!.title).toMatch(/\p{Script=Greek}{4}/u)
    // Mostly Greek, not English with a Greek title.
    const letters = greekText.match(/\p{L}/gu) ?? []
    const greekLetters = greekText.match(/\p{Script=Greek}/gu) ?? []
    expect(greekLetters.length / letters.length).toBeGreaterThan(0.9)

    const romanianText = textsOf(romanian[0]!).join('\n')
    expect(romanianText).toMatch(/\u0219/)
    expect(romanianText).toMatch(/\u021B/)
    expect(romanianText).toMatch(/[ăâî]/)
    // The cedilla forms (ş ţ Ş Ţ) are a different, wrong letter in Romanian; they must appear nowhere.
    const everything = JSON.stringify(files)
    expect(everything).not.toMatch(/[\u015E\u015F\u0162\u0163]/)
  })
})

describe('buildExampleProject on broken example data', () => {
  it('names a reference to a document key that does not exist', () => {
    const broken = filesWith('curriculum', [['fields', 'framework'], [{ documentId: 'frame-work' }]])
    expect(problemsOf(broken)).toEqual([
      'the document "curriculum": framework[0] points to "frame-work", which is not a document key',
    ])
  })

  it('names a reference to an item that does not exist, and one to the wrong kind of document', () => {
    const broken = filesWith(
      'role-broker',
      [['fields', 'requiredCompetences', 0, 'itemId'], 'comp-missing'],
      [['fields', 'requiredCompetences', 6], { documentId: 'curriculum', itemId: 'comp-trust' }],
    )
    const problems = problemsOf(broken)
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(
      /^the document "role-broker": requiredCompetences\/comp-missing: .*no longer exists/,
    )
    expect(problems[1]).toMatch(
      /^the document "role-broker": .*which is a curriculum document, not a competency-framework/,
    )
  })

  it('names fields, group members and table columns the template does not have', () => {
    const broken = filesWith(
      'curriculum',
      [['fields', 'programmeTitel'], 'Typo'],
      [['fields', 'modules', 1, 'values', 'ectsCredits'], 6],
      [['fields', 'modules', 1, 'values', 'workload', 'rows', 0, 'cells', 'hour'], 20],
    )
    expect(problemsOf(broken)).toEqual([
      'the document "curriculum": the field "programmeTitel" is not in the template "curriculum"',
      'the document "curriculum": modules[1].values.ectsCredits is not a field of the group "modules"',
      'the document "curriculum": modules[1].values.workload.rows[0].cells.hour is not a column of the table "workload"',
    ])
  })

  it('names values of the wrong shape, with their path', () => {
    const broken = filesWith('curriculum', [['fields', 'ects'], '30'], [['fields', 'eqfLevel'], '9'])
    const problems = problemsOf(broken)
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(/^the document "curriculum": eqfLevel .*"eqf-levels"/)
    expect(problems[1]).toMatch(/^the document "curriculum": ects must be a number/)
  })

  it('names item ids used twice in one document, and matrix descriptors without their item', () => {
    const repeated = filesWith('framework', [
      ['fields', 'areas', 1, 'values', 'competences', 0, 'id'],
      'comp-trust',
    ])
    expect(problemsOf(repeated)).toEqual([
      'the document "framework": the item id "comp-trust" of areas[1].values.competences[0] is already used by areas[0].values.competences[0]',
    ])
    const orphan = filesWith('framework', [
      ['fields', 'levelMatrix', 'comp-gone'],
      { 'level-01': 'A competence since removed.' },
    ])
    expect(problemsOf(orphan)).toEqual([
      'the document "framework": levelMatrix has a descriptor for row "comp-gone" and column "level-01", but "areas.competences" and "levels" have no such pair of items',
    ])
  })

  it('names a template that is not in the catalogue', () => {
    const broken = filesWith('toolkit-co-creation', [['templateId'], 'tool-kit'])
    expect(problemsOf(broken)).toEqual([
      'the document "toolkit-co-creation": the template "tool-kit" is not in the catalogue',
    ])
  })

  it('checks the manifest against the document files', () => {
    expect(
      problemsOf(files.filter((file) => (file as { kind?: string }).kind !== 'example-project')),
    ).toEqual(['there must be exactly one manifest (a file with "kind": "example-project"); found 0'])
    const keys = example.documents.map((document) => document.key)
    const unlisted = filesWith('project', [
      ['documents'],
      [...keys.filter((key) => key !== 'policy-brief'), 'policy-brief-2'],
    ])
    expect(problemsOf(unlisted)).toEqual([
      'the manifest lists the document "policy-brief-2", but no file has that key',
      'the document "policy-brief" is not listed in the manifest\'s "documents"',
    ])
    const finding = filesWith('project', [['intendedFindings', 0, 'document'], 'curriculum-v2'])
    expect(problemsOf(finding)).toEqual([
      'an intended finding (competence-not-developed) names "curriculum-v2", which is not a document key',
    ])
  })

  it('names a malformed document file by its position and key', () => {
    const broken = filesWith('policy-brief', [['status'], 'published'], [['authors'], undefined])
    const problems = problemsOf(broken)
    expect(problems).toHaveLength(2)
    for (const problem of problems)
      expect(problem).toMatch(/^example file \d+ \("policy-brief"\): (status|authors) /)
  })

  it('refuses ids from newId that a document could not have', () => {
    expect(() => build(files, () => 'Not An Id')).toThrow(/newId returned "Not An Id"/)
    expect(() => build(files, () => 'same-id-0001')).toThrow(/newId returned the id "same-id-0001" twice/)
  })
})

describe('reassignDocumentIds', () => {
  it('moves the documents, their references and the intended findings to other ids', () => {
    const ids = new Map(
      example.documents.map((document, index) => [document.id, `stored-${index + 10}-0000`]),
    )
    const moved = reassignDocumentIds(example, ids, catalogue)
    expect(moved.documents.map((document) => document.id)).toEqual([...ids.values()])
    expect(
      checkReferences({ documents: exampleProjectDocuments(moved), templates: catalogue.templates }),
    ).toEqual([])
    const curriculum = moved.documents.find((document) => document.key === 'curriculum')!
    expect(referencesOf(curriculum.fields.framework)).toEqual([
      { documentId: ids.get(documentByKey('framework').id) },
    ])
    expect(moved.intendedFindings.map((finding) => finding.documentId)).toEqual([
      curriculum.id,
      curriculum.id,
    ])
    // The original is left as it was.
    expect(referencesOf(documentByKey('curriculum').fields.framework)).toEqual([
      { documentId: documentByKey('framework').id },
    ])
    expect(() => reassignDocumentIds(example, new Map(), catalogue)).toThrow(/no new id/)
  })
})

describe('loadExampleFiles', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
    dir = undefined
  })

  it('reads the JSON files of a folder and leaves other files alone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hecsos-example-'))
    await writeFile(join(dir, 'b.json'), '{"key":"b"}')
    await writeFile(join(dir, 'a.json'), '{"key":"a"}')
    await writeFile(join(dir, 'README.md'), '# not data')
    expect(await loadExampleFiles(dir)).toEqual([{ key: 'a' }, { key: 'b' }])
  })

  it('names a file that is not valid JSON', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hecsos-example-'))
    await writeFile(join(dir, 'broken.json'), '{"key": ')
    await expect(loadExampleFiles(dir)).rejects.toThrow(/The example file .*broken\.json is not valid JSON/)
  })
})
