import { GlobalWorkerOptions, VerbosityLevel, getDocument, type PDFDocumentProxy } from 'pdfjs-dist'
// Served from the app's own files (script-src 'self'): Vite copies the worker beside the bundle.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'

GlobalWorkerOptions.workerSrc = workerUrl

/**
 * Opens a PDF the app has just made, for the preview. Everything pdf.js could fetch is switched off: our PDFs
 * embed all their fonts (no standard fonts, no CMaps needed) and hold no JPX or ICC data that would want its
 * WebAssembly decoders, so nothing leaves the page, and nothing needs `wasm-unsafe-eval` or `unsafe-eval`.
 */
export function openPdf(bytes: Uint8Array): { document: Promise<PDFDocumentProxy>; close(): Promise<void> } {
  const task = getDocument({
    // pdf.js hands the buffer to its worker; a copy leaves the caller's bytes usable.
    data: bytes.slice(),
    useWasm: false,
    useSystemFonts: false,
    // Glyphs drawn from the fonts' outlines rather than as web fonts: each font pdf.js adds to the page makes the
    // browser lay out all its text again, the open document behind the dialog included (≈ 150–220 ms a time with a
    // 50,000-word text, measured).
    disableFontFace: true,
    useWorkerFetch: false,
    enableXfa: false,
    verbosity: VerbosityLevel.ERRORS,
  })
  return { document: task.promise, close: () => task.destroy() }
}

/**
 * Pages are painted one after another. pdf.js paints a page in slices of ≈ 15 ms, one slice a frame, and the slices
 * of pages painted together share their frames: three pages in view made frames of 45–70 ms, long enough to be felt.
 */
let painting: Promise<unknown> = Promise.resolve()

/** Paints one page into a canvas at `scale` CSS pixels per PDF point, sharp on high-density screens. */
export function paintPage(
  pdf: PDFDocumentProxy,
  pageNumber: number,
  canvas: HTMLCanvasElement,
  scale: number,
): Promise<void> {
  const painted = painting.then(() => paintNow(pdf, pageNumber, canvas, scale))
  painting = painted.catch(() => undefined)
  return painted
}

async function paintNow(
  pdf: PDFDocumentProxy,
  pageNumber: number,
  canvas: HTMLCanvasElement,
  scale: number,
): Promise<void> {
  const page = await pdf.getPage(pageNumber)
  const ratio = window.devicePixelRatio || 1
  const viewport = page.getViewport({ scale: scale * ratio })
  canvas.width = Math.floor(viewport.width)
  canvas.height = Math.floor(viewport.height)
  canvas.style.width = `${Math.floor(viewport.width / ratio)}px`
  canvas.style.height = `${Math.floor(viewport.height / ratio)}px`
  await page.render({ canvas, viewport }).promise
}
