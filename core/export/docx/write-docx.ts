import { Packer } from 'docx'
import type { PrintDocument } from '../print-model'
import { buildDocxDocument, coreProperties, type DocxBuildOptions } from './docx-document'

/**
 * The thin writer: packs the Document that docx-document.ts builds into the bytes of a .docx. Nothing about what
 * is printed is decided here.
 */

export type WriteDocxOptions = DocxBuildOptions

export async function writeDocx(model: PrintDocument, options: WriteDocxOptions): Promise<Uint8Array> {
  const document = buildDocxDocument(model, options)
  // docx stamps core.xml with the clock; ours carries `options.now` (and the language), so output is reproducible.
  const buffer = await Packer.toBuffer(document, false, [
    { path: 'docProps/core.xml', data: coreProperties(model, options.now) },
  ])
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
