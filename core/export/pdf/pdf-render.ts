import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import type * as PdfMake from 'pdfmake'
import type { TDocumentDefinitions } from 'pdfmake/interfaces'
import { PDF_FONT, pictureFileName, type ImageAsset } from './pdf-definition'
import './pdf-footnotes'
import { prepareShaping } from './pdf-speedups'
import './pdf-text-runs'

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

/** pdfmake's virtual file system (one for the module), where pictures wait while a definition is laid out. */
interface VirtualFiles {
  writeFileSync(name: string, content: Buffer): void
  existsSync(name: string): boolean
  storage: Record<string, Buffer | undefined>
}
const virtualFiles = (pdfmake as unknown as { virtualfs: VirtualFiles }).virtualfs
/** How many layouts under way use each picture file: layouts in one thread overlap (pdf-parts.ts). */
const pictureUsers = new Map<string, number>()

function addPictureFiles(pictures: ReadonlyMap<string, ImageAsset>): string[] {
  const names: string[] = []
  for (const [assetId, picture] of pictures) {
    const name = pictureFileName(assetId)
    const users = pictureUsers.get(name) ?? 0
    if (users === 0) {
      const { buffer, byteOffset, byteLength } = picture.data
      virtualFiles.writeFileSync(name, Buffer.from(buffer, byteOffset, byteLength))
    }
    pictureUsers.set(name, users + 1)
    names.push(name)
  }
  return names
}

function removePictureFiles(names: readonly string[]): void {
  for (const name of names) {
    const users = (pictureUsers.get(name) ?? 1) - 1
    if (users > 0) pictureUsers.set(name, users)
    else {
      pictureUsers.delete(name)
      // pdfmake's file system has no delete: its storage is a plain object.
      delete virtualFiles.storage[name]
    }
  }
}

/**
 * Lays a definition out: the PDF's bytes and the size of each of its pages. Reads only the four font files.
 * `pictures` are the bytes of the pictures a definition built with `pictureFiles` names.
 */
export async function renderDefinition(
  definition: TDocumentDefinitions,
  pictures: ReadonlyMap<string, ImageAsset> = new Map(),
): Promise<{ bytes: Uint8Array; pages: PageSize[] }> {
  // pdfmake's settings are global to the module: set all of them on every call, so no other caller's survive.
  pdfmake.setFonts(structuredClone(FONTS))
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy((path) => ALLOWED_FILES.has(resolve(path)))
  const files = addPictureFiles(pictures)
  let document: RenderedDocument
  try {
    await prepareShaping()
    // Every picture is read and embedded while the pages are laid out and drawn, before the stream is handed back.
    document = (await pdfmake.createPdf(definition).getStream()) as unknown as RenderedDocument
  } finally {
    removePictureFiles(files)
  }
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
