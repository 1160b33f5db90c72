import type { PrintDocument } from '../print-model'
import { buildPdfDefinition, type PdfBuildOptions } from './pdf-definition'
import { writePartedPdf, type PdfPartServices } from './pdf-parts'
import { renderDefinition } from './pdf-render'

/**
 * The thin writer. A publication (it has a cover) is laid out in parts, which can run in parallel and be cached
 * between exports (pdf-parts.ts); a single document is laid out in one piece. Reads only the four font files
 * (and the cache's folder, when given); never the network.
 */

export type WritePdfOptions = PdfBuildOptions

export async function writePdf(
  model: PrintDocument,
  options: WritePdfOptions,
  services?: PdfPartServices,
): Promise<Uint8Array> {
  if (model.cover) return writePartedPdf(model, options, services)
  const definition = buildPdfDefinition(model, { ...options, pictureFiles: true })
  return (await renderDefinition(definition, options.images)).bytes
}
