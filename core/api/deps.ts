import { randomUUID } from 'node:crypto'
import { createLibraryStore } from '../store'
import type { LibraryStore } from '../store/library-store'

export interface AppDepsOptions {
  /** The library folder: the user-data folder in the app, `--data`/`HECSOS_DATA` in the CLI, a temp folder in tests. */
  dataDir: string
  appVersion: string
}

export interface AppDeps {
  store: LibraryStore
  app: { name: string; version: string }
  close(): Promise<void>
}

export const APP_NAME = 'HECSOs Studio'

/** The real dependencies, with the real clock and id source; faces build their handler map on these. */
export async function createAppDeps(options: AppDepsOptions): Promise<AppDeps> {
  const store = await createLibraryStore({
    root: options.dataDir,
    now: () => new Date().toISOString(),
    newId: () => randomUUID(),
  })
  return { store, app: { name: APP_NAME, version: options.appVersion }, close: () => store.close() }
}
