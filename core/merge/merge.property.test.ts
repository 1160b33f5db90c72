import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalText } from '../history/canonical'
import { richTextFromParagraphs, type HecsosDocument, type Project, type RichText } from '../model'
import { mergeProjectStates, type ProjectMerge, type ProjectState } from './merge-project'

// CI runs each property at least 1,000 times (docs/QUALITY.md); locally fewer keep the loop quick.
const RUNS = process.env.CI ? 1000 : 150

const PROJECT: Project = {
  formatVersion: 1,
  id: 'project-0001',
  title: 'Community engagement',
  acronym: 'HECSOs',
  programme: 'Erasmus+',
  grantNumber: '',
  partners: [],
  languages: ['en'],
  createdAt: '2026-05-01T09:00:00.000Z',
  updatedAt: '2026-05-01T09:00:00.000Z',
}

const word = fc.constantFrom('Crete', 'workshop', 'youth', 'Bucharest', 'ξενώνας', 'școală', 'año', 'Straße')
const paragraph = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => `${words.join(' ')}.`)
const itemIds = ['item-0001', 'item-0002', 'item-0003', 'item-0004', 'item-0005']

interface Shape {
  title: string
  summary: string
  paragraphs: string[]
  items: Array<{ id: string; title: string }>
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  title: fc.constantFrom('Case study', 'Framework', 'Curriculum'),
  summary: paragraph,
  paragraphs: fc.array(paragraph, { maxLength: 6 }),
  items: fc
    .subarray(itemIds)
    .chain((ids) => fc.tuple(...ids.map((id) => paragraph.map((title) => ({ id, title }))))),
})

function documentOf(id: string, shape: Shape): HecsosDocument {
  return {
    formatVersion: 1,
    id,
    templateId: 'case-study',
    templateVersion: 1,
    title: shape.title,
    language: 'en',
    status: 'draft',
    authors: [],
    fields: {
      summary: shape.summary,
      body: richTextFromParagraphs(shape.paragraphs) as never,
      practices: shape.items,
    },
    createdAt: '2026-05-01T09:00:00.000Z',
    updatedAt: '2026-05-01T09:00:00.000Z',
  }
}

/** One author's edits of a document, as an editor would make them. */
type Edit = (shape: Shape) => Shape
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  paragraph.map((text): Edit => (s) => ({ ...s, summary: text })),
  fc.constantFrom('Case study: Crete', 'Framework 2').map((title): Edit => (s) => ({ ...s, title })),
  fc.tuple(fc.nat(), paragraph).map(
    ([at, text]): Edit =>
      (s) =>
        s.paragraphs.length === 0
          ? s
          : { ...s, paragraphs: s.paragraphs.map((p, i) => (i === at % s.paragraphs.length ? text : p)) },
  ),
  fc.tuple(fc.nat(), paragraph).map(([at, text]): Edit => (s) => {
    const paragraphs = [...s.paragraphs]
    paragraphs.splice(at % (paragraphs.length + 1), 0, text)
    return { ...s, paragraphs }
  }),
  fc.nat().map((at): Edit => (s) => ({ ...s, paragraphs: s.paragraphs.filter((_, i) => i !== at % 8) })),
  fc.tuple(fc.constantFrom(...itemIds), paragraph).map(([id, title]): Edit => (s) => {
    const has = s.items.some((item) => item.id === id)
    return {
      ...s,
      items: has
        ? s.items.map((item) => (item.id === id ? { id, title } : item))
        : [...s.items, { id, title }],
    }
  }),
  fc
    .constantFrom(...itemIds)
    .map((id): Edit => (s) => ({ ...s, items: s.items.filter((item) => item.id !== id) })),
  fc.constant<Edit>((s) => ({ ...s, items: [...s.items].reverse() })),
)

const DOCUMENT_IDS = ['doc-00000001', 'doc-00000002', 'doc-00000003']

/** A base project and two partners' copies of it, each with its own edits, added and deleted documents. */
const scenarioArb = fc
  .record({
    base: fc.tuple(...DOCUMENT_IDS.map(() => fc.option(shapeArb, { nil: undefined }))),
    ours: fc.tuple(...DOCUMENT_IDS.map(() => sideArb())),
    theirs: fc.tuple(...DOCUMENT_IDS.map(() => sideArb())),
  })
  .map(({ base, ours, theirs }) => {
    const build = (side?: Array<{ deleted: boolean; edits: Edit[]; added: Shape }>): ProjectState => {
      const documents = new Map<string, HecsosDocument>()
      DOCUMENT_IDS.forEach((id, index) => {
        const start = base[index]
        const change = side?.[index]
        if (!change) {
          if (start) documents.set(id, documentOf(id, start))
          return
        }
        if (start === undefined) {
          if (change.edits.length > 0) documents.set(id, documentOf(id, change.added))
          return
        }
        if (change.deleted) return
        documents.set(
          id,
          documentOf(
            id,
            change.edits.reduce((shape, edit) => edit(shape), start),
          ),
        )
      })
      return { project: PROJECT, documents }
    }
    return { base: build(), ours: build(ours), theirs: build(theirs) }
  })

