import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import type * as PdfMake from 'pdfmake'
import type { PrintDocument } from '../print-model'
import { buildPdfDefinition, PDF_FONT, type PdfBuildOptions } from './pdf-definition'

/**
 * The thin writer: registers the fonts, locks pdfmake's file and network access, and lays the definition out
 * into PDF bytes. Everything about what is printed is decided in pdf-definition.ts.
 */

// pdfmake is CommonJS and exports one instance; `import` of it from ESM would give only a default export. Not named
// `require`: electron-vite's ESM shim declares that name in the bundle, and a second declaration fails to load.
const requireCommonJs = createRequire(import.meta.url)
const pdfmake = requireCommonJs('pdfmake') as typeof PdfMake

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

const FONT_FILES: ReadonlySet<string> = new Set(Object.values(FONTS[PDF_FONT]).map((file) => resolve(file)))

export type WritePdfOptions = PdfBuildOptions

/** The PDF of a print model. Reads only the four font files; never the network. */
export async function writePdf(model: PrintDocument, options: WritePdfOptions): Promise<Uint8Array> {
  const definition = buildPdfDefinition(model, options)
  // pdfmake's settings are global to the module: set all of them on every call, so no other caller's survive.
  pdfmake.setFonts(structuredClone(FONTS))
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(resolve(path)))
  const buffer = await pdfmake.createPdf(definition).getBuffer()
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
