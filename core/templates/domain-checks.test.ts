import { describe, expect, it } from 'vitest'
import { checkCurricula, checkProject, coverageMatrix, curriculaOf } from './domain-checks'
import { CURRICULUM_ID, fixtureProject as project } from './test-support'

describe('the coverage matrix', () => {
  it('crosses the framework’s competences with the modules, with target levels', () => {
    const [view] = curriculaOf(project())
    const coverage = coverageMatrix(view!)!
    expect(
      coverage.modules.map(({ title, code, credits, hours }) => ({ title, code, credits, hours })),
    ).toEqual([
      { title: 'Listening to neighbourhoods', code: 'HEC-101', credits: 5, hours: 140 },
      { title: 'Asset maps', code: '', credits: 6, hours: 160 },
    ])
    expect(
      coverage.rows.map((row) => [
        row.title,
        row.developed,
        ...row.cells.map((cell) => cell.targetLevels.join('+')),
      ]),
    ).toEqual([
      ['Listening', true, '3+5', '9'],
      ['Mapping assets', true, '', '9'],
      ['', false, '', ''],
    ])
    expect(coverage.levels).toHaveLength(8)
  })
})

describe('curriculum checks', () => {
  it('find undeveloped competences, unlinked outcomes, off-scale levels and ECTS arithmetic', () => {
    // Module hours are within 25–30 per credit here (140 h for 5, 160 h for 6); the next test breaks that.
    expect(checkCurricula(project()).map(({ code, message, path }) => ({ code, message, path }))).toEqual([
      {
        code: 'credits-sum-mismatch',
        message: 'The modules add up to 11 ECTS credits, but the programme has 12.',
        path: ['ects'],
      },
      {
        code: 'outcome-without-competence',
        message: 'In module “Listening to neighbourhoods”, “Outcome 3” is linked to no competence.',
        path: ['modules', 'module-00000001', 'learningOutcomes', 'outcome-00000003', 'competences'],
      },
      {
        code: 'target-level-out-of-scale',
        message:
          "In module “Asset maps”, “Outcome 4” targets level 9, but the framework's scale has levels 1–8.",
        path: ['modules', 'module-00000002', 'learningOutcomes', 'outcome-00000004', 'targetLevel'],
      },
      {
        code: 'competence-not-developed',
        message:
          'No module develops the competence “2.1” (area “Shaping policy”) of “HECSOs competency framework”.',
        path: ['framework', 'comp-00000003'],
      },
    ])
  })

  it('flag module hours outside 25–30 per credit', () => {
    const changed = project()
    const modules = changed.documents[1]!.fields.modules as Array<{ values: Record<string, unknown> }>
    modules[1]!.values.credits = 4
    const issue = checkCurricula(changed).find((candidate) => candidate.code === 'module-hours-mismatch')
    expect(issue).toMatchObject({
      severity: 'warning',
      documentId: CURRICULUM_ID,
      message:
        'Module “Asset maps” has 160 hours of workload for 4 ECTS credits; at 25–30 hours per credit it should have 100–120.',
      params: { module: 'Asset maps', item: 2, hours: 160, credits: 4, min: 100, max: 120 },
    })
  })

  it('are part of the project check, after the reference checks', () => {
    const broken = project()
    broken.documents[1]!.fields.framework = [{ documentId: 'gone-00000001' }]
    expect(checkProject(broken).map((issue) => issue.code)).toEqual([
      'reference-document-missing',
      'credits-sum-mismatch',
      'outcome-without-competence',
    ])
  })
})
