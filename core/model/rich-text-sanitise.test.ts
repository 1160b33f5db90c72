import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RichTextSchema, countWords, footnotesOf, plainTextOf } from './rich-text'
import { LIMITS } from './rich-text-nodes'
import { isSafeLinkUrl, sanitiseRichText, sanitiseRichTextIn } from './rich-text-sanitise'

const ASSET = 'a'.repeat(64)
const text = (value: string, format = 0) => ({ type: 'text', version: 1, text: value, format })
const p = (...children: unknown[]) => ({ type: 'paragraph', version: 1, children })
const doc = (...children: unknown[]) => ({
  format: 'lexical',
  schemaVersion: 1,
  root: { type: 'root', version: 1, children },
})
const blocksOf = (value: unknown) => sanitiseRichText(value).root.children ?? []

describe('sanitiseRichText', () => {
  it('keeps the vocabulary as it is', () => {
    const value = doc(
      { type: 'heading', version: 1, tag: 'h2', children: [text('Context', 1)] },
      p(text('See '), {
        type: 'link',
        version: 1,
        url: 'https://hecsos.eu',
        children: [text('the site', 2)],
      }),
      p(text('A claim'), { type: 'footnote', version: 1, text: 'Source, 2024.' }),
      { type: 'image', version: 1, assetId: ASSET, alt: 'A workshop', caption: 'Fig. 1', credit: 'CSO' },
    )
    const clean = sanitiseRichText(value)
    expect(clean.root.children?.map((node) => node.type)).toEqual([
      'heading',
      'paragraph',
      'paragraph',
      'image',
    ])
    expect(plainTextOf(clean)).toBe('Context\n\nSee the site\n\nA claim\n\nFig. 1')
    expect(footnotesOf(clean)).toEqual(['Source, 2024.'])
    expect(clean.root.children?.[3]).toEqual({
      type: 'image',
      version: 1,
      assetId: ASSET,
      alt: 'A workshop',
      caption: 'Fig. 1',
      credit: 'CSO',
    })
  })

  it('turns links to anything but the web and e-mail into their plain text', () => {
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'file:///etc/passwd',
      'vbscript:x',
      ' https://x',
    ]) {
      const [paragraph] = blocksOf(doc(p({ type: 'link', version: 1, url, children: [text('click')] })))
      expect(paragraph!.children, url).toEqual([expect.objectContaining({ type: 'text', text: 'click' })])
    }
  })

  it('gives up the text of unknown nodes and drops what has none', () => {
    const blocks = blocksOf(
      doc(
        { type: 'code', version: 1, children: [text('let x = 1')] },
        { type: 'horizontalrule', version: 1 },
        { type: 'collapsible-container', version: 1, children: [p(text('inside'))] },
        p(
          { type: 'mention', version: 1, text: '@maria' },
          { type: 'emoji', version: 1, children: [text('🙂')] },
        ),
        text('loose words at the top'),
      ),
    )
    expect(blocks.map((block) => block.type)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph'])
    expect(blocks.map((block) => block.children?.map((child) => child.text).join(''))).toEqual([
      'let x = 1',
      'inside',
      '@maria🙂',
      'loose words at the top',
    ])
  })

  it('clamps attributes and drops styles and unknown keys', () => {
    const [heading, paragraph] = blocksOf(
      doc(
        { type: 'heading', version: 1, tag: 'h6', format: 'center', indent: 99, onclick: 'x', children: [] },
        p({ ...text('styled', 0xffff), style: 'background:url(https://tracker)', class: 'x' }),
      ),
    )
    expect(heading).toMatchObject({ tag: 'h4', format: 'center', indent: LIMITS.indent })
    expect(heading).not.toHaveProperty('onclick')
    expect(paragraph!.children![0]).toEqual({
      type: 'text',
      version: 1,
      text: 'styled',
      format: 127,
      style: '',
      mode: 'normal',
      detail: 0,
    })
  })

  it('drops images that do not name a project asset', () => {
    for (const assetId of ['../../etc/passwd', 'https://example.org/a.png', 'A'.repeat(64), undefined])
      expect(blocksOf(doc({ type: 'image', version: 1, assetId, src: 'https://x/y.png' }))).toEqual([
        expect.objectContaining({ type: 'paragraph', children: [] }),
      ])
  })

  it('repairs lists: nesting kept, stray items wrapped, numbering recomputed', () => {
    const [list] = blocksOf(
      doc({
        type: 'list',
        listType: 'check',
        children: [
          { type: 'listitem', children: [text('one')] },
          {
            type: 'listitem',
            children: [
              {
                type: 'list',
                listType: 'number',
                children: [{ type: 'listitem', children: [text('one.a')] }],
              },
            ],
          },
          p(text('not an item')),
        ],
      }),
    )
    expect(list).toMatchObject({ type: 'list', listType: 'bullet', tag: 'ul' })
    expect(list!.children!.map((item) => item.value)).toEqual([1, 2, 2])
    expect(list!.children![1]!.children![0]).toMatchObject({ type: 'list', listType: 'number', tag: 'ol' })
    expect(plainTextOf(sanitiseRichText(doc(list)))).toBe('one\n\none.a\n\nnot an item')
  })

  it('repairs tables: rows padded, every cell holds a paragraph, no table or image in a cell', () => {
    const cell = (...children: unknown[]) => ({ type: 'tablecell', children })
    const [table] = blocksOf(
      doc({
        type: 'table',
        children: [
          { type: 'tablerow', children: [cell(p(text('a'))), cell(p(text('b'))), cell()] },
          {
            type: 'tablerow',
            children: [
              cell({ type: 'table', children: [{ type: 'tablerow', children: [cell(p(text('inner')))] }] }),
              cell({ type: 'image', assetId: ASSET }),
            ],
          },
          { type: 'tablerow', children: [] },
        ],
      }),
    )
    expect(table!.children).toHaveLength(2)
    for (const row of table!.children!) {
      expect(row.children).toHaveLength(3)
      for (const current of row.children!) expect(current.children!.length).toBeGreaterThan(0)
    }
    expect(
      plainTextOf(sanitiseRichText(doc(table)))
        .split('\n')
        .filter(Boolean),
    ).toEqual(['a', 'b', 'inner'])
  })

  it('flattens nesting beyond the depth limit and survives far deeper input', () => {
    let list: Record<string, unknown> = {
      type: 'list',
      children: [{ type: 'listitem', children: [text('deepest')] }],
    }
    for (let level = 0; level < 5_000; level++)
      list = { type: 'list', children: [{ type: 'listitem', children: [text(`level ${level}`), list] }] }
    const clean = sanitiseRichText(doc(list))
    expect(RichTextSchema.safeParse(clean).success).toBe(true)
    expect(plainTextOf(clean)).toContain('level 4999')
  })

  it('stops at the size limits', () => {
    const many = Array.from({ length: LIMITS.nodes + 10 }, () => p(text('x')))
    const clean = sanitiseRichText({ root: { type: 'root', children: many } })
    expect(clean.root.children!.length).toBeLessThanOrEqual(LIMITS.nodes)
    const huge = sanitiseRichText(doc(p(text('y'.repeat(LIMITS.text + 5)))))
    expect(plainTextOf(huge)).toHaveLength(LIMITS.text)
  })

  it('ignores prototype keys and answers anything with valid rich text', () => {
    const hostile = JSON.parse(
      '{"root":{"type":"root","__proto__":{"polluted":true},"children":[{"type":"paragraph","constructor":{"prototype":{"x":1}},"children":[{"type":"text","text":"ok"}]}]}}',
    ) as unknown
    expect(plainTextOf(sanitiseRichText(hostile))).toBe('ok')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    for (const value of [null, 42, 'text', [], { root: [] }, { root: { children: 'no' } }])
      expect(RichTextSchema.safeParse(sanitiseRichText(value)).success).toBe(true)
  })

  it('does not count footnotes as words of the field', () => {
    const clean = sanitiseRichText(doc(p(text('Two words'), { type: 'footnote', text: 'three more words' })))
    expect(countWords(plainTextOf(clean))).toBe(2)
  })
})

