import { createRequire } from 'node:module'

/**
 * Draws the words of a line that look alike as one text object. pdfmake 0.3.11 hands pdfkit every word (every
 * inline) of a line on its own, and pdfkit writes each as a text object of its own: the opacity, the colour, then
 * `q … cm BT Tm Tf [glyphs] TJ ET Q`. Words of one font, size, colour and opacity, with nothing else about them
 * (no link, no decoration, background, letter spacing, superscript or font features), are written here as one
 * `BT … TJ ET`, the space between one word's last glyph and the next word's position as a TJ adjustment. Each
 * word still ends in its space glyph, so a text extractor reads the same words. A word alone in its run, a link
 * within the document among them, is written here too, with the operators pdfkit would write for it.
 *
 * Unlike pdf-speedups.ts this changes the content streams: pdf-text-runs.test.ts lays documents out with and
 * without it (wordByWord) and requires the same text and the same page images. Loaded for its effects by
 * pdf-render.ts.
 */

const requireCommonJs = createRequire(import.meta.url)
const requireFromPdfmake = createRequire(requireCommonJs.resolve('pdfmake/package.json'))

/** A glyph's placement as pdfkit's fonts give it, in thousandths of the font size. */
interface Position {
  xAdvance: number
  advanceWidth: number
  xOffset: number
  yOffset: number
}

interface Font {
  id: string
  ascender: number
  encode(text: string, features?: unknown): [string[], Position[]]
  ref(): unknown
}

/** A laid-out inline of pdfmake (js/Line.js): the fields its renderLine reads. */
interface Inline {
  text: string
  x: number
  width: number
  font: Font
  fontSize: number
  color?: unknown
  opacity?: unknown
  characterSpacing?: number
  link?: unknown
  linkToDestination?: unknown
  linkToPage?: unknown
  fontFeatures?: unknown
  sup?: boolean
  sub?: boolean
  decoration?: unknown
  background?: unknown
  _pageNodeRef?: unknown
}

interface Line {
  inlines: Inline[]
  id?: string
  _outline?: { id?: string; parentId?: string; text: string; expanded?: boolean }
  _pageNodeRef?: unknown
  getHeight(): number
  getAscenderHeight(): number
}

/** The pdfkit document (pdfmake's subclass of it) the renderer draws into. */
interface Document {
  x: number
  y: number
  _font: Font
  page: { height: number; fonts: Record<string, unknown> }
  opacity(opacity: number): Document
  fill(color: unknown): Document
  resolveColor(color: unknown, fallback: string): unknown
  fontSize(size: number): Document
  text(text: string, x: number, y: number, options: Record<string, unknown>): Document
  save(): Document
  restore(): Document
  transform(...matrix: number[]): Document
  addContent(operator: string): Document
  addNamedDestination(name: string, ...args: unknown[]): void
  goTo(x: number, y: number, width: number, height: number, name: unknown): Document
  currentLineHeight(): number
  outline: Outline
}

interface Outline {
  addItem(title: string, options: { expanded?: boolean }): Outline
}

interface Renderer {
  pdfDocument: Document
  outlineMap: Record<string, Outline>
  renderLine(line: Line, x: number, y: number): void
}

const { default: RendererClass } = requireFromPdfmake('pdfmake/js/Renderer') as {
  default: { prototype: Renderer }
}
const { default: TextDecorator } = requireFromPdfmake('pdfmake/js/TextDecorator') as {
  default: new (document: Document) => {
    drawBackground(line: Line, x: number, y: number): void
    drawDecorations(line: Line, x: number, y: number): void
  }
}

/** pdfkit's number in content streams: six decimals at most. */
const number = (value: number) => Math.round(value * 1e6) / 1e6

const opacityOf = (inline: Inline) =>
  typeof inline.opacity === 'number' || inline.opacity instanceof Number ? Number(inline.opacity) : 1

/**
 * Whether an inline is drawn here. Empty texts and line breaks are left to pdfkit, which skips the first and drops
 * the second; links to web pages, decorations and the rest each need operators or boxes of their own.
 */
function plainInline(inline: Inline): boolean {
  return (
    typeof inline.text === 'string' &&
    inline.text.length > 0 &&
    !inline.text.includes('\n') &&
    !inline.characterSpacing &&
    inline.link == null &&
    inline.linkToPage == null &&
    inline.fontFeatures == null &&
    !inline.sup &&
    !inline.sub &&
    inline.decoration == null &&
    inline.background == null &&
    inline._pageNodeRef == null
  )
}

/** Whether two plain inlines can share a text object. A link within the document has a box of its own. */
const alike = (a: Inline, b: Inline) =>
  !a.linkToDestination &&
  !b.linkToDestination &&
  a.font === b.font &&
  a.fontSize === b.fontSize &&
  a.color === b.color &&
  opacityOf(a) === opacityOf(b)

/** Where a line is drawn, and what places its inlines' baselines. */
interface Place {
  x: number
  y: number
  height: number
  descent: number
}

/** Added up in pdfmake's order, so that a word drawn alone lands where pdfmake puts it, to the last bit. */
const baselineOf = ({ y, height, descent }: Place, inline: Inline) =>
  y + (height - (inline.font.ascender / 1000) * inline.fontSize - descent)

