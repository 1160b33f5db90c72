import { beforeAll, describe, expect, it } from 'vitest'
import { plainTextOf, RichTextSchema, type RichText, type SerializedNode } from '../model'
import { blockText, type Block, type ListBlock, type ParagraphBlock } from './print-model'
import { marksOf, richTextToBlocks } from './rich-text-to-print'
import { loadExampleFixture, type ExampleFixture } from './test-support'

const node = (
  type: string,
  extra: Record<string, unknown> = {},
  children?: SerializedNode[],
): SerializedNode => ({
  type,
  version: 1,
  ...extra,
  ...(children ? { children } : {}),
})
const t = (text: string, format = 0) => node('text', { text, format, detail: 0, mode: 'normal', style: '' })
const p = (...children: SerializedNode[]) => node('paragraph', { format: '', indent: 0 }, children)
const doc = (...children: SerializedNode[]): RichText =>
  RichTextSchema.parse({ format: 'lexical', schemaVersion: 1, root: node('root', {}, children) })

let ids = 0
const context = () => ({ headingLevel: 3 as const, newId: () => `h${++ids}` })
const convert = (value: RichText) => richTextToBlocks(value, context())

describe('richTextToBlocks', () => {
  it('reads the text format bitmask', () => {
    expect(marksOf(0)).toBeUndefined()
    expect(marksOf(1 | 2 | 8)).toEqual({ bold: true, italic: true, underline: true })
    expect(marksOf(4 | 16 | 32 | 64)).toEqual({
      strikethrough: true,
      code: true,
      subscript: true,
      superscript: true,
    })
    const [block] = convert(doc(p(t('plain '), t('bold', 1), t(' both', 3))))
    expect(block).toEqual({
      kind: 'paragraph',
      inlines: [
        { kind: 'text', text: 'plain ' },
        { kind: 'text', text: 'bold', marks: { bold: true } },
        { kind: 'text', text: ' both', marks: { bold: true, italic: true } },
      ],
    })
  })

  it('keeps safe links, line breaks and tabs, and prints unsafe links as their text', () => {
    const [block] = convert(
      doc(
        p(
          node('link', { url: 'https://hecsos.eu/x' }, [t('site', 8)]),
          node('linebreak'),
          node('tab'),
          node('link', { url: 'javascript:alert(1)' }, [t('bad')]),
          node('autolink', { url: 'mailto:info@hecsos.eu' }, [t('mail')]),
        ),
      ),
    ) as ParagraphBlock[]
    expect(block!.inlines).toEqual([
      {
        kind: 'link',
        href: 'https://hecsos.eu/x',
        children: [{ kind: 'text', text: 'site', marks: { underline: true } }],
      },
      { kind: 'lineBreak' },
      { kind: 'text', text: '\u2003' },
      { kind: 'text', text: 'bad' },
      { kind: 'link', href: 'mailto:info@hecsos.eu', children: [{ kind: 'text', text: 'mail' }] },
    ])
  })

  it('places headings below the field heading, capped at level 4, outside the contents', () => {
    const blocks = convert(
      doc(node('heading', { tag: 'h1' }, [t('Top')]), node('heading', { tag: 'h3' }, [t('Deep')])),
    )
    expect(
      blocks.map((block) => block.kind === 'heading' && [block.level, block.text, block.inContents]),
    ).toEqual([
      [3, 'Top', false],
      [4, 'Deep', false],
    ])
    const headingIds = blocks.map((block) => (block.kind === 'heading' ? block.id : ''))
    expect(new Set(headingIds).size).toBe(2)
  })

  it('nests sub-lists in the item before them, as Lexical serializes them', () => {
    const item = (...children: SerializedNode[]) => node('listitem', { value: 1 }, children)
    const [list] = convert(
      doc(
        node('list', { listType: 'number', start: 3, tag: 'ol' }, [
          item(t('one')),
          item(node('list', { listType: 'bullet', tag: 'ul' }, [item(t('one.a')), item(t('one.b'))])),
          item(t('two')),
        ]),
      ),
    ) as ListBlock[]
    expect(list!.ordered).toBe(true)
    expect(list!.start).toBe(3)
    expect(list!.items).toHaveLength(2)
    const nested = list!.items[0]!.blocks[1] as ListBlock
    expect(nested.ordered).toBe(false)
    expect(blockText(nested.items.flatMap((entry) => entry.blocks))).toBe('one.a\none.b')
    expect(blockText(list!.items[1]!.blocks)).toBe('two')
  })

  it('converts quotes, degrades unknown nodes to their text and drops empty paragraphs at the ends', () => {
    const blocks = convert(
      doc(
        p(),
        node('quote', {}, [t('Said.', 2)]),
        node('mystery-widget', {}, [p(t('inner text'))]),
        p(node('emoji', { text: '🙂' })),
        node('horizontalrule'),
        p(t('  ')),
      ),
    )
    expect(blocks.map((block) => block.kind)).toEqual(['quote', 'paragraph', 'paragraph'])
    expect(blockText(blocks)).toBe('Said.\ninner text\n🙂')
  })

  it('prints nothing for an empty editor', () => {
    expect(convert(doc(p()))).toEqual([])
  })
})

describe('the Example project’s rich text', () => {
  let fixture: ExampleFixture
  beforeAll(async () => {
    fixture = await loadExampleFixture()
  })

  const richTexts = (value: unknown, found: RichText[] = []): RichText[] => {
    if (Array.isArray(value)) value.forEach((item) => richTexts(item, found))
    else if (value !== null && typeof value === 'object') {
      const parsed = RichTextSchema.safeParse(value)
      if (parsed.success) found.push(parsed.data)
      else Object.values(value).forEach((item) => richTexts(item, found))
    }
    return found
  }
  const words = (text: string) => text.replace(/\s+/gu, ' ').trim()

  it('keeps every word of every document, in order', () => {
    let checked = 0
    for (const document of fixture.example.documents)
      for (const value of richTexts(document.fields)) {
        const blocks: Block[] = convert(value)
        expect(words(blockText(blocks))).toBe(words(plainTextOf(value)))
        checked += 1
      }
    expect(checked).toBeGreaterThan(100)
  })

  it('keeps the bold runs of the Romanian report', () => {
    const keyPoints = RichTextSchema.parse(fixture.byKey('workshop-cluj').fields.keyPoints)
    const blocks = convert(keyPoints)
    const runs = blocks.flatMap((block) => (block.kind === 'paragraph' ? block.inlines : []))
    expect(runs.some((inline) => inline.kind === 'text' && inline.marks?.bold)).toBe(true)
  })
})
