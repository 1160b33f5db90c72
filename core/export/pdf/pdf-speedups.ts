import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { loadShaper, type FontkitFace, type Shaper } from './pdf-shaping'

/**
 * Patches to pdfmake 0.3.11 and the pdfkit 0.19 it draws with, which make a layout cheaper. Each replaces one
 * method with one that does the same with less work, and changes no byte of the file but in two ways: the level
 * streams are deflated at (`deflate`), which changes only how they are compressed, and HarfBuzz's shaping, which
 * differs from fontkit's only where fontkit's was wrong (a letter typed with a combining mark: pdf-shaping.ts).
 * The profile of the reference deliverable that called for each is in docs/export.md. pdf-speedups.test.ts lays
 * documents out with the patches and without them (withoutSpeedups), at pdfkit's own deflate level, and requires
 * the same bytes, so a release of either library that changes what a patched method does fails that test rather
 * than the printed PDF.
 *
 * Loaded by pdf-render.ts before pdfmake lays out anything; pdf-render awaits prepareShaping before each layout.
 */

const requireCommonJs = createRequire(import.meta.url)
// pdfkit as pdfmake loads it (its own dependency), so the prototypes patched are the ones pdfmake uses.
const requireFromPdfmake = createRequire(requireCommonJs.resolve('pdfmake/package.json'))

interface Patch {
  target: Record<string, unknown>
  name: string
  original: unknown
  patched: unknown
}
const patches: Patch[] = []

/** Replaces `target[name]` and returns what it was. */
function patch<T extends object, K extends keyof T & string>(target: T, name: K, patched: T[K]): T[K] {
  const original = target[name]
  if (typeof original !== 'function') throw new Error(`pdfmake or pdfkit has no method ${name} to speed up.`)
  target[name] = patched
  patches.push({ target: target as Record<string, unknown>, name, original, patched })
  return original
}

/** For tests: `work` runs with pdfmake's and pdfkit's own methods; the patches are back when it is done. */
export async function withoutSpeedups<T>(work: () => Promise<T>): Promise<T> {
  for (const { target, name, original } of patches) target[name] = original
  try {
    return await work()
  } finally {
    for (const { target, name, patched } of patches) target[name] = patched
  }
}

// pdfkit's CommonJS build exports its document class itself. The classes of its references (indirect objects) and
// of its embedded fonts, and fontkit's class of TrueType subsets, are not exported: they are taken from a document
// of no pages with one font, made here.
const PdfKitDocument = requireFromPdfmake('pdfkit') as new (options: Record<string, unknown>) => {
  _root: PdfReference
  font(src: string): { _font: EmbeddedFont }
}
const probe = new PdfKitDocument({ autoFirstPage: false, font: null })
const referencePrototype = Object.getPrototypeOf(probe._root) as PdfReference
const probeFont = probe.font(
  join(dirname(requireCommonJs.resolve('pdfmake/package.json')), 'fonts', 'Roboto', 'Roboto-Regular.ttf'),
)._font
const embeddedFontPrototype = Object.getPrototypeOf(probeFont) as EmbeddedFont
const subsetPrototype = Object.getPrototypeOf(probeFont.subset) as TrueTypeSubset

// --- Style lookups -------------------------------------------------------------------------------------------

type Style = Record<string, unknown>
type StyleOverride = string | Style

/** pdfmake's style stack (js/StyleContextStack.js): the fields and methods the patch touches. */
interface StyleStack {
  styleDictionary: Record<string, Style | undefined> | undefined | null
  defaultStyle: Style | undefined
  styleOverrides: StyleOverride[] | undefined
  getProperty(property: string): unknown
  push(entry: StyleOverride): void
  pop(howMany?: number): void
}

interface StyleStackClass {
  prototype: StyleStack
  getStyleProperty(
    item: unknown,
    stack: StyleStack | undefined,
    property: string,
    defaultValue: unknown,
  ): unknown
  copyStyle(source?: object | null, destination?: object): Style
}