/** One inline drawn as pdfmake draws it (Renderer.renderLine, for the inlines this patch is given). */
function drawAlone(document: Document, line: Line, index: number, place: Place) {
  const inline = line.inlines[index]!
  const options: Record<string, unknown> = {
    lineBreak: false,
    textWidth: inline.width,
    characterSpacing: inline.characterSpacing,
    wordCount: 1,
    link: inline.link,
  }
  if (inline.linkToDestination) options.goTo = inline.linkToDestination
  if (line.id && index === 0) options.destination = line.id
  if (inline.fontFeatures) options.features = inline.fontFeatures
  document.opacity(opacityOf(inline))
  document.fill(document.resolveColor(inline.color, 'black'))
  document._font = inline.font
  document.fontSize(inline.fontSize)
  let y = baselineOf(place, inline)
  if (inline.sup) y -= inline.fontSize * 0.75
  if (inline.sub) y += inline.fontSize * 0.35
  document.text(inline.text, place.x + inline.x, y, options)
}

/**
 * Inlines `from` to `to` (excluded) as one text object, placed as pdfkit would place each. False, having drawn
 * nothing, when a glyph is moved off its pen position (marks placed by the font): pdfkit moves the text matrix
 * for those, and such a run is left to it.
 */
function drawRun(document: Document, line: Line, from: number, to: number, place: Place): boolean {
  const first = line.inlines[from]!
  const { font, fontSize } = first
  // Encoded in drawing order, so the glyphs enter the font subset in the order pdfkit would add them.
  const encoded: Array<[string[], Position[]]> = []
  for (let index = from; index < to; index++) {
    const glyphs = font.encode(line.inlines[index]!.text)
    for (const position of glyphs[1]) if (position.xOffset || position.yOffset) return false
    encoded.push(glyphs)
  }
  document.opacity(opacityOf(first))
  document.fill(document.resolveColor(first.color, 'black'))
  document._font = font
  document.fontSize(fontSize)
  const { x } = place
  const left = x + first.x
  const top = baselineOf(place, first)
  // Alone in its run (see alike); its box is the inline's, as pdfkit draws it.
  if (first.linkToDestination)
    document.goTo(left, top, first.width, document.currentLineHeight(), first.linkToDestination)
  if (line.id && from === 0) document.addNamedDestination(line.id, 'XYZ', left, top, null)
  const scale = fontSize / 1000
  const segments: string[] = []
  let glyphs = ''
  // What moves the pen back after the glyphs so far, in thousandths of the font size, as TJ counts it.
  let adjustment = 0
  let pen = left
  // Loops rather than callbacks: this runs for every glyph of the publication.
  for (let offset = 0; offset < encoded.length; offset++) {
    const [codes, positions] = encoded[offset]!
    if (offset > 0) {
      const target = x + line.inlines[from + offset]!.x
      adjustment -= (target - pen) / scale
      pen = target
    }
    for (let index = 0; index < codes.length; index++) {
      if (adjustment !== 0 && number(adjustment) !== 0) {
        segments.push(`<${glyphs}> ${number(adjustment)}`)
        glyphs = ''
      }
      const { xAdvance, advanceWidth } = positions[index]!
      glyphs += codes[index]
      adjustment = advanceWidth - xAdvance
      pen += xAdvance * scale
    }
  }
  segments.push(`<${glyphs}> ${number(adjustment)}`)
  document.save()
  document.transform(1, 0, 0, -1, 0, document.page.height)
  document.page.fonts[font.id] ??= font.ref()
  document.addContent('BT')
  document.addContent(
    `1 0 0 1 ${number(left)} ${number(document.page.height - top - (font.ascender / 1000) * fontSize)} Tm`,
  )
  document.addContent(`/${font.id} ${number(fontSize)} Tf`)
  document.addContent(`[${segments.join(' ')}] TJ`)
  document.addContent('ET')
  document.restore()
  // Where pdfkit leaves its cursor after the last word; pdfmake places every word itself, but keep to it.
  const last = line.inlines[to - 1]!
  document.x = x + last.x + last.width
  document.y = top
  return true
}

let joining = true

/** For tests: `work` runs with pdfmake drawing each word as a text object of its own. */
export async function wordByWord<T>(work: () => Promise<T>): Promise<T> {
  joining = false
  try {
    return await work()
  } finally {
    joining = true
  }
}

const renderLine = RendererClass.prototype.renderLine
RendererClass.prototype.renderLine = function renderLineInRuns(this: Renderer, line, x, y) {
  // Contents lines with a page number and links to a page number: pdfmake's own way.
  if (
    !joining ||
    line._pageNodeRef ||
    line.inlines.some((inline) => inline._pageNodeRef != null || inline.linkToPage != null)
  )
    return renderLine.call(this, line, x, y)
  const document = this.pdfDocument
  // A heading's bookmark, under its parent's when that has one, as pdfmake adds it.
  if (line._outline) {
    const { id, parentId, text, expanded } = line._outline
    const parent = (parentId && this.outlineMap[parentId]) || document.outline
    const bookmark = parent.addItem(text, { expanded })
    if (id) this.outlineMap[id] = bookmark
  }
  x = x || 0
  y = y || 0
  const height = line.getHeight()
  const place: Place = { x, y, height, descent: height - line.getAscenderHeight() }
  const decorator = new TextDecorator(document)
  decorator.drawBackground(line, x, y)
  const { inlines } = line
  for (let from = 0; from < inlines.length;) {
    let to = from + 1
    if (plainInline(inlines[from]!))
      while (to < inlines.length && plainInline(inlines[to]!) && alike(inlines[from]!, inlines[to]!)) to++
    // A plain word alone is drawn here too: the same operators pdfkit writes for it, without its text machinery.
    if (to - from === 1 && !plainInline(inlines[from]!)) drawAlone(document, line, from, place)
    else if (!drawRun(document, line, from, to, place))
      for (let index = from; index < to; index++) drawAlone(document, line, index, place)
    from = to
  }
  decorator.drawDecorations(line, x, y)
}
