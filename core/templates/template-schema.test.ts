import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildCatalogue, catalogueContext } from './catalogue'
import { formatPath, formatProblem, type TemplateProblem } from './problems'
import { parseTemplateText, validateTemplate, validateVocabulary } from './template-checks'
import { BROKEN, field, fixtureCatalogue, fixtureText, templateWith } from './test-support'

function checkBroken(name: string): TemplateProblem[] {
  const file = join(BROKEN, name)
  const json = parseTemplateText(file, fixtureText('broken', name))
  if (!json.ok) return json.problems
  const checked = validateTemplate(file, json.value, catalogueContext(fixtureCatalogue()))
  return checked.ok ? [] : checked.problems
}

/** Problems of an in-memory template value, as `path: message` lines. */
function problemsOf(value: unknown): string[] {
  const checked = validateTemplate('inline.json', value, catalogueContext(fixtureCatalogue()))
  return checked.ok ? [] : checked.problems.map((problem) => `${problem.path}: ${problem.message}`)
}

describe('the template format', () => {
  it('accepts the complete example of docs/template-format.md as it stands', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/template-format.md'), 'utf8')
    const example = /## A complete example[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1]
    const json = parseTemplateText('docs/template-format.md', example ?? '')
    expect(
      json.ok &&
        validateTemplate('docs/template-format.md', json.value, catalogueContext(fixtureCatalogue())),
    ).toMatchObject({
      ok: true,
      value: { id: 'mini-practice' },
    })
  })

  it('accepts the fixture templates', () => {
    const catalogue = fixtureCatalogue()
    expect(catalogue.problems).toEqual([])
    expect([...catalogue.templates.keys()].sort()).toEqual([
      'mini-practice',
      'test-curriculum',
      'test-framework',
    ])
    expect([...catalogue.vocabularies.keys()].sort()).toEqual(['countries', 'eqf-levels', 'iap2'])
  })

  it('formats JSON paths the way an author reads them', () => {
    expect(formatPath(['sections', 2, 'fields', 0, 'maxWords'])).toBe('sections[2].fields[0].maxWords')
    expect(formatPath(['renamedFields', 'group.field'])).toBe('renamedFields["group.field"]')
    expect(formatPath([])).toBe('')
    expect(formatProblem({ file: 'x.json', path: 'id', message: 'is wrong' })).toBe('x.json: id: is wrong')
  })
})