/**
 * What the patched stack remembers: its answers, valid while nothing is pushed or popped. pdfmake measures a
 * paragraph on a copy of the stack with the paragraph pushed (DocMeasure.measureLeaf), then asks it the same
 * twenty questions for every word; the answers cannot change while the stack does not, as pdfmake only ever
 * writes an answer back onto a node of the stack (`node.font = stack.getProperty('font')`), never another value.
 */
interface Remembering {
  /** usesExtends of its dictionary, asked once per stack (pdfmake copies the stack for every paragraph). */
  _extends?: boolean
  _generation?: number
  _answered?: number
  _answers?: Map<string, unknown>
}

const { default: StyleContextStack } = requireFromPdfmake('pdfmake/js/StyleContextStack') as {
  default: StyleStackClass
}

const isValue = (value: unknown) => value !== undefined && value !== null
const isString = (value: unknown): value is string => typeof value === 'string' || value instanceof String

/**
 * Whether a style dictionary has a style that `extends` another (or is missing): then the patched lookups leave
 * it to pdfmake's own, which follow the chain. Our definitions never extend; the answer is kept per dictionary.
 */
const extending = new WeakMap<object, boolean>()
function usesExtends(dictionary: StyleStack['styleDictionary']): boolean {
  if (!dictionary) return true
  let uses = extending.get(dictionary)
  if (uses === undefined) {
    uses = Object.values(dictionary).some((style) => isValue(style?.extends))
    extending.set(dictionary, uses)
  }
  return uses
}

/** One entry of the stack: a style's name (looked up in the dictionary) or an object of overrides. */
function valueIn(dictionary: Record<string, Style | undefined>, entry: StyleOverride, property: string) {
  if (isString(entry)) return dictionary[entry as string]?.[property]
  return entry[property]
}

/*
 * pdfmake measures every word of every paragraph by asking the style stack for twenty-odd properties
 * (TextInlines.measure), and each question pushes the word onto the stack, builds a closure and, for every named
 * style on the stack, a fresh Set (to guard `extends` cycles): a fifth of a cold export's time with the garbage it
 * leaves. The lookups below give the same answers in the same order of precedence without pushing or allocating,
 * and a stack keeps its answers until it changes.
 */
const styleStack = StyleContextStack.prototype

function extendsIn(stack: StyleStack & Remembering): boolean {
  return (stack._extends ??= usesExtends(stack.styleDictionary))
}

const getProperty: StyleStack['getProperty'] = patch(
  styleStack,
  'getProperty',
  function getPropertyRemembered(this: StyleStack & Remembering, property): unknown {
    if (extendsIn(this)) return getProperty.call(this, property)
    const dictionary = this.styleDictionary
    let answers = this._answers
    if (!answers || this._answered !== this._generation) {
      answers = this._answers = new Map()
      this._answered = this._generation
    }
    if (answers.has(property)) return answers.get(property)
    let found: unknown
    const overrides = this.styleOverrides
    if (overrides)
      for (let index = overrides.length - 1; index >= 0 && !isValue(found); index--)
        found = valueIn(dictionary!, overrides[index]!, property)
    if (!isValue(found)) found = this.defaultStyle && this.defaultStyle[property]
    answers.set(property, found)
    return found
  },
)

const push = patch(styleStack, 'push', function pushCounted(this: StyleStack & Remembering, entry) {
  this._generation = (this._generation ?? 0) + 1
  push.call(this, entry)
})

const pop = patch(styleStack, 'pop', function popCounted(this: StyleStack & Remembering, howMany) {
  this._generation = (this._generation ?? 0) + 1
  pop.call(this, howMany)
})

