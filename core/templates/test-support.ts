import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildCatalogue, type Catalogue } from './catalogue'
import type { ProjectDocuments } from './consistency'
import { emptyFieldValues } from './field-values'
import type { Template, TemplateField, TemplateKind } from './template-schema'

/** Fixtures of the tests of core/templates; hand-made, independent of the shipped catalogue in templates/. */
export const FIXTURES = join(import.meta.dirname, 'fixtures')
export const BUILT_IN = join(FIXTURES, 'built-in')
export const BROKEN = join(FIXTURES, 'broken')

export function fixtureText(...path: string[]): string {
  return readFileSync(join(FIXTURES, ...path), 'utf8')
}

/** The fixture catalogue (mini-practice, test-framework, test-curriculum and their vocabularies). */
export function fixtureCatalogue(): Catalogue {
  const read = (folder: string, names: string[]) =>
    names.map((name) => ({ file: join(BUILT_IN, folder, name), text: fixtureText('built-in', folder, name) }))
  return buildCatalogue({
    builtIn: {
      templates: read('catalogue', ['mini-practice.json', 'test-framework.json', 'test-curriculum.json']),
      vocabularies: read('vocabularies', ['countries.json', 'eqf-levels.json', 'iap2.json']),
    },
  })
}

export function fixtureTemplate(id: 'mini-practice' | 'test-framework' | 'test-curriculum'): Template {
  const template = fixtureCatalogue().templates.get(id)
  if (!template) throw new Error(`fixture template ${id} did not load`)
  return template
}

/** Deterministic ids in the shape of IdSchema: item-00000001, item-00000002… */
export function idSource(prefix = 'item'): () => string {
  let next = 0
  return () => `${prefix}-${String(++next).padStart(8, '0')}`
}

/** The common keys of a field, so a test states only what it is about. */
export function field<F extends Partial<TemplateField> & Pick<TemplateField, 'id' | 'type'>>(spec: F) {
  return { label: { en: spec.id }, guidance: { en: `Guidance for ${spec.id}.` }, ...spec } as TemplateField &
    F
}

/** A one-section template around the given fields. */
export function templateWith(
  fields: TemplateField[],
  extra: Partial<Template> & { kind?: TemplateKind } = {},
): Template {
  return {
    formatVersion: 1,
    id: 'test-template',
    version: 1,
    kind: 'custom',
    objective: 'all',
    title: { en: 'Test template' },
    description: { en: 'For a test.' },
    sections: [{ id: 'main', title: { en: 'Main' }, fields }],
    ...extra,
  }
}

export const FRAMEWORK_ID = 'framework-0001'
export const CURRICULUM_ID = 'curriculum-0001'

/** A framework (2 areas, 3 competences, the default 8 levels) and a curriculum of 2 modules that serves it. */
export function fixtureProject(): ProjectDocuments & {
  documents: Array<{ id: string; title: string; templateId: string; fields: Record<string, unknown> }>
} {
  const { templates } = fixtureCatalogue()
  const frameworkFields = emptyFieldValues(templates.get('test-framework')!, idSource('level'))
  frameworkFields.areas = [
    {
      id: 'area-00000001',
      values: {
        title: 'Engaging communities',
        competences: [
          { id: 'comp-00000001', values: { title: 'Listening' } },
          { id: 'comp-00000002', values: { title: 'Mapping assets' } },
        ],
      },
    },
    {
      id: 'area-00000002',
      values: { title: 'Shaping policy', competences: [{ id: 'comp-00000003', values: { title: '' } }] },
    },
  ]
  frameworkFields.levelMatrix = {
    'comp-00000001': { 'level-00000001': 'Listens when guided.', 'level-00000008': 'Teaches listening.' },
    'comp-00000099': { 'level-00000001': 'A competence since deleted.' },
  }
  const outcome = (id: string, competences: string[], targetLevel: number | null) => ({
    id,
    values: {
      statement: `Outcome ${id.slice(-1)}`,
      competences: competences.map((itemId) => ({ documentId: FRAMEWORK_ID, itemId })),
      targetLevel,
    },
  })
  const hours = (id: string, value: number) => ({ id, cells: { activity: 'Study', hours: value } })
  const curriculumFields = {
    ects: 12,
    eqfLevel: '7',
    framework: [{ documentId: FRAMEWORK_ID }],
    modules: [
      {
        id: 'module-00000001',
        values: {
          title: 'Listening to neighbourhoods',
          code: 'HEC-101',
          credits: 5,
          workload: { rows: [hours('row-00000001', 100), hours('row-00000002', 40)] },
          learningOutcomes: [
            outcome('outcome-00000001', ['comp-00000001'], 3),
            outcome('outcome-00000002', ['comp-00000001'], 5),
            outcome('outcome-00000003', [], null),
          ],
        },
      },
      {
        id: 'module-00000002',
        values: {
          title: 'Asset maps',
          credits: 6,
          workload: { rows: [hours('row-00000003', 160)] },
          learningOutcomes: [outcome('outcome-00000004', ['comp-00000002', 'comp-00000001'], 9)],
        },
      },
    ],
  }
  return {
    templates,
    documents: [
      {
        id: FRAMEWORK_ID,
        title: 'HECSOs competency framework',
        templateId: 'test-framework',
        fields: frameworkFields,
      },
      {
        id: CURRICULUM_ID,
        title: 'Master in community engagement',
        templateId: 'test-curriculum',
        fields: curriculumFields,
      },
    ],
  }
}