describe('isSafeLinkUrl', () => {
  it('accepts the web and e-mail only', () => {
    expect(isSafeLinkUrl('https://hecsos.eu/a?b#c')).toBe(true)
    expect(isSafeLinkUrl('mailto:info@hecsos.eu')).toBe(true)
    expect(isSafeLinkUrl('javascript:alert(1)')).toBe(false)
    expect(isSafeLinkUrl(`https://x.eu/${'a'.repeat(LIMITS.url)}`)).toBe(false)
  })
})

// Arbitrary trees of known and unknown nodes with hostile attribute values, deep and wide.
const anyValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 300 }),
  fc.constantFrom(
    null,
    true,
    'h1',
    'h5',
    'h9',
    'center',
    'rtl',
    'number',
    'bullet',
    'javascript:alert(1)',
    'https://hecsos.eu',
    'mailto:a@b.eu',
    ASSET,
    '__proto__',
  ),
)
const nodeTypes = fc.constantFrom(
  'root',
  'paragraph',
  'heading',
  'quote',
  'list',
  'listitem',
  'table',
  'tablerow',
  'tablecell',
  'image',
  'text',
  'link',
  'autolink',
  'linebreak',
  'tab',
  'footnote',
  'code',
  'mark',
  'unknown',
  'horizontalrule',
)
const { node } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record(
      {
        type: nodeTypes,
        text: fc.string({ maxLength: 8 }),
        url: anyValue,
        tag: anyValue,
        listType: anyValue,
        format: anyValue,
        indent: anyValue,
        direction: anyValue,
        assetId: anyValue,
        colSpan: anyValue,
        headerState: anyValue,
        start: anyValue,
        alt: anyValue,
      },
      { requiredKeys: ['type'] },
    ),
    fc.record({
      type: nodeTypes,
      format: anyValue,
      tag: anyValue,
      listType: anyValue,
      url: anyValue,
      children: fc.array(tie('node'), { maxLength: 5 }),
    }),
    anyValue,
  ),
}))
const anyRichText = fc.record({
  format: fc.constant('lexical'),
  root: fc.record({ type: fc.constant('root'), children: fc.array(node, { maxLength: 6 }) }),
})