const getStyleProperty: StyleStackClass['getStyleProperty'] = patch(
  StyleContextStack,
  'getStyleProperty',
  function getStylePropertyWithoutPushing(
    item,
    stack: (StyleStack & Remembering) | undefined,
    property,
    defaultValue,
  ): unknown {
    const own = (item as Style)[property]
    if (isValue(own)) return own
    if (!stack) return defaultValue
    if (extendsIn(stack)) return getStyleProperty.call(StyleContextStack, item, stack, property, defaultValue)
    const dictionary = stack.styleDictionary
    let value: unknown
    // pdfmake pushes the item's styles, then the item itself (whose own value is known to be absent), and asks
    // the stack; strings and sections push nothing.
    if (!isString(item) && (item as Style).section === undefined) {
      const style = (item as Style).style as StyleOverride | StyleOverride[] | undefined
      if (style) {
        const names = Array.isArray(style) ? style : [style]
        for (let index = names.length - 1; index >= 0 && !isValue(value); index--)
          value = valueIn(dictionary!, names[index]!, property)
      }
    }
    if (!isValue(value)) value = stack.getProperty(property)
    return isValue(value) ? value : defaultValue
  },
)

// --- Measuring words ------------------------------------------------------------------------------------------

/** A word as pdfmake's TextBreaker makes it and TextInlines.measure completes it (the fields measure writes). */
interface Word extends Style {
  [COPIED_FROM]?: object
  text: string
  font: { lineHeight(size: number): number }
  fontSize: number
  sup: unknown
  sub: unknown
  leadingCut?: number
  leadingIndent?: number
  trailingCut?: number
  width?: number
  height?: number
}

interface TextInlines {
  pdfDocument: { provideFont(family: unknown, bold: unknown, italics: unknown): Word['font'] }
  measure(words: Word[], stack: StyleStack): Word[]
  widthOfText(text: string, word: Word): number
}

const { default: TextInlinesClass } = requireFromPdfmake('pdfmake/js/TextInlines') as {
  default: { prototype: TextInlines }
}

/*
 * pdfmake cuts a paragraph's text into words (TextBreaker.getBreaks), each word a copy of its piece of text's style
 * (StyleContextStack.copyStyle), and measures them at once (TextInlines.measure), asking the style stack twenty-odd
 * questions per word. The answers depend only on the word's own style and the stack, which is the same for the
 * whole paragraph, so the words copied from one piece of text get the same answers: they are asked for once per
 * piece here, then every word is measured as pdfmake does. copyStyle is pdfmake's only way to make these words
 * and measure its only reader of them (both called by TextInlines.buildInlines, one after the other), so the
 * piece a word was copied from is what tells which words answer alike. It is kept on the copy under a symbol,
 * which pdfmake never reads or copies (it copies styles with for…in and reads named fields), rather than in a
 * WeakMap, whose entry for each of a hundred thousand short-lived words the garbage collector must trace.
 */
const NO_STYLE = {}
const COPIED_FROM = Symbol('copied from')

const copyStyle: StyleStackClass['copyStyle'] = patch(
  StyleContextStack,
  'copyStyle',
  function copyStyleRemembered(source, destination): Style {
    const copy = copyStyle.call(StyleContextStack, source, destination)
    ;(copy as Style & { [COPIED_FROM]?: object })[COPIED_FROM] = source ?? NO_STYLE
    return copy
  },
)

/** The answers of the style stack a word is measured with (pdfmake's TextInlines.measure asks for them all). */
interface WordStyle {
  font: Word['font']
  alignment: unknown
  fontSize: number
  fontFeatures: unknown
  characterSpacing: unknown
  color: unknown
  decoration: unknown
  decorationColor: unknown
  decorationStyle: unknown
  decorationThickness: unknown
  background: unknown
  link: unknown
  linkToPage: unknown
  linkToDestination: unknown
  noWrap: unknown
  opacity: unknown
  sup: unknown
  sub: unknown
  lineHeight: number
  preserveLeadingSpaces: unknown
  preserveTrailingSpaces: unknown
}

