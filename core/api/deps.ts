import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { createLibraryStore } from '../store'
import type { HandlerDeps } from './handlers'
import { createCatalogueSource } from './template-catalogue'
import { historyServiceFor } from './history-handlers'

export interface AppDepsOptions {
  /** The library folder: the user-data folder in the app, `--data`/`HECSOS_DATA` in the CLI, a temp folder in tests. */
  dataDir: string
  /** The shipped templates/ folder: inside the app's resources when packaged, the repository's otherwise. */
  templatesDir: string
  appVersion: string
}

/** Everything the handlers need but the desktop shell, plus a way to release it. */
export interface AppDeps extends Omit<HandlerDeps, 'shell' | 'log'> {
  close(): Promise<void>
}

export const APP_NAME = 'HECSOs Studio'

/** The library's own templates (Import template) live beside its projects. */
export const LIBRARY_TEMPLATES_FOLDER = 'templates'

/** The real dependencies, with the real clock and id source; faces build their handler map on these. */
export async function createAppDeps(options: AppDepsOptions): Promise<AppDeps> {
  const newId = () => randomUUID()
  const store = await createLibraryStore({
    root: options.dataDir,
    now: () => new Date().toISOString(),
    newId,
  })
  const catalogue = createCatalogueSource({
    builtInDir: options.templatesDir,
    userDir: join(options.dataDir, LIBRARY_TEMPLATES_FOLDER),
  })
  const clock = () => new Date()
  const history = historyServiceFor({ store, clock })
  return {
    store,
    catalogue,
    newId,
    clock,
    app: { name: APP_NAME, version: options.appVersion },
    history,
    close: async () => {
      // The last saves since the previous snapshot become a version before the library closes.
      await history.flush()
      await store.close()
    },
  }
}
