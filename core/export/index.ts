/** The exporters' pure side: the print model and its builders. The PDF writer (node:fs) is in pdf/write-pdf.ts. */
export * from './print-model'
export * from './rich-text-to-print'
export * from './document-to-print'
export * from './strings'
export * from './pdf/pdf-definition'
export * from './docx/docx-document'