/** The style of a word, asked of the stack with pdfmake's defaults, in pdfmake's order. */
function wordStyle(words: TextInlines, word: Word, stack: StyleStack): WordStyle {
  const ask = (property: string, defaultValue: unknown) =>
    StyleContextStack.getStyleProperty(word, stack, property, defaultValue)
  return {
    font: words.pdfDocument.provideFont(ask('font', 'Roboto'), ask('bold', false), ask('italics', false)),
    alignment: ask('alignment', 'left'),
    fontSize: ask('fontSize', 12) as number,
    fontFeatures: ask('fontFeatures', null),
    characterSpacing: ask('characterSpacing', 0),
    color: ask('color', 'black'),
    decoration: ask('decoration', null),
    decorationColor: ask('decorationColor', null),
    decorationStyle: ask('decorationStyle', null),
    decorationThickness: ask('decorationThickness', null),
    background: ask('background', null),
    link: ask('link', null),
    linkToPage: ask('linkToPage', null),
    linkToDestination: ask('linkToDestination', null),
    noWrap: ask('noWrap', null),
    opacity: ask('opacity', 1),
    sup: ask('sup', false),
    sub: ask('sub', false),
    lineHeight: ask('lineHeight', 1) as number,
    preserveLeadingSpaces: ask('preserveLeadingSpaces', false),
    preserveTrailingSpaces: ask('preserveTrailingSpaces', false),
  }
}

const LEADING_SPACE = /^\s+/
const TRAILING_SPACE = /\s+$/

patch(TextInlinesClass.prototype, 'measure', function measureWords(this: TextInlines, words, stack): Word[] {
  const first = words[0]
  if (first) {
    const leadingIndent = StyleContextStack.getStyleProperty(first, stack, 'leadingIndent', 0) as number
    if (leadingIndent) {
      first.leadingCut = -leadingIndent
      first.leadingIndent = leadingIndent
    }
  }
  let lastSource: object | undefined
  let style: WordStyle | undefined
  for (const word of words) {
    const source = word[COPIED_FROM]
    if (!style || source === undefined || source !== lastSource) style = wordStyle(this, word, stack)
    lastSource = source
    // The fields in pdfmake's order.
    word.font = style.font
    word.alignment = style.alignment
    word.fontSize = style.fontSize
    word.fontFeatures = style.fontFeatures
    word.characterSpacing = style.characterSpacing
    word.color = style.color
    word.decoration = style.decoration
    word.decorationColor = style.decorationColor
    word.decorationStyle = style.decorationStyle
    word.decorationThickness = style.decorationThickness
    word.background = style.background
    word.link = style.link
    word.linkToPage = style.linkToPage
    word.linkToDestination = style.linkToDestination
    word.noWrap = style.noWrap
    word.opacity = style.opacity
    word.sup = style.sup
    word.sub = style.sub
    // Superscript and subscript at 58% of the size, as pdfmake sets them.
    if (word.sup || word.sub) word.fontSize *= 0.58
    word.width = this.widthOfText(word.text, word)
    word.height = word.font.lineHeight(word.fontSize) * style.lineHeight
    if (!word.leadingCut) word.leadingCut = 0
    if (!style.preserveLeadingSpaces) {
      const leading = LEADING_SPACE.exec(word.text)
      if (leading) word.leadingCut += this.widthOfText(leading[0], word)
    }
    word.trailingCut = 0
    if (!style.preserveTrailingSpaces) {
      const trailing = TRAILING_SPACE.exec(word.text)
      if (trailing) word.trailingCut = this.widthOfText(trailing[0], word)
    }
  }
  return words
})

// --- Fonts -------------------------------------------------------------------------------------------------

