import { beforeAll, describe, expect, it } from 'vitest'
import { paragraph, text, type PrintDocument } from '../print-model'
import { loadExampleFixture, type ExampleFixture } from '../test-support'
import { buildPdfDefinition, KEEP_WITH_NEXT_SPACE, toBase64, TOC_ID } from './pdf-definition'

const NOW = new Date('2026-03-01T09:00:00Z')

/** Every node of a definition's content, depth first, so tests can look for a kind of node wherever it sits. */
function nodesOf(value: unknown, found: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(value)) value.forEach((item) => nodesOf(item, found))
  else if (value !== null && typeof value === 'object') {
    found.push(value as Record<string, unknown>)
    Object.values(value).forEach((item) => nodesOf(item, found))
  }
  return found
}

const small = (blocks: PrintDocument['blocks']): PrintDocument => ({
  metadata: {
    title: 'T',
    language: 'ro',
    authors: ['Ioana Mureșan', 'Radu Țăranu'],
    subject: 'S',
    keywords: ['a', 'b'],
  },
  blocks,
})
const h = (id: string, level: 1 | 2 = 1) =>
  ({
    kind: 'heading',
    level,
    numbering: level === 1 ? '1' : '1.1',
    text: `Heading ${id}`,
    id,
    inContents: true,
  }) as const

let fixture: ExampleFixture
beforeAll(async () => {
  fixture = await loadExampleFixture()
})

