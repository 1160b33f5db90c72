import type { IssueSeverity } from './completeness'
import {
  checkReferences,
  type ConsistencyIssue,
  type ProjectDocument,
  type ProjectDocuments,
} from './consistency'
import type { ReferenceTarget, TableValue } from './field-values'
import { groupItemsAt, itemsOf, type ItemRef, type ResolvedItem } from './group-paths'
import type { Template } from './template-schema'

/**
 * The checks that only the HECSOs catalogue makes possible: a curriculum against the competency framework it
 * serves, and ECTS arithmetic (ECTS Users' Guide 2015: 1 credit = 25–30 hours of workload). They rely on the
 * field ids of the catalogue's `curriculum` and `competency-framework` templates, named once below; a document
 * whose template lacks one of them is simply not checked for it.
 */

export const FRAMEWORK = {
  kind: 'competency-framework',
  competences: 'areas.competences',
  levels: 'levels',
} as const

export const CURRICULUM = {
  kind: 'curriculum',
  ects: 'ects',
  framework: 'framework',
  modules: 'modules',
  module: {
    title: 'title',
    code: 'code',
    credits: 'credits',
    workload: 'workload',
    outcomes: 'learningOutcomes',
  },
  workloadHours: 'hours',
  outcome: { statement: 'statement', competences: 'competences', targetLevel: 'targetLevel' },
} as const

export const ECTS_HOURS_PER_CREDIT = { min: 25, max: 30 } as const

export type DomainCode =
  | 'competence-not-developed'
  | 'outcome-without-competence'
  | 'module-hours-mismatch'
  | 'credits-sum-mismatch'
  | 'target-level-out-of-scale'

const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null
const textOf = (value: unknown): string => (typeof value === 'string' ? value.trim() : '')
const targetsOf = (value: unknown): ReferenceTarget[] =>
  Array.isArray(value)
    ? value.filter(
        (target): target is ReferenceTarget =>
          target !== null && typeof target === 'object' && typeof target.documentId === 'string',
      )
    : []
/** Formats hours and credits without float noise ("7.5", not "7.500000001"). */
const amount = (value: number) => String(Math.round(value * 100) / 100)

export interface ModuleSummary extends ItemRef {
  code: string
  credits: number | null
  /** The sum of the workload table's hours. */
  hours: number
}

export interface LearningOutcome extends ItemRef {
  moduleId: string
  statement: string
  competences: ReferenceTarget[]
  targetLevel: number | null
}

export interface CurriculumView {
  curriculum: ProjectDocument
  template: Template
  ects: number | null
  modules: ModuleSummary[]
  outcomes: LearningOutcome[]
  /** The framework the curriculum names in its `framework` field, when it is in the project. */
  framework?: {
    document: ProjectDocument
    template: Template
    competences: ResolvedItem[]
    levels: ResolvedItem[]
  }
}

function templateOf(project: ProjectDocuments, document: ProjectDocument): Template | undefined {
  return project.templates.get(document.templateId)
}

/** The curricula of a project, read once into the shape the checks and the coverage matrix need. */
export function curriculaOf(project: ProjectDocuments): CurriculumView[] {
  const views: CurriculumView[] = []
  for (const curriculum of project.documents) {
    const template = templateOf(project, curriculum)
    if (template?.kind !== CURRICULUM.kind) continue
    const fields = curriculum.fields
    const modules: ModuleSummary[] = []
    const outcomes: LearningOutcome[] = []
    for (const module of groupItemsAt(template, fields, CURRICULUM.modules)) {
      const workload = module.values[CURRICULUM.module.workload] as Partial<TableValue> | undefined
      const hours = (Array.isArray(workload?.rows) ? workload.rows : []).reduce(
        (sum, row) => sum + (numberOrNull(row?.cells?.[CURRICULUM.workloadHours]) ?? 0),
        0,
      )
      modules.push({
        id: module.id,
        title: module.title,
        code: textOf(module.values[CURRICULUM.module.code]),
        credits: numberOrNull(module.values[CURRICULUM.module.credits]),
        hours,
      })
      for (const outcome of itemsOf(module.values[CURRICULUM.module.outcomes])) {
        const statement = textOf(outcome.values[CURRICULUM.outcome.statement])
        outcomes.push({
          id: outcome.id,
          title: statement,
          moduleId: module.id,
          statement,
          competences: targetsOf(outcome.values[CURRICULUM.outcome.competences]),
          targetLevel: numberOrNull(outcome.values[CURRICULUM.outcome.targetLevel]),
        })
      }
    }
    const view: CurriculumView = {
      curriculum,
      template,
      ects: numberOrNull(fields[CURRICULUM.ects]),
      modules,
      outcomes,
    }
    const frameworkId = targetsOf(fields[CURRICULUM.framework])[0]?.documentId
    const frameworkDocument = project.documents.find((document) => document.id === frameworkId)
    const frameworkTemplate = frameworkDocument && templateOf(project, frameworkDocument)
    if (frameworkDocument && frameworkTemplate?.kind === FRAMEWORK.kind)
      view.framework = {
        document: frameworkDocument,
        template: frameworkTemplate,
        competences: groupItemsAt(frameworkTemplate, frameworkDocument.fields, FRAMEWORK.competences),
        levels: groupItemsAt(frameworkTemplate, frameworkDocument.fields, FRAMEWORK.levels),
      }
    views.push(view)
  }
  return views
}

export interface CoverageCell {
  moduleId: string
  /** The target levels of the module's outcomes that develop this competence, ascending, without repeats. */
  targetLevels: number[]
  /** Those outcomes' item ids. */
  outcomeIds: string[]
}

