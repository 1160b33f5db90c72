import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import type * as PdfMake from 'pdfmake'
import type { TDocumentDefinitions } from 'pdfmake/interfaces'
import { PDF_FONT } from './pdf-definition'

/**
 * pdfmake, set up: registers the fonts, locks pdfmake's file and network access, and lays a definition out into
 * PDF bytes. Everything about what is printed is decided in pdf-definition.ts.
 */

// pdfmake is CommonJS and exports one instance; `import` of it from ESM would give only a default export. Not named
// `require`: electron-vite's ESM shim declares that name in the bundle, and a second declaration fails to load.
const requireCommonJs = createRequire(import.meta.url)
const pdfmake = requireCommonJs('pdfmake') as typeof PdfMake

/** The pdfmake release laid-out parts were made with: a cached part from another release is laid out again. */
export const PDFMAKE_VERSION = (requireCommonJs('pdfmake/package.json') as { version: string }).version

/** The parts of pdfmake's pdfkit document the shared shaping cache below touches (pinned pdfmake 0.3.11). */
interface FontProvider {
  provideFont(family: string, bold: boolean, italics: boolean): { layoutCache?: object }
  getFontType(bold: boolean, italics: boolean): string
}
const { default: PdfmakeDocument } = requireCommonJs('pdfmake/js/PDFDocument') as {
  default: { prototype: FontProvider }
}

/**
 * pdfkit keeps the shaping of each word it has laid out (glyphs and advances) per font of one document, so a
 * publication laid out in parts would shape its common words again in every part. The runs depend only on the
 * font file, and a document uses only their glyph ids and widths (its subset is its own), so they are shared by
 * every document this thread lays out.
 */
const shapedRuns = new Map<string, object>()
const provideFont = PdfmakeDocument.prototype.provideFont
PdfmakeDocument.prototype.provideFont = function (this: FontProvider, family, bold, italics) {
  const font = provideFont.call(this, family, bold, italics)
  if (font.layoutCache) {
    const face = `${family}/${this.getFontType(bold, italics)}`
    const shared = shapedRuns.get(face)
    if (shared) font.layoutCache = shared
    else shapedRuns.set(face, font.layoutCache)
  }
  return font
}

/** pdfmake's bundled Roboto: Latin, Greek, Cyrillic and Romanian ș ț with the comma below, and it ships with it. */
export const ROBOTO_DIR = join(dirname(requireCommonJs.resolve('pdfmake/package.json')), 'fonts', 'Roboto')

const FONTS = {
  [PDF_FONT]: {
    normal: join(ROBOTO_DIR, 'Roboto-Regular.ttf'),
    // Roboto-Medium is pdfmake's own choice for bold: the bundle has no Roboto-Bold.
    bold: join(ROBOTO_DIR, 'Roboto-Medium.ttf'),
    italics: join(ROBOTO_DIR, 'Roboto-Italic.ttf'),
    bolditalics: join(ROBOTO_DIR, 'Roboto-MediumItalic.ttf'),
  },
}

/** The four font files, which decide every line break: part of what a cached layout depends on. */
export const FONT_FILES: readonly string[] = Object.values(FONTS[PDF_FONT]).map((file) => resolve(file))
const ALLOWED_FILES: ReadonlySet<string> = new Set(FONT_FILES)

/** The size of a laid-out page, in points. */
export interface PageSize {
  width: number
  height: number
}

/** The pdfkit document pdfmake renders into; it keeps the laid-out pages (pinned pdfmake 0.3.11's Renderer). */
interface RenderedDocument {
  _pdfMakePages?: Array<{ pageSize: PageSize }>
  on(event: 'data', listener: (chunk: Buffer) => void): void
  on(event: 'end', listener: () => void): void
  end(): void
}

/** Lays a definition out: the PDF's bytes and the size of each of its pages. Reads only the four font files. */
export async function renderDefinition(
  definition: TDocumentDefinitions,
): Promise<{ bytes: Uint8Array; pages: PageSize[] }> {
  // pdfmake's settings are global to the module: set all of them on every call, so no other caller's survive.
  pdfmake.setFonts(structuredClone(FONTS))
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy((path) => ALLOWED_FILES.has(resolve(path)))
  const document = (await pdfmake.createPdf(definition).getStream()) as unknown as RenderedDocument
  const laidOut = document._pdfMakePages
  if (!laidOut) throw new Error(`pdfmake ${PDFMAKE_VERSION} no longer keeps its laid-out pages.`)
  const pages = laidOut.map((page) => ({ width: page.pageSize.width, height: page.pageSize.height }))
  const chunks: Buffer[] = []
  const ended = new Promise<void>((done) => document.on('end', done))
  document.on('data', (chunk) => chunks.push(chunk))
  document.end()
  await ended
  const buffer = Buffer.concat(chunks)
  return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), pages }
}
