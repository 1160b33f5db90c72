import { createRequire } from 'node:module'
import { deflateSync, inflateSync } from 'node:zlib'
import type { TDocumentDefinitions } from 'pdfmake/interfaces'
import { describe, expect, it } from 'vitest'
import type { Block, PrintDocument } from '../print-model'
import { loadExampleFixture } from '../test-support'
import { pictureFileName, type ImageAsset } from './pdf-definition'
import { renderDefinition } from './pdf-render'
import { deflate, plainPng, withoutSpeedups } from './pdf-speedups'
import { writePdf } from './write-pdf'

/**
 * The speed-ups patch pdfmake's and pdfkit's methods (pdf-speedups.ts). They must change nothing in the file: the
 * same documents laid out with pdfmake's and pdfkit's own methods give the same bytes. Should a release of either
 * library change what a patched method does, these are the tests that fail.
 */

const NOW = new Date('2026-03-01T09:00:00Z')

/** A PNG of `width` × `height` pixels of a colour type, its compressed rows cut into `parts` IDAT chunks. */
function png(options: {
  colorType: 0 | 2 | 3 | 4 | 6
  bits?: 8 | 16
  interlace?: boolean
  parts?: number
  transparency?: boolean
  width?: number
  height?: number
}): Uint8Array {
  const { colorType, bits = 8, width = 40, height = 24, parts = 1 } = options
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType]
  const rowBytes = (width * channels * bits) / 8
  const raw = Buffer.alloc((rowBytes + 1) * height)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < rowBytes; x++) raw[y * (rowBytes + 1) + 1 + x] = (x * 7 + y * 13) % 256
  const chunk = (type: string, data: Uint8Array) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    // Checksums are not read by pdfkit's reader nor by plainPng.
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([bits, colorType, 0, 0, options.interlace ? 1 : 0], 8)
  const compressed = deflateSync(raw)
  const size = Math.ceil(compressed.length / parts)
  const rows = Array.from({ length: parts }, (_, index) =>
    chunk('IDAT', compressed.subarray(index * size, (index + 1) * size)),
  )
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('tEXt', Buffer.from('Comment\0made for a test', 'latin1')),
    ...(colorType === 3 ? [chunk('PLTE', Buffer.from(Array.from({ length: 768 }, (_, i) => i % 256)))] : []),
    ...(options.transparency ? [chunk('tRNS', Buffer.from([0, 0, 0, 0, 0, 0]))] : []),
    ...rows,
    chunk('IEND', new Uint8Array()),
  ])
}

/** Pictures of every kind pdfkit reads: the plain ones the patch embeds, and the others it leaves to pdfkit. */
const PICTURES: Record<string, Uint8Array> = {
  rgb: png({ colorType: 2 }),
  'rgb-in-three-chunks': png({ colorType: 2, parts: 3 }),
  grey: png({ colorType: 0 }),
  'rgb-16-bit': png({ colorType: 2, bits: 16 }),
  'rgb-with-alpha': png({ colorType: 6 }),
  'grey-with-alpha': png({ colorType: 4 }),
  palette: png({ colorType: 3 }),
  'rgb-transparent-colour': png({ colorType: 2, transparency: true }),
}

function withPictures(model: PrintDocument): { model: PrintDocument; images: Map<string, ImageAsset> } {
  const figures: Block[] = Object.keys(PICTURES).map((id) => ({
    kind: 'figure',
    assetId: id,
    caption: `A picture: ${id}`,
    alt: id,
    credit: 'Made for a test',
  }))
  const images = new Map(
    Object.entries(PICTURES).map(([id, data]): [string, ImageAsset] => [id, { data, mime: 'image/png' }]),
  )
  return { model: { ...model, blocks: [...model.blocks, ...figures] }, images }
}

/** Lays out with pdfkit's own deflate level (zlib's default), so the bytes can be compared with pdfkit's own. */
async function atDefaultLevel<T>(work: () => Promise<T>): Promise<T> {
  const level = deflate.level
  deflate.level = -1
  try {
    return await work()
  } finally {
    deflate.level = level
  }
}

/** Every stream of a PDF as pdfkit wrote it, inflated when it is deflated. */
function streamsOf(pdf: Uint8Array): Buffer[] {
  const text = Buffer.from(pdf).toString('latin1')
  const streams: Buffer[] = []
  for (const match of text.matchAll(/>>\nstream\n/g)) {
    const start = match.index + match[0].length
    const end = text.indexOf('\nendstream', start)
    const dictionary = text.slice(text.lastIndexOf(' obj\n', match.index), match.index)
    const bytes = Buffer.from(pdf.subarray(start, end))
    streams.push(dictionary.includes('/FlateDecode') ? inflateSync(bytes) : bytes)
  }
  return streams
}

