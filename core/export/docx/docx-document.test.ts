import { beforeAll, describe, expect, it } from 'vitest'
import { paragraph, text, type Block, type PrintDocument } from '../print-model'
import { loadExampleFixture, type ExampleFixture } from '../test-support'
import {
  bookmarkName,
  contentsEntries,
  coreProperties,
  DOCX_TABLE_STYLE,
  headingLabel,
  wordLanguage,
} from './docx-document'
import { readZipParts } from './docx-test-support'
import { writeDocx } from './write-docx'

const NOW = new Date('2026-03-01T09:00:00Z')

const small = (blocks: Block[], language = 'ro'): PrintDocument => ({
  metadata: {
    title: 'Raport & <test>',
    language,
    authors: ['Ioana Mureșan', 'Radu Țăranu'],
    subject: 'S',
    keywords: ['a', 'b'],
  },
  blocks,
})
const h = (id: string, level: 1 | 2 = 1, inContents = true): Block => ({
  kind: 'heading',
  level,
  numbering: level === 1 ? '1' : '1.1',
  text: `Heading ${id}`,
  id,
  inContents,
})
const list = (ordered: boolean, ...items: string[]): Block => ({
  kind: 'list',
  ordered,
  items: items.map((item) => ({ blocks: [paragraph(item)] })),
})
const cell = (value: string) => ({ blocks: [paragraph(value)] })
const tableOf = (columns: number, wide: boolean): Block => ({
  kind: 'table',
  headerRows: 1,
  columns: Array.from({ length: columns }, () => ({ kind: 'share', weight: 1 }) as const),
  rows: [
    Array.from({ length: columns }, (_, index) => cell(`H${index}`)),
    Array.from({ length: columns }, (_, index) => cell(`v${index}`)),
  ],
  caption: 'Levels',
  wide,
})

async function partsOf(model: PrintDocument) {
  return readZipParts(await writeDocx(model, { now: NOW }))
}

let fixture: ExampleFixture
beforeAll(async () => {
  fixture = await loadExampleFixture()
})