/** The parts of a pdfkit font the sharing below touches. */
interface EmbeddedFont {
  /** The shaping of each word laid out (pdfkit's `fontLayoutCache`): glyph ids, advances and code points. */
  layoutCache?: object
  /** The glyphs this document uses (fontkit's TTFSubset), written into the PDF when the document ends. */
  subset: TrueTypeSubset
  /** The fontkit font the document opened. */
  font: FontkitFace
  /** Font units to thousandths of the font size. */
  scale: number
  /** Shapes one word (pdfkit keeps the run in `layoutCache`). */
  layoutRun(text: string, features: unknown): unknown
  layout(text: string, features: unknown, onlyWidth: boolean): { advanceWidth: number }
  encode(text: string, features: unknown): [string[], object[]]
  widthOfString(text: string, size: number, features: unknown): number
  /** The advance of each text measured, in font units (patched widthOfString): shared like `layoutCache`. */
  _advances?: Map<string, number>
  /** The encoding of each text drawn (patched encode): this document's own, as its glyph ids are. */
  _encoded?: Map<string, [string[], object[]]>
}

/** The parts of pdfmake's pdfkit document the patches below touch. */
interface PdfmakeDocument {
  provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont
  getFontType(bold: boolean, italics: boolean): string
  openImage(src: unknown): unknown
  _imageCount: number
  ref(data?: Record<string, unknown>): PdfReference
}

const { default: PdfmakeDocumentClass } = requireFromPdfmake('pdfmake/js/PDFDocument') as {
  default: { prototype: PdfmakeDocument }
}

/*
 * pdfkit keeps the shaping of each word it has laid out (glyphs and advances) per font of one document, so a
 * publication laid out in parts would shape its common words again in every part. The runs depend only on the
 * font file, and a document takes only glyph ids, widths and code points from them (its subset is its own), so
 * they are shared by every document this thread lays out.
 *
 * Not shared: the fontkit font itself (its tables and glyphs). It would save reading them again, but fontkit
 * keeps one object per glyph, and a glyph first made while a subset is written (the part of a composite glyph)
 * has no code points: a later document would lay out that letter with it and lose its text (pdftotext read
 * "telierul" for "Atelierul"). pdf-speedups.test.ts lays out documents one after another to catch that.
 */
const sharedRuns = new Map<string, { runs: object; advances: Map<string, number> }>()
const adopted = new WeakSet<EmbeddedFont>()

const provideFont: PdfmakeDocument['provideFont'] = patch(
  PdfmakeDocumentClass.prototype,
  'provideFont',
  function provideSharedFont(this: PdfmakeDocument, family, bold, italics): EmbeddedFont {
    const font = provideFont.call(this, family, bold, italics)
    // pdfmake asks for the font of every word: only a font this document has just opened needs anything done.
    if (adopted.has(font)) return font
    adopted.add(font)
    if (font.layoutCache) {
      const face = `${family}/${this.getFontType(bold, italics)}`
      const shared = sharedRuns.get(face)
      if (shared) {
        font.layoutCache = shared.runs
        font._advances = shared.advances
      } else sharedRuns.set(face, { runs: font.layoutCache, advances: (font._advances = new Map()) })
    }
    return font
  },
)

/*
 * pdfmake measures every word, and pdfkit measures and encodes it again as it draws it (a word at a time), each
 * time joining the shaped runs of its parts anew. Both answers depend only on the text (widths: on the font file;
 * glyph ids: on this document's subset, which gives a glyph the same id every time), so each is kept: widths
 * for every document like the shaped runs, encodings for the document's own font. Words set with font features
 * are left to pdfkit.
 */
const widthOfString: EmbeddedFont['widthOfString'] = patch(
  embeddedFontPrototype,
  'widthOfString',
  function widthOfStringKept(this: EmbeddedFont, text, size, features): number {
    if (features) return widthOfString.call(this, text, size, features)
    const advances = (this._advances ??= new Map())
    let advance = advances.get(text)
    if (advance === undefined) {
      advance = this.layout(text, features, true).advanceWidth
      advances.set(text, advance)
    }
    return advance * (size / 1000)
  },
)

