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
    useWorkerFetch: false,
    enableXfa: false,
    verbosity: VerbosityLevel.ERRORS,
  })
  return { document: task.promise, close: () => task.destroy() }
}

/** Paints one page into a canvas at `scale` CSS pixels per PDF point, sharp on high-density screens. */
export async function paintPage(
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