describe('buildDocxDocument', () => {
  it('uses Word styles: Title, Heading n with a bookmark, List Bullet / List Number, Caption, the table style', async () => {
    const parts = await partsOf(
      small([h('a'), h('b', 2), paragraph('x'), list(false, 'p', 'q'), list(true, 'one'), tableOf(2, false)]),
    )
    const body = parts.get('word/document.xml')!
    expect(body).toContain('<w:pStyle w:val="Title"/>')
    expect(body).toMatch(/<w:pStyle w:val="Heading1"\/><\/w:pPr><w:bookmarkStart w:name="_Toc00000001"/)
    expect(body).toContain('<w:pStyle w:val="Heading2"/>')
    expect(body).toContain('<w:pStyle w:val="ListBullet"/>')
    expect(body).toContain('<w:pStyle w:val="ListNumber"/>')
    expect(body).toContain('<w:pStyle w:val="Caption"/>')
    expect(body).toContain(`<w:tblStyle w:val="${DOCX_TABLE_STYLE}"/>`)
    const styles = parts.get('word/styles.xml')!
    for (const name of [
      'Title',
      'Heading 1',
      'Heading 4',
      'caption',
      'List Bullet',
      'List Number',
      'HECSOs Table',
      'Index Link',
    ])
      expect(styles).toContain(`<w:name w:val="${name}"/>`)
    // The language on the document defaults, so Word spellchecks in Romanian.
    expect(styles).toMatch(/<w:docDefaults>.*<w:lang w:val="ro-RO"\/>.*<\/w:docDefaults>/s)
  })

  it('gives every list its own numbering instance, so a second ordered list starts again at 1', async () => {
    const parts = await partsOf(
      small([list(true, 'a', 'b'), paragraph('between'), list(true, 'c'), list(false, 'd')]),
    )
    const ids = [...parts.get('word/document.xml')!.matchAll(/<w:numId w:val="(\d+)"\/>/g)].map(
      (match) => match[1],
    )
    // Items of one list share an id; the three lists have three.
    expect(ids).toHaveLength(4)
    expect(ids[0]).toBe(ids[1])
    expect(new Set(ids).size).toBe(3)
  })

  it('lets a row with a very long cell break across pages, keeping short rows whole', async () => {
    const long: Block = {
      kind: 'table',
      headerRows: 1,
      columns: [{ kind: 'auto' }],
      rows: [[cell('Header')], [cell('word '.repeat(400))], [cell('short')]],
    }
    const body = (await partsOf(small([long]))).get('word/document.xml')!
    expect(body.match(/<w:cantSplit\/>/g)).toHaveLength(2)
  })

  it('starts an ordered list at its first number', async () => {
    const fromFour: Block = { ...list(true, 'four', 'five'), start: 4 } as Block
    const parts = await partsOf(small([list(true, 'one'), fromFour]))
    expect(parts.get('word/numbering.xml')).toContain('<w:start w:val="4"/>')
  })

  it('repeats header rows, keeps rows whole, and puts a wide table on a landscape section', async () => {
    const parts = await partsOf(
      small([h('a'), paragraph('before'), h('m', 2), tableOf(7, true), paragraph('after')]),
    )
    const body = parts.get('word/document.xml')!
    expect(body).toContain('<w:tblHeader/>')
    expect(body.match(/<w:cantSplit\/>/g)).toHaveLength(2)
    const sections = [...body.matchAll(/<w:pgSz [^>]*\/>/g)].map((match) => match[0])
    expect(sections).toHaveLength(3)
    expect(sections[0]).not.toContain('landscape')
    expect(sections[1]).toContain('w:orient="landscape"')
    expect(sections[2]).not.toContain('landscape')
    // The heading right before the wide table moves to its landscape page with it.
    const breaks = [...body.matchAll(/<w:sectPr/g)].map((match) => match.index)
    const headingAt = body.indexOf('<w:t xml:space="preserve">1.1 Heading m')
    expect(headingAt).toBeGreaterThan(breaks[0]!)
    expect(headingAt).toBeLessThan(breaks[1]!)
  })

  it('writes a pre-filled contents field of the headings the model lists, linked to their bookmarks', async () => {
    const model = small([h('a'), h('b', 2), h('hidden', 2, false), paragraph('x')])
    expect(contentsEntries(model)).toEqual([
      { title: '1 Heading a', level: 1, href: bookmarkName(0) },
      { title: '1.1 Heading b', level: 2, href: bookmarkName(1) },
    ])
    const body = (await partsOf(model)).get('word/document.xml')!
    expect(body).toContain('TOC \\h \\o &quot;1-4&quot;')
    expect(body).toMatch(/<w:hyperlink [^>]*w:anchor="_Toc00000001"[^>]*>.*1 Heading a/s)
    expect(body).toContain('<w:t xml:space="preserve">Cuprins</w:t>')
    // Word fills the page numbers on open.
    expect((await partsOf(model)).get('word/settings.xml')).toContain('<w:updateFields/>')
  })

  it('prints links, internal links and footnotes', async () => {
    const parts = await partsOf(
      small([
        h('target'),
        paragraph([
          { kind: 'link', href: 'https://example.org/a', children: [text('web')] },
          { kind: 'link', href: '#target', children: [text('inside')] },
          { kind: 'link', href: '#elsewhere', children: [text('nowhere')] },
          { kind: 'footnote', content: [text('A note')] },
        ]),
      ]),
    )
    const body = parts.get('word/document.xml')!
    expect(parts.get('word/_rels/document.xml.rels')).toMatch(
      /Target="https:\/\/example.org\/a" TargetMode="External"/,
    )
    expect(body).toMatch(
      /<w:hyperlink [^>]*w:anchor="_Toc00000001"[^>]*><w:r><w:rPr><w:rStyle w:val="Hyperlink"\/>/,
    )
    expect(body).toContain('nowhere')
    expect(body).toContain('<w:footnoteReference w:id="1"/>')
    expect(parts.get('word/footnotes.xml')).toContain('A note')
  })

  it('puts the title in the header and "Page X of Y" with PAGE and NUMPAGES fields in the footer, in the document language', async () => {
    const parts = await partsOf(small([h('a')], 'el'))
    const header = [...parts].find(([name]) => name.startsWith('word/header'))![1]
    const footer = [...parts].find(([name]) => name.startsWith('word/footer'))![1]
    expect(header).toContain('Raport &amp; &lt;test&gt;')
    const footerText = footer
      .replace(/<w:instrText[^>]*>([^<]*)<\/w:instrText>/g, '{$1}')
      .replace(/<[^>]+>/g, '')
    expect(footerText.replace(/\s+/g, ' ')).toMatch(/Σελίδα \{ ?PAGE ?\}.* από \{ ?NUMPAGES ?\}/)
  })

  it('writes document properties with the dates given and the language', async () => {
    const model = small([h('a')])
    const core = coreProperties(model, NOW)
    expect(core).toContain('<dc:title>Raport &amp; &lt;test&gt;</dc:title>')
    expect(core).toContain('<dc:creator>Ioana Mureșan, Radu Țăranu</dc:creator>')
    expect(core).toContain('<dc:language>ro-RO</dc:language>')
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-01T09:00:00Z</dcterms:created>',
    )
    // docx's own core.xml (stamped with the clock) is replaced by ours.
    expect((await partsOf(model)).get('docProps/core.xml')).toBe(core)
  })

  it('maps partner languages to the tags Word spellchecks with', () => {
    expect(wordLanguage('el')).toBe('el-GR')
    expect(wordLanguage('ro')).toBe('ro-RO')
    expect(wordLanguage('pt-BR')).toBe('pt-BR')
    expect(wordLanguage('xx')).toBe('en-GB')
  })

  it('lists the Example case study headings in the contents, each with a distinct Word bookmark', () => {
    const model = fixture.printOf('case-open-schoolyards')
    const entries = contentsEntries(model)
    const listed = model.blocks.filter((block) => block.kind === 'heading' && block.inContents)
    expect(entries.map((entry) => entry.title)).toEqual(
      listed.map((block) => (block.kind === 'heading' ? headingLabel(block) : '')),
    )
    expect(new Set(entries.map((entry) => entry.href)).size).toBe(entries.length)
    for (const entry of entries) expect(entry.href).toMatch(/^_Toc\d{8}$/)
  })
})
