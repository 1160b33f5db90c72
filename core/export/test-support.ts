import {
  buildExampleProject,
  exampleProjectDocuments,
  type Catalogue,
  type ExampleDocument,
  type ExampleProject,
  type ProjectDocuments,
} from '../templates'
import { loadExampleFiles } from '../templates/example-from-disk'
import { loadCatalogue } from '../templates/load-from-disk'
import { SHIPPED_TEMPLATES_DIR } from '../templates/shipped-folder'
import { join } from 'node:path'
import { deliverableToPrint, type PublicationInput } from './deliverable-to-print'
import { documentToPrint } from './document-to-print'
import type { PrintDocument } from './print-model'

/** The Example project, built once per test file: the fixture of every export test. */
export interface ExampleFixture {
  catalogue: Catalogue
  example: ExampleProject
  project: ProjectDocuments
  byKey: (key: string) => ExampleDocument
  printOf: (key: string) => PrintDocument
  /** What a publication export is given, for the Example document `key`. */
  publicationInput: (key: string) => PublicationInput
  /** The Example's deliverable D3.2 as one publication. */
  deliverable: () => PrintDocument
}

export async function loadExampleFixture(): Promise<ExampleFixture> {
  const catalogue = await loadCatalogue({ builtInDir: SHIPPED_TEMPLATES_DIR })
  const files = await loadExampleFiles(join(SHIPPED_TEMPLATES_DIR, 'example'))
  let next = 0
  // Fixed ids, so block ids and outputs are the same on every run.
  const newId = () => `example-${String(++next).padStart(4, '0')}`
  const example = buildExampleProject({ files, newId, catalogue })
  const project: ProjectDocuments = {
    documents: exampleProjectDocuments(example),
    templates: catalogue.templates,
  }
  const byKey = (key: string) => {
    const found = example.documents.find((document) => document.key === key)
    if (!found) throw new Error(`the example has no document "${key}"`)
    return found
  }
  const printOf = (key: string) => {
    const document = byKey(key)
    const template = catalogue.templates.get(document.templateId)
    if (!template) throw new Error(`no template ${document.templateId}`)
    return documentToPrint({ document, template, vocabularies: catalogue.vocabularies, project })
  }
  const publicationInput = (key: string): PublicationInput => ({
    document: byKey(key),
    documents: example.documents,
    templates: catalogue.templates,
    vocabularies: catalogue.vocabularies,
  })
  const deliverable = () => deliverableToPrint(publicationInput('deliverable-d3-2'))
  return { catalogue, example, project, byKey, printOf, publicationInput, deliverable }
}
