import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AuthorSchema,
  DOCUMENT_STATUSES,
  EU_LANGUAGES,
  findUnsafeStructure,
  PARTNER_ROLES,
  richTextFromParagraphs,
} from '../model'
import type { AuthorProfile, DocumentContent, FieldValues, ProjectPatch } from '../model'
import { StoreError } from './library-store'
import type { LibraryStore, Revision } from './library-store'
import { openTestLibrary } from './test-support'
import type { TestLibrary } from './test-support'

/**
 * save → load returns what was saved, for any valid content: read back by the same store, and by another store
 * on the same folder (as after a restart, or from a second process). What a save returns is already what a
 * load gives, except that JSON has no -0 (it is written as 0), hence the comparison through JSON.
 */
const RUNS = process.env.CI ? 1000 : 150

let library: TestLibrary
let writer: LibraryStore
let reader: LibraryStore
let projectId: string
let documentId: string
let documentRevision: Revision
let projectRevision: Revision

beforeAll(async () => {
  library = await openTestLibrary()
  writer = library.store
  projectId = (await writer.createProject({ title: 'Round trips' })).project.id
  const created = await writer.createDocument(projectId, { title: 'Anything' })
  documentId = created.document.id
  documentRevision = created.revision
  projectRevision = (await writer.getProject(projectId)).revision
  reader = await library.reopen()
})

afterAll(async () => {
  await library.dispose()
})

const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

// Graphemes may take several UTF-16 units, and the schemas count units (after trimming).
const text = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({ maxLength, unit: 'grapheme' }).filter((value) => value.trim().length <= maxLength)
const nonBlank = (maxLength: number): fc.Arbitrary<string> =>
  text(maxLength).filter((value) => value.trim().length > 0)
const email = fc.oneof(
  fc.constant(''),
  fc.emailAddress().filter((value) => AuthorSchema.shape.email.safeParse(value).success),
)
const fieldId = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,15}$/)

const authorArbitrary = fc.record({ name: nonBlank(60), organisation: text(60), email })

const richText = fc
  .array(text(200), { maxLength: 6 })
  .map((paragraphs) => richTextFromParagraphs(paragraphs) as unknown as FieldValues[string])

const contentArbitrary: fc.Arbitrary<DocumentContent> = fc.record({
  title: nonBlank(300),
  language: fc.constantFrom(...EU_LANGUAGES),
  status: fc.constantFrom(...DOCUMENT_STATUSES),
  authors: fc.array(authorArbitrary, { maxLength: 3 }),
  fields: fc
    .tuple(richText, fc.dictionary(fieldId, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }))
    .map(([body, rest]) => ({ ...rest, body }) as FieldValues),
})

const patchArbitrary: fc.Arbitrary<ProjectPatch> = fc.record(
  {
    title: nonBlank(300),
    acronym: text(40),
    programme: text(200),
    grantNumber: text(100),
    partners: fc.array(
      fc.record({
        id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{7,20}$/),
        name: nonBlank(100),
        country: fc.stringMatching(/^[A-Z]{2}$/),
        role: fc.constantFrom(...PARTNER_ROLES),
      }),
      { maxLength: 4 },
    ),
    languages: fc.uniqueArray(fc.constantFrom(...EU_LANGUAGES), { maxLength: 5 }),
  },
  { requiredKeys: [] },
)

describe('save → load', () => {
  it(`returns any valid document content as saved (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(contentArbitrary, async (content) => {
        if (findUnsafeStructure(content) !== undefined) {
          // Keys like "constructor" would make the file unreadable: refused, never written.
          const refused = await writer
            .saveDocument(projectId, documentId, content, documentRevision)
            .catch((error: unknown) => error)
          expect(refused).toBeInstanceOf(StoreError)
          expect((refused as StoreError).code).toBe('invalid-input')
          return
        }
        const saved = await writer.saveDocument(projectId, documentId, content, documentRevision)
        documentRevision = saved.revision
        expect(saved.document).toMatchObject({
          title: content.title.trim(),
          language: content.language,
          status: content.status,
        })
        expect(asJson(saved.document.fields)).toEqual(asJson(content.fields))
        const again = await writer.getDocument(projectId, documentId)
        expect(again).toEqual(asJson(saved))
        expect(await reader.getDocument(projectId, documentId)).toEqual(again)
      }),
      { numRuns: RUNS },
    )
  })

  it(`returns any valid project change as saved (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(patchArbitrary, async (patch) => {
        const before = (await writer.getProject(projectId)).project
        const updated = await writer.updateProject(projectId, patch, projectRevision)
        projectRevision = updated.revision
        expect(updated.project).toEqual({
          ...before,
          ...patch,
          ...trimmed(patch),
          updatedAt: updated.project.updatedAt,
        })
        expect((await reader.getProject(projectId)).project).toEqual(updated.project)
      }),
      { numRuns: RUNS },
    )
  })

  it(`returns any valid author profile as saved (${RUNS} runs)`, async () => {
    const profileArbitrary: fc.Arbitrary<AuthorProfile> = fc.record({
      formatVersion: fc.constant(1 as const),
      name: text(200),
      organisation: text(200),
      email,
    })
    await fc.assert(
      fc.asyncProperty(profileArbitrary, async (profile) => {
        const saved = await writer.saveAuthorProfile(profile)
        expect(saved).toEqual({
          ...profile,
          name: profile.name.trim(),
          organisation: profile.organisation.trim(),
        })
        expect(await reader.getAuthorProfile()).toEqual(saved)
      }),
      { numRuns: RUNS },
    )
  })
})

/** The schemas trim the free-text fields of a project and its partners' names. */
function trimmed(patch: ProjectPatch): ProjectPatch {
  const result: ProjectPatch = {}
  if (patch.title !== undefined) result.title = patch.title.trim()
  if (patch.acronym !== undefined) result.acronym = patch.acronym.trim()
  if (patch.programme !== undefined) result.programme = patch.programme.trim()
  if (patch.grantNumber !== undefined) result.grantNumber = patch.grantNumber.trim()
  if (patch.partners !== undefined)
    result.partners = patch.partners.map((partner) => ({ ...partner, name: partner.name.trim() }))
  return result
}
