import { loadCatalogue, type LoadCatalogueOptions } from '../templates/load-from-disk'
import type { Catalogue } from '../templates'

/**
 * The template catalogue as the handlers see it: loaded once (reading ~20 files is not free), and loaded again
 * only when the library's own templates change, i.e. after an import.
 */
export interface CatalogueSource {
  /** The shipped templates/ folder (catalogue, vocabularies and the Example project). */
  readonly builtInDir: string
  /** The library's own templates. */
  readonly userDir: string
  current(): Promise<Catalogue>
  reload(): Promise<Catalogue>
}

export function createCatalogueSource(options: LoadCatalogueOptions & { userDir: string }): CatalogueSource {
  let loading: Promise<Catalogue> | undefined
  const reload = () => (loading = loadCatalogue(options))
  return {
    builtInDir: options.builtInDir,
    userDir: options.userDir,
    current: () => loading ?? reload(),
    reload,
  }
}
