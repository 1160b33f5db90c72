import type { z } from 'zod'
import { HistoryService, type Version, type VersionInfo } from '../history'
import type { LibraryStore } from '../store/library-store'
import type { ChannelOutputs, channels } from './contract'
import { listConflicts, mergePackage, resolveConflict } from './merge-handlers'

/** Saves closer together than this make one snapshot: a minute of typing is one step of history. */
export const SNAPSHOT_INTERVAL_MS = 60_000

type HistoryChannel =
  | 'history:list'
  | 'history:get-version'
  | 'history:name-version'
  | 'history:restore'
  | 'history:compare'
  | 'projects:merge-package'
  | 'conflicts:list'
  | 'conflicts:resolve'

type Implementations = {
  [K in HistoryChannel]: (input: z.output<(typeof channels)[K]>) => Promise<ChannelOutputs[K]>
}

export interface HistoryDeps {
  store: LibraryStore
  history: HistoryService
  clock: () => Date
}

/** The history service the handlers use: the one the caller made (and will flush on close), or a new one. */
export function historyServiceFor(deps: {
  store: LibraryStore
  clock: () => Date
  history?: HistoryService
  log?: (error: unknown) => void
}): HistoryService {
  return (
    deps.history ??
    new HistoryService({
      store: deps.store,
      clock: deps.clock,
      snapshotIntervalMs: SNAPSHOT_INTERVAL_MS,
      ...(deps.log ? { log: deps.log } : {}),
    })
  )
}

/** A save handler that also tells history a project changed (history snapshots it when the interval allows). */
export function recordingSaves<I extends { projectId: string }, O>(
  save: (input: I) => Promise<O>,
  history: HistoryService,
): (input: I) => Promise<O> {
  return async (input) => {
    const saved = await save(input)
    history.noteSave(input.projectId)
    return saved
  }
}

export function historyHandlers(deps: HistoryDeps): Implementations {
  const { history } = deps
  return {
    'history:list': ({ projectId, documentId }) => history.list(projectId, documentId),
    'history:get-version': ({ projectId, documentId, versionId }) =>
      history.documentAt(projectId, versionId, documentId),
    'history:name-version': async ({ projectId, name }) =>
      listed(history, projectId, await history.snapshot(projectId, name)),
    'history:restore': async ({ projectId, versionId, documentId }) =>
      listed(history, projectId, await history.restore(projectId, versionId, documentId)),
    'history:compare': ({ projectId, documentId, fromVersionId, toVersionId }) =>
      history.compare(projectId, documentId, fromVersionId, toVersionId),
    'projects:merge-package': ({ projectId, bytes }) => mergePackage(deps, projectId, bytes),
    'conflicts:list': ({ projectId }) => listConflicts(deps, projectId),
    'conflicts:resolve': ({ projectId, conflictId, choice, value }) =>
      resolveConflict(deps, projectId, conflictId, choice, value),
  }
}

/** A just-written version as the history view lists it. */
async function listed(history: HistoryService, projectId: string, version: Version): Promise<VersionInfo> {
  const { versions } = await history.list(projectId)
  return versions.find((info) => info.id === version.id)!
}
