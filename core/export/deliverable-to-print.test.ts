import { beforeAll, describe, expect, it } from 'vitest'
import { PARTNER_LANGUAGES } from '../model'
import { euEmblem, euEmblemPng, euEmblemSvg } from './eu-emblem'
import { blockText, inlineText, type Block, type HeadingBlock, type PrintDocument } from './print-model'
import { publicationToPrint } from './deliverable-to-print'
import { exportStrings } from './strings'
import { loadExampleFixture, type ExampleFixture } from './test-support'

let fixture: ExampleFixture
let model: PrintDocument

beforeAll(async () => {
  fixture = await loadExampleFixture()
  model = fixture.deliverable()
})

const headings = (blocks: readonly Block[]) =>
  blocks.filter((block): block is HeadingBlock => block.kind === 'heading')

describe('the deliverable as one publication', () => {
  it('has a cover with the Erasmus+ data of the deliverable, in its language', () => {
    const cover = model.cover!
    expect(cover.programme).toBe('Erasmus+ · KA220-HED — Cooperation partnerships in higher education')
    expect(cover.acronym).toBe('HECSOs')
    expect(cover.deliverableNumber).toBe('D3.2')
    expect(cover.title).toBe('Competency framework and curriculum for community engagement brokers')
    expect(cover.funding).toBe('co-funded')
    const details = Object.fromEntries(cover.details.map((entry) => [entry.label, inlineText(entry.value)]))
    expect(details).toMatchObject({
      'Project number': '2023-1-IT02-KA220-HED-000123456',
      'Work package': 'WP3 — Professional roles, competences and curricula',
      'Lead partner': 'Ledra University',
      Version: '0.9',
      'Dissemination level': 'PU — Public',
      Licence: 'CC BY 4.0 — Attribution',
    })
    expect(details.Authors).toContain('Lucía Peñalver (Universidad del Turia)')
    expect(cover.disclaimer).toBe(
      exportStrings('en').disclaimer('the Italian National Agency Erasmus+ INDIRE'),
    )
  })

  it('puts the document history before the contents, as a table that is not numbered', () => {
    const [heading, table] = model.front!
    expect(heading).toMatchObject({ kind: 'heading', text: 'Document history', inContents: false })
    expect(table).toMatchObject({ kind: 'table', headerRows: 1 })
    expect(table?.kind === 'table' && table.caption).toBeFalsy()
    expect(blockText([table!])).toContain('Curriculum and evaluation of the experimental course added')
  })

  it('bundles the documents in the order the deliverable lists them, each a numbered chapter', () => {
    const chapters = headings(model.blocks).filter((heading) => heading.level === 1)
    expect(chapters.map((heading) => `${heading.numbering} ${heading.text}`.trim())).toEqual([
      'Executive summary',
      '1 Introduction',
      `2 ${fixture.byKey('role-broker').title}`,
      `3 ${fixture.byKey('framework').title}`,
      `4 ${fixture.byKey('curriculum').title}`,
      '5 Conclusions and next steps',
      'Annex 1 Validation survey: questionnaire and summary of responses',
    ])
    // The bundled documents' sections sit one level down, numbered within their chapter.
    const framework = headings(model.blocks).filter((heading) => heading.numbering.startsWith('3.'))
    expect(framework[0]).toMatchObject({ level: 2, numbering: '3.1', inContents: true })
    // Every chapter starts a page.
    const index = model.blocks.findIndex((block) => block.kind === 'heading' && block.numbering === '3')
    expect(model.blocks[index - 1]).toEqual({ kind: 'pageBreak' })
  })

  it('gives every heading an id of its own, so links and bookmarks cannot collide', () => {
    const ids = headings([...model.front!, ...model.blocks]).map((heading) => heading.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('links a reference to a document it bundles to that chapter, and every internal link finds its heading', () => {
    const ids = new Set(headings([...model.front!, ...model.blocks]).map((heading) => heading.id))
    const targets = [...JSON.stringify(model.blocks).matchAll(/"href":"#([^"]+)"/g)].map((match) => match[1])
    expect(targets.length).toBeGreaterThan(0)
    for (const target of targets) expect(ids).toContain(target)
    // The framework names the broker's role profile, which the deliverable bundles as chapter 2.
    const broker = headings(model.blocks).find((heading) => heading.numbering === '2')!
    expect(JSON.stringify(model.blocks)).toContain(
      JSON.stringify({
        kind: 'link',
        href: `#${broker.id}`,
        children: [{ kind: 'text', text: broker.text }],
      }),
    )
  })

  it('prints a reference to a document outside the publication as its title, without a link', () => {
    const alone = publicationToPrint(fixture.publicationInput('framework'))
    expect(JSON.stringify(alone.blocks)).not.toContain('"href":"#')
    expect(blockText(alone.blocks)).toContain(fixture.byKey('role-broker').title)
  })

  it('runs a header with the acronym and the deliverable, and lists tables (there are captioned ones)', () => {
    expect(model.metadata.header).toBe(
      'HECSOs · D3.2 Competency framework and curriculum for community engagement brokers',
    )
    expect(model.metadata.authors[0]).toBe('Andreas Christodoulou')
    expect(model.lists).toEqual({ tables: true, figures: false })
  })

  it('says "Funded by" when the deliverable chooses it, and still prints without a granting authority', () => {
    const input = fixture.publicationInput('deliverable-d3-2')
    const document = {
      ...input.document,
      fields: { ...input.document.fields, fundingStatement: 'funded', grantingAuthority: '', language: 'de' },
      language: 'de',
    }
    const german = publicationToPrint({ ...input, document })
    expect(german.cover!.funding).toBe('funded')
    expect(german.cover!.disclaimer).toBe(exportStrings('de').disclaimer('der bewilligenden Behörde'))
    // Labels follow the deliverable's language; the bundled documents keep their own.
    expect(german.cover!.details.map((entry) => entry.label)).toContain('Projektnummer')
  })

  it('prints any other document alone, as before', () => {
    const alone = publicationToPrint(fixture.publicationInput('case-open-schoolyards'))
    expect(alone.cover).toBeUndefined()
    expect(alone).toEqual(fixture.printOf('case-open-schoolyards'))
  })
})

describe('export strings', () => {
  it.each(PARTNER_LANGUAGES)('%s: the disclaimer names the granting authority and the EU', (language) => {
    const strings = exportStrings(language)
    expect(strings.disclaimer('AUTHORITY')).toContain('AUTHORITY')
    expect(strings.annex(3)).toMatch(/3$/)
    expect(
      new Set([strings.coFunded, strings.funded, strings.listOfTables, strings.listOfFigures]).size,
    ).toBe(4)
  })

  it('writes Romanian with the comma below, never the cedilla', () => {
    const ro = exportStrings('ro')
    const all = [ro.coFunded, ro.funded, ro.disclaimer('x'), ro.listOfTables, ro.grantingAuthority].join(' ')
    expect(all).toMatch(/[\u0219\u021B]/u)
    expect(all).not.toMatch(/[\u015F\u0163]/u)
  })
})

describe('the EU emblem', () => {
  const height = 180
  const emblem = euEmblem(height)

  it('is 3:2 with twelve stars on a ring of a third of the height, each one eighteenth of the height', () => {
    expect(emblem.width).toBe(270)
    expect(emblem.stars).toHaveLength(12)
    for (const star of emblem.stars) {
      expect(star).toHaveLength(10)
      const cx = star.reduce((sum, [x]) => sum + x, 0) / 10
      const cy = star.reduce((sum, [, y]) => sum + y, 0) / 10
      expect(Math.hypot(cx - 135, cy - 90)).toBeCloseTo(60, 1)
      const outer = Math.hypot(star[0]![0] - cx, star[0]![1] - cy)
      expect(outer).toBeCloseTo(10, 1)
      // Upright: the first point is straight above the star's centre.
      expect(star[0]![0]).toBeCloseTo(cx, 2)
      expect(star[0]![1]).toBeLessThan(cy)
    }
  })

  it('is written as SVG for Word with a PNG beside it', () => {
    const svg = euEmblemSvg(height)
    expect(svg.match(/<polygon /g)).toHaveLength(12)
    expect(svg).toContain('fill="#003399"')
    const png = euEmblemPng(40)
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const view = new DataView(png.buffer, png.byteOffset)
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([60, 40])
  })
})