describe('the speed-ups change no byte of the PDF', () => {
  it('the Example deliverable in parts, with pictures of every kind, is the same without them', async () => {
    const fixture = await loadExampleFixture()
    const { model, images } = withPictures(fixture.deliverable())
    const fast = await atDefaultLevel(() => writePdf(model, { now: NOW, images }))
    const slow = await withoutSpeedups(() => writePdf(model, { now: NOW, images }))
    expect(fast.length).toBe(slow.length)
    expect(Buffer.from(fast).equals(Buffer.from(slow))).toBe(true)
    // At the faster deflate level, only the compressed bytes differ: every stream inflates to the same.
    const faster = await writePdf(model, { now: NOW, images })
    const streams = streamsOf(faster)
    expect(streams.length).toBe(streamsOf(slow).length)
    streamsOf(slow).forEach((stream, index) => expect(streams[index]!.equals(stream)).toBe(true))
  }, 120_000)

  it('documents laid out one after another (shared shaping) are the same as laid out alone', async () => {
    const fixture = await loadExampleFixture()
    // The Greek case study, then the Romanian report: letters the first used only inside composite glyphs (Ă, Ș)
    // are laid out on their own by the second.
    const keys = ['case-open-schoolyards', 'workshop-cluj', 'curriculum']
    const after: Uint8Array[] = []
    for (const key of keys)
      after.push(await atDefaultLevel(() => writePdf(fixture.printOf(key), { now: NOW })))
    for (const [index, key] of keys.entries()) {
      const alone = await withoutSpeedups(() => writePdf(fixture.printOf(key), { now: NOW }))
      expect({ key, same: Buffer.from(after[index]!).equals(Buffer.from(alone)) }).toEqual({
        key,
        same: true,
      })
    }
  }, 60_000)

  // Style lookups: names, arrays of names, override objects, defaults, nesting, and `extends` (pdfmake's own path).
  const styled = (styles: TDocumentDefinitions['styles']): TDocumentDefinitions => ({
    info: { creationDate: NOW, modDate: NOW },
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    styles,
    content: [
      { text: 'A heading in a named style', style: 'heading' },
      {
        text: [
          'plain, ',
          { text: 'bold, ', bold: true },
          { text: 'quiet', style: ['quiet', 'small'] },
          ' and on',
        ],
        style: 'body',
      },
      {
        stack: [
          { text: 'inherits the stack', italics: true },
          { text: 'overrides it', style: { color: '#aa0000', italics: false } },
        ],
        style: 'quiet',
        fontSize: 14,
      },
      { ul: ['one', { text: 'two', style: 'heading' }, { ol: ['nested', 'list'], markerColor: '#00aa00' }] },
      {
        table: {
          body: [
            [{ text: 'cell', style: 'small', fillColor: '#eeeeee' }, 'plain cell'],
            [{ stack: ['in', { text: 'a stack', style: 'heading' }] }, { text: 'sup', sup: true }],
          ],
        },
        style: 'body',
      },
      {
        columns: [
          { text: 'left', style: 'small' },
          { text: 'right', alignment: 'right' },
        ],
        columnGap: 7,
      },
      {
        text: [
          '   words after spaces, ',
          { text: '  kept spaces  ', preserveLeadingSpaces: true, preserveTrailingSpaces: true },
          'then plain ',
          'pieces in a row, ',
          { text: 'x', sup: true },
          { text: '2', sub: true },
          { text: ' and a long piece of text that wraps over more than one line of the page', fontSize: 13 },
          { text: ' kept whole', noWrap: true, characterSpacing: 1 },
        ],
        leadingIndent: 12,
      },
    ],
  })

  it.each([
    ['without extends', {}],
    ['with extends', { heading: { extends: 'body', bold: true } }],
  ])('a definition of nested styles is the same (%s)', async (_name, extra) => {
    const styles = {
      heading: { fontSize: 16, bold: true, color: '#123456', margin: [0, 8, 0, 4] },
      body: { fontSize: 11, alignment: 'justify' },
      quiet: { color: '#777777', italics: true },
      small: { fontSize: 8, color: '#225522' },
      ...extra,
    } as TDocumentDefinitions['styles']
    const fast = await atDefaultLevel(() => renderDefinition(styled(styles)))
    const slow = await withoutSpeedups(() => renderDefinition(styled(styles)))
    expect(Buffer.from(fast.bytes).equals(Buffer.from(slow.bytes))).toBe(true)
  })
})

describe('plainPng', () => {
  it('takes the header and the compressed rows of a PNG pdfkit copies as it is', () => {
    const picture = PICTURES['rgb-in-three-chunks']!
    const read = plainPng(picture)
    expect(read).toMatchObject({ width: 40, height: 24, bits: 8, colors: 3 })
    // The rows, decompressed, are the picture's: filter byte and 40 × 3 bytes a row.
    expect(inflateSync(read!.rows).length).toBe(24 * (40 * 3 + 1))
    expect(plainPng(PICTURES.grey!)).toMatchObject({ colors: 1 })
  })

  it.each(['rgb-with-alpha', 'grey-with-alpha', 'palette', 'rgb-transparent-colour'])(
    'leaves %s to pdfkit',
    (id) => expect(plainPng(PICTURES[id]!)).toBeUndefined(),
  )

  it('leaves interlaced, truncated and other files to pdfkit', () => {
    expect(plainPng(png({ colorType: 2, interlace: true }))).toBeUndefined()
    expect(plainPng(PICTURES.rgb!.subarray(0, 60))).toBeUndefined()
    expect(plainPng(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBeUndefined()
  })
})

describe('pictures handed to pdfmake as bytes', () => {
  it('are in its virtual file system only while a layout uses them', async () => {
    const pdfmake = createRequire(import.meta.url)('pdfmake') as {
      virtualfs: { existsSync(name: string): boolean }
    }
    const name = pictureFileName('rgb')
    const picture = new Map([['rgb', { data: PICTURES.rgb!, mime: 'image/png' as const }]])
    const definition: TDocumentDefinitions = {
      content: [{ image: 'picture', width: 40 }],
      images: { picture: name },
      defaultStyle: { font: 'Roboto' },
    }
    const laidOut = renderDefinition(definition, picture)
    expect(pdfmake.virtualfs.existsSync(name)).toBe(true)
    const { bytes } = await laidOut
    expect(pdfmake.virtualfs.existsSync(name)).toBe(false)
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/Subtype \/Image/)
  })
})