export interface CoverageMatrix {
  curriculumId: string
  frameworkId: string
  /** The columns. */
  modules: ModuleSummary[]
  /** The framework's level scale, to name the target levels (level n is `levels[n - 1]`). */
  levels: ResolvedItem[]
  /** One row per competence of the framework, in its order. */
  rows: Array<ResolvedItem & { cells: CoverageCell[]; developed: boolean }>
}

/** The competence × module table of a curriculum, with target levels; undefined without a framework in the project. */
export function coverageMatrix(view: CurriculumView): CoverageMatrix | undefined {
  const { framework } = view
  if (!framework) return undefined
  return {
    curriculumId: view.curriculum.id,
    frameworkId: framework.document.id,
    modules: view.modules,
    levels: framework.levels,
    rows: framework.competences.map((competence) => {
      const cells = view.modules.map((module) => {
        const outcomes = view.outcomes.filter(
          (outcome) =>
            outcome.moduleId === module.id &&
            outcome.competences.some(
              (target) => target.documentId === framework.document.id && target.itemId === competence.id,
            ),
        )
        const levels = outcomes.flatMap((outcome) =>
          outcome.targetLevel === null ? [] : [outcome.targetLevel],
        )
        return {
          moduleId: module.id,
          targetLevels: [...new Set(levels)].sort((a, b) => a - b),
          outcomeIds: outcomes.map((outcome) => outcome.id),
        }
      })
      return { ...competence, cells, developed: cells.some((cell) => cell.outcomeIds.length > 0) }
    }),
  }
}

/** Competences no module develops, outcomes linked to no competence, target levels off the scale, ECTS arithmetic. */
export function checkCurricula(project: ProjectDocuments): ConsistencyIssue<DomainCode>[] {
  const issues: ConsistencyIssue<DomainCode>[] = []
  for (const view of curriculaOf(project)) {
    const add = (
      code: DomainCode,
      severity: IssueSeverity,
      message: string,
      path: string[],
      params: Record<string, string | number>,
    ) =>
      issues.push({
        code,
        severity,
        message,
        params: { curriculum: view.curriculum.title, ...params },
        path,
        documentId: view.curriculum.id,
      })
    const moduleName = (module: ModuleSummary, index: number) =>
      module.title ? `“${module.title}”` : `${index + 1}`

    view.modules.forEach((module, index) => {
      if (module.credits === null || module.credits <= 0 || module.hours <= 0) return
      const min = module.credits * ECTS_HOURS_PER_CREDIT.min
      const max = module.credits * ECTS_HOURS_PER_CREDIT.max
      if (module.hours < min || module.hours > max)
        add(
          'module-hours-mismatch',
          'warning',
          `Module ${moduleName(module, index)} has ${amount(module.hours)} hours of workload for ${amount(module.credits)} ECTS credits; ` +
            `at ${ECTS_HOURS_PER_CREDIT.min}–${ECTS_HOURS_PER_CREDIT.max} hours per credit it should have ${amount(min)}–${amount(max)}.`,
          [CURRICULUM.modules, module.id, CURRICULUM.module.workload],
          { module: module.title, item: index + 1, hours: module.hours, credits: module.credits, min, max },
        )
    })

    const credited = view.modules.filter((module) => module.credits !== null)
    const sum = credited.reduce((total, module) => total + (module.credits ?? 0), 0)
    if (view.ects !== null && credited.length > 0 && Math.abs(sum - view.ects) > 1e-6)
      add(
        'credits-sum-mismatch',
        'warning',
        `The modules add up to ${amount(sum)} ECTS credits, but the programme has ${amount(view.ects)}.`,
        [CURRICULUM.ects],
        { sum, ects: view.ects },
      )

    for (const outcome of view.outcomes) {
      const moduleIndex = view.modules.findIndex((module) => module.id === outcome.moduleId)
      const module = view.modules[moduleIndex]!
      const path = [CURRICULUM.modules, outcome.moduleId, CURRICULUM.module.outcomes, outcome.id]
      const name = outcome.statement ? `“${outcome.statement}”` : 'a learning outcome'
      if (outcome.competences.length === 0)
        add(
          'outcome-without-competence',
          'warning',
          `In module ${moduleName(module, moduleIndex)}, ${name} is linked to no competence.`,
          [...path, CURRICULUM.outcome.competences],
          { module: module.title, item: moduleIndex + 1, outcome: outcome.statement },
        )
      const scale = view.framework?.levels.length ?? 0
      if (
        outcome.targetLevel !== null &&
        scale > 0 &&
        (outcome.targetLevel < 1 || outcome.targetLevel > scale)
      )
        add(
          'target-level-out-of-scale',
          'warning',
          `In module ${moduleName(module, moduleIndex)}, ${name} targets level ${outcome.targetLevel}, but the framework's scale has levels 1–${scale}.`,
          [...path, CURRICULUM.outcome.targetLevel],
          {
            module: module.title,
            item: moduleIndex + 1,
            outcome: outcome.statement,
            level: outcome.targetLevel,
            levels: scale,
          },
        )
    }

    const coverage = coverageMatrix(view)
    for (const row of coverage?.rows ?? []) {
      if (row.developed) continue
      const area = row.parents[0]?.title
      add(
        'competence-not-developed',
        'warning',
        `No module develops the competence “${row.title || row.position.join('.')}”${area ? ` (area “${area}”)` : ''} of “${view.framework!.document.title}”.`,
        [CURRICULUM.framework, row.id],
        {
          competence: row.title,
          area: area ?? '',
          position: row.position.join('.'),
          framework: view.framework!.document.title,
        },
      )
    }
  }
  return issues
}

/** Everything `hecsos check` reports beyond completeness: broken references, then the curriculum checks. */
export function checkProject(project: ProjectDocuments): ConsistencyIssue<string>[] {
  return [...checkReferences(project), ...checkCurricula(project)]
}
