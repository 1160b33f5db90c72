import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { blockText, type Block, type Inline } from '../print-model'
import { has, run } from '../reader-support'
import { loadExampleFixture } from '../test-support'
import type { LaidOutPart, PartJob } from './part-layout'
import { layoutPart } from './part-layout'
import { warmUpPdfLayout, warmUpPictures, warmUpPublication } from './warm-up'
import { writePdf } from './write-pdf'

/**
 * The export worker's warm-up (warm-up.ts): a made-up publication that runs every part of the layout, and shares
 * no word with what users write, so a first export after it is faster only because the code is compiled.
 */

function kindsOf(blocks: readonly Block[], blockKinds = new Set<string>(), inlineKinds = new Set<string>()) {
  const inlines = (list: readonly Inline[]) => list.forEach((inline) => inlineKinds.add(inline.kind))
  for (const block of blocks) {
    blockKinds.add(block.kind)
    if (block.kind === 'paragraph') inlines(block.inlines)
    if (block.kind === 'list') for (const item of block.items) kindsOf(item.blocks, blockKinds, inlineKinds)
    if (block.kind === 'quote') kindsOf(block.blocks, blockKinds, inlineKinds)
    if (block.kind === 'table')
      for (const row of block.rows) for (const cell of row) kindsOf(cell.blocks, blockKinds, inlineKinds)
    if (block.kind === 'labelledValues') for (const entry of block.entries) inlines(entry.value)
  }
  return { blockKinds, inlineKinds }
}

const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}{4,}/gu) ?? [])

describe('the export warm-up', () => {
  it('is a publication with a cover and every kind of block and inline, the same every time', () => {
    const publication = warmUpPublication(4)
    expect(publication.cover).toBeDefined()
    const { blockKinds, inlineKinds } = kindsOf(publication.blocks)
    expect([...blockKinds].sort()).toEqual(
      ['figure', 'heading', 'labelledValues', 'list', 'pageBreak', 'paragraph', 'quote', 'table'].sort(),
    )
    expect([...inlineKinds].sort()).toEqual(['footnote', 'lineBreak', 'link', 'text'])
    // Headings at every level, and the fields' small headings that a template's documents print and the contents
    // leave out.
    const headings = new Set(
      publication.blocks.flatMap((block) =>
        block.kind === 'heading' ? [`${block.level} ${block.inContents ? 'listed' : 'unlisted'}`] : [],
      ),
    )
    expect([...headings].sort()).toEqual(['1 listed', '2 listed', '3 listed', '3 unlisted', '4 unlisted'])
    expect(warmUpPublication(4)).toEqual(publication)
  })

  it('shares next to no word of four letters or more with the Example project (chance: "role")', async () => {
    const fixture = await loadExampleFixture()
    const example = words(blockText(fixture.deliverable().blocks))
    expect(example.size).toBeGreaterThan(1000)
    const madeUp = words(blockText(warmUpPublication(24).blocks))
    expect(madeUp.size).toBeGreaterThan(1000)
    const shared = [...madeUp].filter((word) => example.has(word))
    expect(shared.length).toBeLessThanOrEqual(example.size / 200)
  })

  it('lays out in parts through the layouter it is given, and leaves no picture in pdfmake', async () => {
    const jobs: PartJob['kind'][] = []
    const layout = (job: PartJob): Promise<LaidOutPart> => {
      jobs.push(job.kind)
      return layoutPart(job)
    }
    await warmUpPdfLayout(layout, 2)
    expect(jobs).toContain('front')
    expect(jobs).toContain('body')
    const pdfmake = createRequire(import.meta.url)('pdfmake') as { virtualfs: { storage: object } }
    expect(Object.keys(pdfmake.virtualfs.storage).filter((name) => name.includes('picture'))).toEqual([])
  })

  it.skipIf(!has('pdfimages'))("prints its pictures, so the pictures' path is warmed up too", async () => {
    const bytes = await writePdf(warmUpPublication(5), { now: new Date(0), images: warmUpPictures() })
    const folder = await mkdtemp(join(tmpdir(), 'hecsos-warm-up-'))
    try {
      await writeFile(join(folder, 'warm-up.pdf'), bytes)
      const listed = run('pdfimages', ['-list', join(folder, 'warm-up.pdf')])
        .trim()
        .split('\n')
        .slice(2)
      // Sections 1 to 4 have a picture each; section 5's is missing and printed as its alternative text.
      expect(listed.filter((line) => / image +64 +40 /.test(line))).toHaveLength(4)
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })
})