const encode: EmbeddedFont['encode'] = patch(
  embeddedFontPrototype,
  'encode',
  function encodeKept(this: EmbeddedFont, text, features): [string[], object[]] {
    if (features) return encode.call(this, text, features)
    // pdfkit reads what encode gives back and never changes it (it concatenates before it alters).
    const encoded = (this._encoded ??= new Map())
    let known = encoded.get(text)
    if (!known) {
      known = encode.call(this, text, features)
      encoded.set(text, known)
    }
    return known
  },
)

let shaper: Shaper | undefined

/** Loads HarfBuzz for this thread (once) before a layout: pdfkit shapes synchronously, HarfBuzz loads async. */
export async function prepareShaping(): Promise<void> {
  shaper ??= await loadShaper()
}

/*
 * Each word is shaped once per thread (the runs above are shared), but shaped by fontkit that is ≈ 1.8 s of the
 * first export of the reference deliverable: see pdf-shaping.ts. HarfBuzz shapes it instead, to the same glyphs
 * and positions; words set with font features, and right-to-left text, are left to fontkit.
 */
const layoutRun: EmbeddedFont['layoutRun'] = patch(
  embeddedFontPrototype,
  'layoutRun',
  function layoutRunByHarfBuzz(this: EmbeddedFont, text, features): unknown {
    const run = !features && shaper ? shaper.shape(this.font, text, this.scale) : undefined
    return run ?? layoutRun.call(this, text, features)
  },
)

/** The parts of a fontkit TrueType font a subset reads a glyph from. */
interface TrueTypeFont {
  postscriptName: string
  head: { checkSumAdjustment: number }
  loca: { offsets: number[] }
  _variationProcessor?: unknown
  getGlyph(id: number): {
    _decode(): { numberOfContours: number; components?: Array<{ glyphID: number; pos: number }> } | null
    advanceWidth: number
    _getMetrics(): { leftBearing: number }
  }
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array }
}

/** fontkit's TTFSubset: the parts its _addGlyph touches. */
interface TrueTypeSubset {
  font: TrueTypeFont
  glyf: Uint8Array[]
  loca: { offsets: number[] }
  hmtx: { metrics: Array<{ advance: number; bearing: number }> }
  offset: number
  includeGlyph(id: number): number
  _addGlyph(id: number): number
}

/** What a subset copies of a glyph: its outline as stored, the parts of a composite, its metrics. */
interface GlyphRecord {
  bytes: Uint8Array
  components?: Array<{ glyphID: number; pos: number }>
  advance: number
  bearing: number
}

/*
 * Every document writes a subset of each of its fonts, and fontkit reads each glyph it copies from the font file
 * again (outline, offsets, metrics) in that document's own font object: in a publication laid out in parts, the
 * same glyphs a dozen times over. What it reads depends only on the file, so it is kept by font file (its
 * PostScript name and whole-file checksum, as pdfkit tells fonts apart) and glyph; the subset is then written as
 * fontkit writes it, its composite glyphs pointing at their parts' numbers in this subset. Plain data only: the
 * glyph objects stay the document's own (see above why they are not shared).
 */
const glyphsByFile = new Map<string, Map<number, GlyphRecord>>()
const glyphsOfFont = new WeakMap<TrueTypeFont, Map<number, GlyphRecord>>()

function glyphsOf(font: TrueTypeFont): Map<number, GlyphRecord> {
  let glyphs = glyphsOfFont.get(font)
  if (!glyphs) {
    const file = `${font.postscriptName}/${font.head.checkSumAdjustment}`
    glyphs = glyphsByFile.get(file) ?? new Map()
    glyphsByFile.set(file, glyphs)
    glyphsOfFont.set(font, glyphs)
  }
  return glyphs
}

/** A glyph read as fontkit's TTFSubset reads it. */
function glyphRecord(font: TrueTypeFont, id: number): GlyphRecord {
  const glyph = font.getGlyph(id)
  const outline = glyph._decode()
  const start = font.loca.offsets[id]!
  const stream = font._getTableStream('glyf')
  stream.pos += start
  const bytes = stream.readBuffer(font.loca.offsets[id + 1]! - start)
  return {
    bytes,
    ...(outline && outline.numberOfContours < 0
      ? { components: outline.components!.map(({ glyphID, pos }) => ({ glyphID, pos })) }
      : {}),
    advance: glyph.advanceWidth,
    bearing: glyph._getMetrics().leftBearing,
  }
}

