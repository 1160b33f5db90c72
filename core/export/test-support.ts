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
import { documentToPrint } from './document-to-print'
import type { PrintDocument } from './print-model'

/** The Example project, built once per test file: the fixture of every export test. */
export interface ExampleFixture {
  catalogue: Catalogue
  example: ExampleProject
  project: ProjectDocuments
  byKey: (key: string) => ExampleDocument
  printOf: (key: string) => PrintDocument
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
  return { catalogue, example, project, byKey, printOf }
}
