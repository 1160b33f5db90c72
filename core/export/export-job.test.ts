import { beforeAll, describe, expect, it } from 'vitest'
import { readZipParts } from './docx/docx-test-support'
import { euEmblemPng } from './eu-emblem'
import {
  ExportInputError,
  printModelOfJob,
  referencedAssetIds,
  runExportJob,
  type ExportJobInput,
  type ExportJobProgress,
} from './export-job'
import { loadExampleFixture, type ExampleFixture } from './test-support'

let fixture: ExampleFixture
let input: ExportJobInput
const LOGO = euEmblemPng(60)
const LOGO_ID = 'c'.repeat(64)

beforeAll(async () => {
  fixture = await loadExampleFixture()
  input = {
    format: 'pdf',
    project: {
      title: 'HECSOs',
      acronym: 'HECSOs',
      programme: 'Erasmus+',
      grantNumber: '2023-1-IT02-KA220-HED-000123456',
      partners: [{ name: 'Ledra University', logo: LOGO_ID }, { name: 'Universidad del Turia' }],
    },
    documents: fixture.example.documents,
    templates: [...fixture.catalogue.templates.values()],
    vocabularies: [...fixture.catalogue.vocabularies.values()],
    assets: { [LOGO_ID]: { bytes: LOGO, mediaType: 'image/png' } },
    now: '2026-03-01T09:00:00.000Z',
  }
})

describe('an export job', () => {
  it('exports the deliverable when no document is named, with the partners’ logos on the cover', () => {
    const { model, name } = printModelOfJob(input)
    expect(name).toBe(fixture.byKey('deliverable-d3-2').title)
    expect(model.cover?.logos).toEqual([{ assetId: LOGO_ID, alt: 'Ledra University' }])
  })

  it('exports the named document alone, and refuses one that is not in the project', () => {
    const greek = fixture.byKey('case-open-schoolyards')
    expect(printModelOfJob({ ...input, documentId: greek.id }).model).toEqual(
      fixture.printOf('case-open-schoolyards'),
    )
    expect(() => printModelOfJob({ ...input, documentId: 'missing' })).toThrow(ExportInputError)
  })

  it('is a function of serialisable input: a structured clone (what a worker receives) gives the same file', async () => {
    const progress: ExportJobProgress[] = []
    const direct = await runExportJob(input, { onProgress: (step) => progress.push(step) })
    const cloned = await runExportJob(structuredClone(input))
    expect(Buffer.from(cloned.bytes).equals(Buffer.from(direct.bytes))).toBe(true)
    expect(direct.fileName).toBe(`${fixture.byKey('deliverable-d3-2').title}.pdf`)
    expect(direct.mime).toBe('application/pdf')
    // The deliverable is laid out in parts, and the progress moves with each one, never back.
    const layout = progress.filter((step) => step.step === 'layout')
    expect(progress[0]).toEqual({ step: 'compile', done: 0, total: 2 })
    expect(layout.length).toBeGreaterThan(4)
    expect(layout.map((step) => step.done)).toEqual(layout.map((_, index) => index + 1))
    const fractions = progress.map((step) => step.done / step.total)
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b))
    const parts = layout.at(-1)!.total
    expect(progress.at(-1)).toEqual({ step: 'done', done: parts, total: parts })
    expect(layout.at(-1)!.done).toBe(parts)
  }, 60_000)

  it('stops without a file when cancelled before it starts or while it runs', async () => {
    const before = new AbortController()
    before.abort()
    const seen: string[] = []
    await expect(
      runExportJob(input, { signal: before.signal, onProgress: (step) => seen.push(step.step) }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    })
    expect(seen).toEqual([])
    const during = new AbortController()
    const steps: string[] = []
    const job = runExportJob(
      { ...input, format: 'docx' },
      {
        signal: during.signal,
        onProgress: (step) => {
          steps.push(step.step)
          // The user presses Cancel as the layout begins.
          if (step.step === 'layout') during.abort()
        },
      },
    )
    await expect(job).rejects.toMatchObject({ name: 'AbortError' })
    expect(steps).toEqual(['compile', 'layout'])
  })

  it('lays out a DOCX with the logo from the given bytes', async () => {
    const result = await runExportJob({ ...input, format: 'docx' })
    const parts = readZipParts(result.bytes)
    expect(result.fileName.endsWith('.docx')).toBe(true)
    expect(parts.get('word/document.xml')!.includes('descr="Ledra University"')).toBe(true)
  }, 60_000)

  it('lists the assets the documents and the cover use, so only those are read', () => {
    const picture = 'd'.repeat(64)
    const documents = [
      {
        ...fixture.byKey('case-open-schoolyards'),
        fields: {
          photo: { assetId: picture, caption: '', alt: '', credit: '' },
          note: { assetId: 'not-a-hash' },
        },
      },
    ]
    expect(referencedAssetIds(input.project, documents)).toEqual([LOGO_ID, picture].sort())
  })
})