const addGlyph: TrueTypeSubset['_addGlyph'] = patch(
  subsetPrototype,
  '_addGlyph',
  function addGlyphFromRecord(this: TrueTypeSubset, id): number {
    // A variable font's glyphs are drawn again for its instance: left to fontkit.
    if (this.font._variationProcessor) return addGlyph.call(this, id)
    const glyphs = glyphsOf(this.font)
    let glyph = glyphs.get(id)
    if (!glyph) {
      glyph = glyphRecord(this.font, id)
      glyphs.set(id, glyph)
    }
    let bytes = glyph.bytes
    if (glyph.components) {
      bytes = new Uint8Array(bytes)
      const view = new DataView(bytes.buffer)
      for (const { glyphID, pos } of glyph.components) view.setUint16(pos, this.includeGlyph(glyphID))
    }
    this.glyf.push(bytes)
    this.loca.offsets.push(this.offset)
    this.hmtx.metrics.push({ advance: glyph.advance, bearing: glyph.bearing })
    this.offset += bytes.length
    return this.glyf.length - 1
  },
)

// --- Pictures ------------------------------------------------------------------------------------------------

/** A PNG pdfkit embeds as it is: its compressed rows go into the PDF unchanged, with PNG's predictors. */
interface PlainPng {
  width: number
  height: number
  bits: number
  colors: 1 | 3
  rows: Uint8Array
}

/**
 * The PNG's header and its compressed rows, when it is of the kind pdfkit copies without decoding a pixel (grey
 * or colour without alpha, no palette, no transparency, not interlaced); undefined for any other, which pdfkit
 * then opens itself. Reads the chunks as png-js does (by length, up to IEND, checksums unchecked).
 */
export function plainPng(data: Uint8Array): PlainPng | undefined {
  if (data[0] !== 0x89 || data[1] !== 0x50 || data[2] !== 0x4e || data[3] !== 0x47) return undefined
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const rows: Uint8Array[] = []
  let header: Omit<PlainPng, 'rows'> | undefined
  let position = 8
  while (position + 8 <= data.length) {
    const length = view.getUint32(position)
    const type = String.fromCharCode(...data.subarray(position + 4, position + 8))
    const start = position + 8
    if (start + length > data.length) return undefined
    switch (type) {
      case 'IHDR': {
        const colorType = data[start + 9]
        const interlaced = data[start + 12] !== 0
        if ((colorType !== 0 && colorType !== 2) || interlaced) return undefined
        header = {
          width: view.getUint32(start),
          height: view.getUint32(start + 4),
          bits: data[start + 8]!,
          colors: colorType === 0 ? 1 : 3,
        }
        break
      }
      case 'PLTE':
      case 'tRNS':
        return undefined
      case 'IDAT':
        rows.push(data.subarray(start, start + length))
        break
      case 'IEND':
        if (!header) return undefined
        return { ...header, rows: rows.length === 1 ? rows[0]! : Buffer.concat(rows) }
    }
    position = start + length + 4
  }
  return undefined
}

/**
 * A plain PNG as a pdfkit image. pdfkit's own (PNGImage over png-js) copies the compressed rows into a JavaScript
 * array one byte at a time, then writes them out unchanged: for the reference deliverable's fifty pictures, a
 * twentieth of the export. This one writes the same objects, in the same order, with the same entries, from the
 * PNG's bytes as they are.
 */
class PlainPngImage {
  obj: PdfReference | null = null
  readonly width: number
  readonly height: number
  private png: PlainPng | undefined

  constructor(
    png: PlainPng,
    readonly label: string,
  ) {
    this.png = png
    this.width = png.width
    this.height = png.height
  }