describe('broken template files are reported with file, path and reason', () => {
  it('bad JSON: where the syntax breaks', () => {
    const [problem, ...rest] = checkBroken('bad-json.json')
    expect(rest).toEqual([])
    expect(problem).toMatchObject({ file: join(BROKEN, 'bad-json.json'), path: '' })
    expect(problem!.message).toMatch(/^is not valid JSON: .*\(line 8, column 1\)$/)
  })

  it('a label without English', () => {
    expect(checkBroken('missing-en-label.json')).toEqual([
      {
        file: join(BROKEN, 'missing-en-label.json'),
        path: 'sections[0].fields[1].label.en',
        message: 'the English text ("en") is required',
      },
    ])
  })

  it('a field type that does not exist, with the list of those that do', () => {
    const [problem] = checkBroken('unknown-field-type.json')
    expect(problem!.path).toBe('sections[0].fields[0].type')
    expect(problem!.message).toBe(
      '"paragraph" is not a known type; it must be one of "text", "richText", "number", "date", "choice", "list", "group", "table", "matrix", "reference", "image", "sources"',
    )
  })

  it('a group path that leads nowhere', () => {
    expect(checkBroken('bad-path.json').map(({ path, message }) => ({ path, message }))).toEqual([
      {
        path: 'sections[0].fields[2].rows',
        message:
          '"areas.competence" does not lead to a repeatable group: the group "areas" has no field "competence"',
      },
    ])
  })

  it('a duplicate field id, pointing at the first use', () => {
    expect(checkBroken('duplicate-id.json').map(({ path, message }) => ({ path, message }))).toEqual([
      {
        path: 'sections[1].fields[1].id',
        message: 'the field id "summary" is already used at sections[0].fields[0]',
      },
    ])
  })

  it('limits the wrong way round', () => {
    expect(checkBroken('min-greater-than-max.json').map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'sections[0].fields[1].minWords', message: 'minWords (600) is greater than maxWords (100)' },
    ])
  })

  it('a __proto__ key, refused before anything is built from the file', () => {
    const [problem] = checkBroken('proto-key.json')
    expect(problem!.message).toBe(
      'contains the key "__proto__" (line 7, column 39), which is never allowed in a HECSOs file',
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('a file over 1 MiB, hostile nesting, an empty file', () => {
    const big = `{"formatVersion":1,"padding":"${'x'.repeat(1024 * 1024)}"}`
    expect(parseTemplateText('big.json', big)).toMatchObject({
      ok: false,
      problems: [{ message: 'the file is 1.0 MiB; a template file may be at most 1 MiB' }],
    })
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
    expect(parseTemplateText('deep.json', deep)).toMatchObject({
      ok: false,
      problems: [{ message: 'cannot be read: it is nested more than 64 levels deep' }],
    })
    expect(parseTemplateText('empty.json', ' \n')).toMatchObject({
      ok: false,
      problems: [{ message: 'the file is empty' }],
    })
    expect(parseTemplateText('bom.json', '\uFEFF{"a":1}')).toEqual({ ok: true, value: { a: 1 } })
  })
})

describe('cross-checks', () => {
  const text = (id: string, extra: object = {}) => field({ id, type: 'text', ...extra })

  it('suggests the key an author probably meant', () => {
    expect(problemsOf(templateWith([text('name', { maxword: 3 } as object)]))).toEqual([
      'sections[0].fields[0]: unknown key "maxword"; did you mean "maxWords"?',
    ])
  })

  it('says what is missing and what a value must be', () => {
    const { sections: _sections, ...withoutSections } = templateWith([])
    expect(problemsOf(withoutSections)).toEqual(['sections: is missing; it must be a list [ … ]'])
    expect(problemsOf(templateWith([text('name', { maxWords: 'ten' } as object)]))).toEqual([
      'sections[0].fields[0].maxWords: must be a number, not the text "ten"',
    ])
    expect(problemsOf({ ...templateWith([]), formatVersion: 2 })).toEqual([
      'formatVersion: this template is written in format 2, made for a newer version of HECSOs Studio (this version reads format 1)',
    ])
    expect(problemsOf({ ...templateWith([]), kind: 'manual' })[0]).toMatch(
      /^kind: must be one of "case-study", .*not the text "manual"$/,
    )
  })

  it('keeps subsections one level deep', () => {
    const template = templateWith([])
    template.sections[0]!.sections = [
      { id: 'sub', title: { en: 'Sub' }, fields: [], sections: [] } as unknown as NonNullable<
        (typeof template.sections)[0]['sections']
      >[0],
    ]
    expect(problemsOf(template)).toEqual([
      'sections[0].sections[0]: a subsection cannot have subsections of its own: sections nest one level only',
    ])
  })

  it('wants unique section ids, and unique member ids within a group', () => {
    const template = templateWith([
      field({ id: 'steps', type: 'group', fields: [text('title'), text('title')] }),
      text('title'),
    ])
    template.sections.push({ id: 'main', title: { en: 'Again' }, fields: [] })
    expect(problemsOf(template)).toEqual([
      'sections[1].id: the section id "main" is already used at sections[0]',
      'sections[0].fields[0].fields[1].id: the field id "title" is already used at sections[0].fields[0].fields[0]',
    ])
  })

  it('checks itemTitle, choices, references, tables and every min/max pair', () => {
    expect(
      problemsOf(
        templateWith([
          field({
            id: 'steps',
            type: 'group',
            itemTitle: 'count',
            fields: [field({ id: 'count', type: 'number' })],
          }),
          field({ id: 'others', type: 'group', itemTitle: 'nothing', fields: [text('name')] }),
          field({ id: 'country', type: 'choice' }),
          field({
            id: 'both',
            type: 'choice',
            vocabulary: 'iap2',
            options: [{ id: 'a', label: { en: 'A' } }],
          }),
          field({ id: 'unknownVocabulary', type: 'choice', vocabulary: 'sdgs' }),
          field({ id: 'single', type: 'choice', vocabulary: 'iap2', minItems: 1 }),
          field({ id: 'linked', type: 'reference', target: { items: 'areas.competences' } }),
          field({
            id: 'wrongItems',
            type: 'reference',
            target: { kind: 'competency-framework', items: 'areas' },
            multiple: true,
          }),
          field({ id: 'budget', type: 'number', min: 10, max: 1 }),
          field({ id: 'period', type: 'date', min: '2026-12-31', max: '2026-01-01' }),
          field({
            id: 'costs',
            type: 'table',
            minRows: 3,
            maxRows: 2,
            columns: [{ id: 'item', type: 'text', label: { en: 'Item' }, unit: { en: 'EUR' } }],
          }),
        ]),
      ),
    ).toEqual([
      'sections[0].fields[0].itemTitle: "count" must name a text field of the group; it is a number field',
      'sections[0].fields[1].itemTitle: "nothing" is not a field of this group',
      'sections[0].fields[2]: a choice needs either "vocabulary" (the id of a shared vocabulary) or "options" (its own entries)',
      'sections[0].fields[3].options: give either "vocabulary" or "options", not both',
      'sections[0].fields[4].vocabulary: there is no vocabulary "sdgs" (the loaded ones are: countries, eqf-levels, iap2)',
      'sections[0].fields[5].minItems: minItems applies only when "multiple" is true',
      'sections[0].fields[6].target.items: "items" needs a "kind": the path is looked up in the templates of that kind',
      'sections[0].fields[8].min: min (10) is greater than max (1)',
      'sections[0].fields[9].min: min (2026-12-31) is greater than max (2026-01-01)',
      'sections[0].fields[10].minRows: minRows (3) is greater than maxRows (2)',
      'sections[0].fields[10].columns[0].unit: only a number column has a unit; this column is text',
    ])
  })

  it('checks a reference path against the templates of the target kind', () => {
    expect(
      problemsOf(
        templateWith([
          field({
            id: 'wrongItems',
            type: 'reference',
            target: { kind: 'competency-framework', items: 'areas.skills' },
            multiple: true,
          }),
          field({ id: 'noSuchKind', type: 'reference', target: { kind: 'toolkit', items: 'tools' } }),
        ]),
      ),
    ).toEqual([
      'sections[0].fields[0].target.items: "areas.skills" does not lead to a repeatable group in the template "test-framework": the group "areas" has no field "skills"',
      'sections[0].fields[1].target.items: no template of kind "toolkit" is loaded, so "tools" cannot be checked',
    ])
  })

  it('checks group defaults against the group, choices against their vocabulary', () => {
    const template = templateWith([
      field({
        id: 'levels',
        type: 'group',
        maxItems: 1,
        fields: [
          text('name'),
          field({ id: 'stage', type: 'choice', vocabulary: 'iap2' }),
          field({ id: 'parts', type: 'group', fields: [text('name')] }),
        ],
        default: [
          { name: 'One', stage: 'inform', parts: [{ name: 'Part' }] },
          { name: 2, stage: 'decide', colour: 'red', parts: 'none' },
        ],
      }),
    ])
    expect(problemsOf(template)).toEqual([
      'sections[0].fields[0].default: gives 2 default items, but the group allows at most 1',
      'sections[0].fields[0].default[1].name: is not a valid text value: must be text (a string in quotes), not number 2',
      'sections[0].fields[0].default[1].stage: is not a valid choice value: is not an entry of the vocabulary "iap2"',
      'sections[0].fields[0].default[1].colour: "colour" is not a field of this group',
      'sections[0].fields[0].default[1].parts: the default of a nested group is a list of objects, one per item',
    ])
  })

  it('checks migration steps', () => {
    const template = templateWith([text('practiceName'), text('summary')], {
      version: 3,
      migrations: [
        { from: 1, to: 2, renamedFields: { name: 'title', goodPractice: 'title' } },
        { from: 2, to: 3, renamedFields: { title: 'practiceName', abstract: 'abstract', old: 'gone' } },
        { from: 2, to: 4, renamedFields: {} },
      ],
    })
    expect(problemsOf(template)).toEqual([
      'migrations[0].renamedFields.goodPractice: "goodPractice" and "name" are both renamed to "title"',
      'migrations[1].renamedFields.abstract: renames a field to its own name',
      'migrations[1].renamedFields.abstract: renames "abstract" to "abstract", which is not a top-level field of this template',
      'migrations[1].renamedFields.old: renames "old" to "gone", which is not a top-level field of this template',
      'migrations[2].to: a step goes from one version to the next: "to" must be 3',
      'migrations[2].to: goes to version 4, but this template is version 3',
      'migrations[2].from: version 2 already has a step at migrations[1]',
    ])
    expect(
      problemsOf(
        templateWith([], { migrations: [{ from: 1, to: 2, renamedFields: { 'group.member': 'x' } }] }),
      ),
    ).toEqual([
      'migrations[0].renamedFields["group.member"]: "group.member" is not a field id; renames apply to top-level fields, named by their id (no dots)',
    ])
  })
})

describe('vocabularies', () => {
  it('accept descriptors per entry and refuse duplicate entry ids', () => {
    const entries = [
      {
        id: '7',
        label: { en: 'Level 7' },
        descriptors: { knowledge: { en: 'Highly specialised knowledge' } },
      },
      { id: '7', label: { en: 'Level 7 again' } },
    ]
    const checked = validateVocabulary('eqf.json', {
      formatVersion: 1,
      id: 'eqf-levels',
      title: { en: 'EQF' },
      entries,
    })
    expect(checked).toEqual({
      ok: false,
      problems: [
        {
          file: 'eqf.json',
          path: 'entries[1].id',
          message: 'the entry id "7" is already used at entries[0]',
        },
      ],
    })
  })

  it('report a broken vocabulary and the templates that needed it, and still load the rest', () => {
    const vocabularies = ['countries', 'eqf-levels', 'iap2'].map((id) => ({
      file: `${id}.json`,
      text:
        id === 'iap2'
          ? '{"formatVersion":1,"id":"iap2","title":{"en":"IAP2"},"entries":[]}'
          : fixtureText('built-in', 'vocabularies', `${id}.json`),
    }))
    const templates = ['mini-practice', 'test-framework', 'test-curriculum'].map((id) => ({
      file: `${id}.json`,
      text: fixtureText('built-in', 'catalogue', `${id}.json`),
    }))
    const catalogue = buildCatalogue({ builtIn: { templates, vocabularies } })
    expect(catalogue.problems.map(formatProblem)).toEqual([
      'iap2.json: entries: must have at least 1 entry',
      'mini-practice.json: sections[0].fields[2].vocabulary: there is no vocabulary "iap2" (the loaded ones are: countries, eqf-levels)',
    ])
    expect([...catalogue.templates.keys()].sort()).toEqual(['test-curriculum', 'test-framework'])
  })
})