describe('sanitiseRichText, for any input', () => {
  it('always answers valid rich text within the depth limit', () => {
    fc.assert(
      fc.property(anyRichText, (value) => {
        const clean = sanitiseRichText(value)
        expect(RichTextSchema.safeParse(clean).success).toBe(true)
        expect(JSON.stringify(clean).length).toBeGreaterThan(0)
      }),
      { numRuns: 1_000 },
    )
  })

  it('is idempotent: sanitising its own output changes nothing', () => {
    fc.assert(
      fc.property(anyRichText, (value) => {
        const once = sanitiseRichText(value)
        expect(sanitiseRichText(structuredClone(once))).toEqual(once)
      }),
      { numRuns: 1_000 },
    )
  })

  it('keeps every character of text inside known containers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 5 }),
        (words) => {
          const clean = sanitiseRichText(
            doc(...words.map((word) => ({ type: 'unknown', children: [p(text(word))] }))),
          )
          expect(plainTextOf(clean)).toBe(words.join('\n\n'))
        },
      ),
    )
  })
})

describe('sanitiseRichTextIn', () => {
  it('sanitises rich text wherever a template put it and leaves other values alone', () => {
    const hostile = doc(p({ type: 'link', version: 1, url: 'javascript:alert(1)', children: [text('x')] }))
    const fields = {
      summary: hostile,
      practices: [{ id: 'p1', title: 'Title', description: hostile }],
      year: 2024,
      notRichText: { format: 'lexical', root: 'broken' },
      future: { ...hostile, schemaVersion: 2 },
    }
    const clean = sanitiseRichTextIn(fields)
    expect(clean.summary).toEqual(sanitiseRichText(hostile))
    expect(clean.practices[0]!.description).toEqual(sanitiseRichText(hostile))
    expect(clean.practices[0]!.title).toBe('Title')
    expect(clean.year).toBe(2024)
    expect(clean.notRichText).toEqual(fields.notRichText)
    expect(clean.future).toEqual(fields.future)
    expect(JSON.stringify([clean.summary, clean.practices])).not.toContain('javascript:')
  })
})