  embed(document: PdfmakeDocument): void {
    if (this.obj || !this.png) return
    const { bits, colors, rows, width, height } = this.png
    const obj = (this.obj = document.ref({
      Type: 'XObject',
      Subtype: 'Image',
      BitsPerComponent: bits,
      Width: width,
      Height: height,
      Filter: 'FlateDecode',
    }))
    const params = document.ref({ Predictor: 15, Colors: colors, BitsPerComponent: bits, Columns: width })
    obj.data.DecodeParms = params
    params.end()
    obj.data.ColorSpace = colors === 1 ? 'DeviceGray' : 'DeviceRGB'
    obj.end(rows)
    this.png = undefined
  }
}

const openImage: PdfmakeDocument['openImage'] = patch(
  PdfmakeDocumentClass.prototype,
  'openImage',
  function openPlainPng(this: PdfmakeDocument, src): unknown {
    // pdfkit keeps no registry of images given as bytes (pdfmake keeps its own), so neither does this.
    const png = Buffer.isBuffer(src) ? plainPng(src) : undefined
    if (png) return new PlainPngImage(png, `I${++this._imageCount}`)
    return openImage.call(this, src)
  },
)

// --- Content streams -----------------------------------------------------------------------------------------

/** The parts of a pdfkit reference (an indirect object) the patches touch. */
interface PdfReference {
  data: Record<string, unknown>
  compress: boolean
  uncompressedLength: number
  buffer: Uint8Array[] | Uint8Array
  write(chunk: string | Uint8Array): void
  end(chunk?: string | Uint8Array): void
  finalize(): void
}

interface PendingText {
  _pending?: string
}

function flushPending(reference: PdfReference & PendingText) {
  if (reference._pending === undefined) return
  ;(reference.buffer as Uint8Array[]).push(Buffer.from(reference._pending, 'latin1'))
  reference._pending = undefined
}

/*
 * pdfkit turns every operator it writes into a page's content (a dozen per word: opacity, colour, position, font,
 * glyphs) into a Buffer of its own, and joins them when the page ends: hundreds of thousands of small buffers per
 * export, and most of the garbage collector's work. Here the text is kept as one string, which becomes one Buffer
 * when the stream ends (or when bytes are written to it): the same bytes (latin1, one byte per character, as
 * pdfkit's 'binary'), and the same lengths on the way.
 */
const write = patch(
  referencePrototype,
  'write',
  function writeAsText(this: PdfReference & PendingText, chunk) {
    if (chunk instanceof Uint8Array) {
      flushPending(this)
      write.call(this, chunk)
      return
    }
    const text = chunk + '\n'
    this._pending = this._pending === undefined ? text : this._pending + text
    this.uncompressedLength += text.length
    if (this.data.Length == null) this.data.Length = 0
    this.data.Length = (this.data.Length as number) + text.length
    if (this.compress) this.data.Filter = 'FlateDecode'
  },
)

/**
 * How hard the streams pdfkit compresses (page contents, fonts, metadata) are deflated. pdfkit has no setting for
 * it and uses zlib's default, 6. On the reference deliverable's streams level 2 deflates in half the time for 3%
 * more bytes (level 1, zlib's other strategy, is slower here than 2 and 60% larger). Lossless at any level: what
 * the PDF shows is the same. Tests that compare bytes with pdfkit's own set it to -1, zlib's default.
 */
export const deflate = { level: 2 }

const finalize = patch(
  referencePrototype,
  'finalize',
  function finalizeText(this: PdfReference & PendingText) {
    flushPending(this)
    const chunks = this.buffer as Uint8Array[]
    if (this.compress && chunks.length > 0) {
      // Deflated here; pdfkit's finalize then writes the one chunk as it is, its Filter already set by write.
      this.buffer = [deflateSync(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), deflate)]
      this.compress = false
    }
    finalize.call(this)
  },
)
