import { describe, expect, it } from 'vitest'
import { checkReferences, levelMatrix } from './consistency'
import { groupItemsAt } from './group-paths'
import { CURRICULUM_ID, FRAMEWORK_ID, fixtureProject as project } from './test-support'

describe('group paths', () => {
  it('flatten nested items in reading order, with titles, positions and parents', () => {
    const { templates, documents } = project()
    const items = groupItemsAt(templates.get('test-framework')!, documents[0]!.fields, 'areas.competences')
    expect(items.map(({ id, title, position, parents }) => ({ id, title, position, parents }))).toEqual([
      {
        id: 'comp-00000001',
        title: 'Listening',
        position: [1, 1],
        parents: [{ id: 'area-00000001', title: 'Engaging communities' }],
      },
      {
        id: 'comp-00000002',
        title: 'Mapping assets',
        position: [1, 2],
        parents: [{ id: 'area-00000001', title: 'Engaging communities' }],
      },
      {
        id: 'comp-00000003',
        title: '',
        position: [2, 1],
        parents: [{ id: 'area-00000002', title: 'Shaping policy' }],
      },
    ])
    expect(groupItemsAt(templates.get('test-framework')!, documents[0]!.fields, 'areas.nothing')).toEqual([])
    expect(groupItemsAt(templates.get('test-framework')!, { areas: 'garbage' }, 'areas.competences')).toEqual(
      [],
    )
  })
})

describe('references', () => {
  it('are all sound in a consistent project', () => {
    expect(checkReferences(project())).toEqual([])
  })

  it('report a target document gone, of the wrong kind, an item gone, an unknown template', () => {
    const broken = project()
    const curriculum = broken.documents[1]!
    curriculum.fields.framework = [{ documentId: CURRICULUM_ID }]
    const modules = curriculum.fields.modules as Array<{
      values: { learningOutcomes: Array<{ values: Record<string, unknown> }> }
    }>
    modules[0]!.values.learningOutcomes[0]!.values.competences = [
      { documentId: FRAMEWORK_ID, itemId: 'comp-00000404' },
      { documentId: 'gone-00000001', itemId: 'comp-00000001' },
      { documentId: 'odd-00000001', itemId: 'comp-00000001' },
    ]
    broken.documents.push({ id: 'odd-00000001', title: 'Imported', templateId: 'not-installed', fields: {} })
    expect(
      checkReferences(broken).map(({ code, severity, message, path, documentId }) => ({
        code,
        severity,
        message,
        path,
        documentId,
      })),
    ).toEqual([
      {
        code: 'reference-wrong-kind',
        severity: 'error',
        message:
          '“Competency framework” points to “Master in community engagement”, which is a curriculum document, not a competency-framework.',
        path: ['framework', CURRICULUM_ID],
        documentId: CURRICULUM_ID,
      },
      {
        code: 'reference-item-missing',
        severity: 'error',
        message:
          '“Competences developed” in “Learning outcomes” item 1 (“Outcome 1”) in “Modules” item 1 (“Listening to neighbourhoods”) points to an entry of “HECSOs competency framework” that no longer exists.',
        path: [
          'modules',
          'module-00000001',
          'learningOutcomes',
          'outcome-00000001',
          'competences',
          'comp-00000404',
        ],
        documentId: CURRICULUM_ID,
      },
      {
        code: 'reference-document-missing',
        severity: 'error',
        message:
          '“Competences developed” in “Learning outcomes” item 1 (“Outcome 1”) in “Modules” item 1 (“Listening to neighbourhoods”) points to a document that is no longer in this project.',
        path: [
          'modules',
          'module-00000001',
          'learningOutcomes',
          'outcome-00000001',
          'competences',
          'comp-00000001',
        ],
        documentId: CURRICULUM_ID,
      },
      {
        code: 'reference-unchecked',
        severity: 'warning',
        message:
          '“Competences developed” in “Learning outcomes” item 1 (“Outcome 1”) in “Modules” item 1 (“Listening to neighbourhoods”) points to “Imported”, whose template “not-installed” is not installed, so the link cannot be checked.',
        path: [
          'modules',
          'module-00000001',
          'learningOutcomes',
          'outcome-00000001',
          'competences',
          'comp-00000001',
        ],
        documentId: CURRICULUM_ID,
      },
    ])
  })
})

describe('derived tables', () => {
  it('the level matrix: competences × levels with descriptors, and what no longer has a row', () => {
    const { templates, documents } = project()
    const matrix = levelMatrix(documents[0]!, templates.get('test-framework')!, 'levelMatrix')!
    expect(matrix.columns.map((column) => `${column.title} (${String(column.values.band)})`)).toEqual([
      'Foundation 1 (Foundation)',
      'Foundation 2 (Foundation)',
      'Intermediate 3 (Intermediate)',
      'Intermediate 4 (Intermediate)',
      'Advanced 5 (Advanced)',
      'Advanced 6 (Advanced)',
      'Highly specialised 7 (Highly specialised)',
      'Highly specialised 8 (Highly specialised)',
    ])
    expect(matrix.rows.map((row) => row.title)).toEqual(['Listening', 'Mapping assets', ''])
    expect(matrix.rows[0]!.cells.map((cell) => cell.descriptor)).toEqual([
      'Listens when guided.',
      '',
      '',
      '',
      '',
      '',
      '',
      'Teaches listening.',
    ])
    expect(matrix.orphans).toEqual([
      { rowId: 'comp-00000099', columnId: 'level-00000001', descriptor: 'A competence since deleted.' },
    ])
    expect(levelMatrix(documents[0]!, templates.get('test-framework')!, 'areas')).toBeUndefined()
  })
})