describe('buildPdfDefinition', () => {
  it('sets paper, language and metadata, and never uses pageBreakBefore', () => {
    const definition = buildPdfDefinition(small([h('a'), paragraph('x')]), { now: NOW })
    expect(definition.pageSize).toBe('A4')
    expect(buildPdfDefinition(small([]), { now: NOW, paper: 'LETTER' }).pageSize).toBe('LETTER')
    expect(definition.language).toBe('ro')
    expect(definition.info).toMatchObject({
      title: 'T',
      author: 'Ioana Mureșan, Radu Țăranu',
      subject: 'S',
      keywords: 'a, b',
      creationDate: NOW,
    })
    expect(definition.pageBreakBefore).toBeUndefined()
  })

  it('lists headings in the contents, bookmarks them nested, and links to them by id', () => {
    const definition = buildPdfDefinition(
      small([h('a'), h('b', 2), paragraph([{ kind: 'link', href: '#a', children: [text('see a')] }])]),
      { now: NOW },
    )
    const nodes = nodesOf(definition.content)
    const toc = nodes.find((node) => 'toc' in node)?.toc as { id: string; title: { text: string } }
    expect(toc).toMatchObject({ id: TOC_ID, title: { text: 'Cuprins' } })
    const headings = nodes.filter((node) => node.tocItem === TOC_ID)
    expect(headings.map((node) => [node.text, node.id, node.outline, node.outlineParentId])).toEqual([
      ['1\u2002Heading a', 'a', true, undefined],
      ['1.1\u2002Heading b', 'b', true, 'a'],
    ])
    expect(nodes.some((node) => node.linkToDestination === 'a' && node.text === 'see a')).toBe(true)
  })

  it('keeps headings with the next block by an unbreakable stack and a pulled-up next block', () => {
    const definition = buildPdfDefinition(small([h('a'), h('b', 2), paragraph('body')]), {
      now: NOW,
      contents: false,
    })
    const content = definition.content as unknown as Array<Record<string, unknown>>
    const kept = content.find((node) => node.unbreakable === true) as {
      stack: Array<Record<string, unknown>>
    }
    expect(kept.stack.map((node) => node.id ?? 'space')).toEqual(['a', 'b', 'space'])
    const next = content[content.indexOf(kept as Record<string, unknown>) + 1]!
    expect(next.margin).toEqual([0, -KEEP_WITH_NEXT_SPACE, 0, 0])
  })

  it('prints the footer as “Page X of Y” in the document’s language', () => {
    const definition = buildPdfDefinition(
      { ...small([]), metadata: { ...small([]).metadata, language: 'el' } },
      { now: NOW },
    )
    const footer = (
      definition.footer as (page: number, pages: number) => { columns: Array<{ text: string }> }
    )(2, 9)
    expect(footer.columns[1]!.text).toBe('Σελίδα 2 από 9')
  })

  it('repeats table header rows, numbers table captions and puts wide tables on landscape pages', () => {
    const row = (value: string) => [{ blocks: [paragraph(value)] }, { blocks: [paragraph(value)] }]
    const definition = buildPdfDefinition(
      small([
        {
          kind: 'table',
          headerRows: 1,
          caption: 'Narrow',
          columns: [{ kind: 'auto' }, { kind: 'share', weight: 1 }],
          rows: [row('h'), row('x')],
        },
        {
          kind: 'table',
          headerRows: 1,
          caption: 'Wide',
          wide: true,
          columns: [
            { kind: 'share', weight: 1 },
            { kind: 'share', weight: 3 },
          ],
          rows: [row('h'), row('y')],
        },
        paragraph('after'),
      ]),
      { now: NOW, contents: false },
    )
    const nodes = nodesOf(definition.content)
    const tables = nodes.filter(
      (node) => 'table' in node && (node.table as { headerRows?: number }).headerRows === 1,
    )
    expect(tables).toHaveLength(2)
    expect((tables[0]!.table as { widths: unknown }).widths).toEqual(['auto', '*'])
    expect((tables[1]!.table as { widths: unknown }).widths).toEqual(['25.00%', '75.00%'])
    expect(nodes.filter((node) => node.style === 'caption').map((node) => node.text)).toEqual([
      'Tabelul 1: Narrow',
      'Tabelul 2: Wide',
    ])
    const orientations = nodes.filter((node) => node.pageOrientation).map((node) => node.pageOrientation)
    expect(orientations).toEqual(['landscape', 'portrait'])
  })

  it('embeds figures as data URLs, and frames the alternative text when the picture is missing', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47])
    const figure = {
      kind: 'figure',
      assetId: 'asset-1',
      caption: 'A yard',
      alt: 'Children playing',
      credit: '© K. Weiß',
    } as const
    const definition = buildPdfDefinition(small([figure, { ...figure, assetId: 'missing' }]), {
      now: NOW,
      images: new Map([['asset-1', { data: png, mime: 'image/png' }]]),
    })
    expect(definition.images).toEqual({ 'asset-asset-1': `data:image/png;base64,${toBase64(png)}` })
    const texts = nodesOf(definition.content).map((node) => node.text)
    expect(texts).toEqual(
      expect.arrayContaining(['Figura 1: A yard', '© K. Weiß', 'Children playing', 'Figura 2: A yard']),
    )
  })

  it('encodes base64 like the standard', () => {
    const encoder = new TextEncoder()
    for (const sample of ['', 'f', 'fo', 'foo', 'foob', 'Țară ș'])
      expect(toBase64(encoder.encode(sample))).toBe(Buffer.from(sample).toString('base64'))
  })

  it('turns footnotes into numbered calls that carry their note, and prints no list of notes', () => {
    const definition = buildPdfDefinition(
      small([
        paragraph([text('Claim'), { kind: 'footnote', content: [text('Proof.')] }]),
        paragraph([text('Another'), { kind: 'footnote', content: [text('Source.', { italic: true })] }]),
      ]),
      { now: NOW, contents: false },
    )
    const calls = nodesOf(definition.content).filter((node) => node.footnote !== undefined)
    expect(calls).toEqual([
      {
        text: '1',
        sup: true,
        footnote: { note: { text: [{ text: '1', sup: true }, ' ', { text: 'Proof.' }], style: 'note' } },
      },
      {
        text: '2',
        sup: true,
        footnote: {
          note: { text: [{ text: '2', sup: true }, ' ', { text: 'Source.', italics: true }], style: 'note' },
        },
      },
    ])
    expect(nodesOf(definition.content).some((node) => node.text === 'Note')).toBe(false)
  })

  it('builds the example documents without a node pdfmake would cut: no unbreakable stack holds a long block', () => {
    for (const key of ['case-open-schoolyards', 'workshop-cluj', 'curriculum', 'framework']) {
      const definition = buildPdfDefinition(fixture.printOf(key), { now: NOW })
      for (const node of nodesOf(definition.content).filter((candidate) => candidate.unbreakable === true))
        expect(JSON.stringify(node).length).toBeLessThan(4000)
    }
  })
})