function sideArb() {
  return fc.record({
    deleted: fc.boolean(),
    edits: fc.array(editArb, { maxLength: 3 }),
    added: shapeArb,
  })
}

function contentOf(state: ProjectState | ProjectMerge['state']): string {
  return canonicalText([...state.documents.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** The conflicts of a merge with the two sides as an unordered pair, so merge(A, B) and merge(B, A) compare. */
function conflictSet(merge: ProjectMerge): string[] {
  return merge.conflicts
    .flatMap((entry) =>
      entry.conflicts.map((conflict) => {
        const sides = [canonicalText(conflict.ours ?? null), canonicalText(conflict.theirs ?? null)].sort()
        return canonicalText([entry.documentId, conflict.path, conflict.kind, sides])
      }),
    )
    .sort()
}

/** The top-level places (document, property or field) a merge left in conflict. */
function conflictedPlaces(merge: ProjectMerge): Set<string> {
  return new Set(
    merge.conflicts.flatMap((entry) =>
      entry.conflicts.map((conflict) => `${entry.documentId}:${conflict.path.split('/')[0]}`),
    ),
  )
}

function placesOf(document: HecsosDocument): Array<[string, unknown]> {
  return [
    ['@title', document.title],
    ...Object.entries(document.fields).map(([key, value]): [string, unknown] => [key, value]),
  ]
}

describe('three-way merge laws', () => {
  it('merging a project with itself, or with its own ancestor, changes nothing', () => {
    fc.assert(
      fc.property(scenarioArb, ({ base, ours }) => {
        const self = mergeProjectStates(base, ours, ours)
        expect(contentOf(self.state)).toBe(contentOf(ours))
        expect(self.conflicts).toEqual([])
        const ancestor = mergeProjectStates(base, ours, base)
        expect(contentOf(ancestor.state)).toBe(contentOf(ours))
        expect(ancestor.conflicts).toEqual([])
      }),
      { numRuns: RUNS },
    )
  })

  it('an edit made on one side only always survives', () => {
    fc.assert(
      fc.property(scenarioArb, ({ base, ours, theirs }) => {
        const merged = mergeProjectStates(base, ours, theirs)
        for (const [id, document] of theirs.documents) {
          const before = base.documents.get(id)
          const mine = ours.documents.get(id)
          // A document only they changed (or added) is theirs exactly.
          if (canonicalText(mine ?? null) === canonicalText(before ?? null)) {
            expect(canonicalText(merged.state.documents.get(id))).toBe(canonicalText(document))
            continue
          }
          if (!mine || !before) continue
          // A field or property only they changed has their value.
          const basePlaces = new Map(placesOf(before))
          const minePlaces = new Map(placesOf(mine))
          const result = new Map(placesOf(merged.state.documents.get(id)!))
          for (const [place, value] of placesOf(document))
            if (canonicalText(minePlaces.get(place) ?? null) === canonicalText(basePlaces.get(place) ?? null))
              expect(canonicalText(result.get(place) ?? null)).toBe(canonicalText(value ?? null))
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('merge(A, B) and merge(B, A) give the same content and the same conflicts', () => {
    fc.assert(
      fc.property(scenarioArb, ({ base, ours, theirs }) => {
        const ab = mergeProjectStates(base, ours, theirs)
        const ba = mergeProjectStates(base, theirs, ours)
        expect(conflictSet(ab)).toEqual(conflictSet(ba))
        // Where a conflict is open each merge shows its own side first; everywhere else they are identical.
        const open = conflictedPlaces(ab)
        expect([...ab.state.documents.keys()].sort()).toEqual([...ba.state.documents.keys()].sort())
        for (const [id, document] of ab.state.documents) {
          if (open.has(`${id}:`)) continue
          const other = new Map(placesOf(ba.state.documents.get(id)!))
          for (const [place, value] of placesOf(document))
            if (!open.has(`${id}:${place}`))
              expect(canonicalText(value ?? null), `${id} ${place}`).toBe(
                canonicalText(other.get(place) ?? null),
              )
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('rich text conflicts only where both sides changed the same paragraph', () => {
    const base = ['One.', 'Two.', 'Three.', 'Four.']
    const body = (paragraphs: string[]) => richTextFromParagraphs(paragraphs) as RichText
    const state = (paragraphs: string[]): ProjectState => ({
      project: PROJECT,
      documents: new Map([
        [
          'doc-00000001',
          {
            ...documentOf('doc-00000001', { title: 'T', summary: 'S.', paragraphs: [], items: [] }),
            fields: { body: body(paragraphs) as never },
          },
        ],
      ]),
    })
    const clean = mergeProjectStates(
      state(base),
      state(['One!', 'Two.', 'Three.', 'Four.']),
      state(['One.', 'Two!', 'Three.', 'Four?']),
    )
    expect(clean.conflicts).toEqual([])
    const clash = mergeProjectStates(
      state(base),
      state(['One.', 'Two, mine.', 'Three.', 'Four.']),
      state(['One.', 'Two, theirs.', 'Three!', 'Four.']),
    )
    expect(clash.conflicts[0]!.conflicts.map((conflict) => conflict.path)).toEqual(['body'])
  })
})
