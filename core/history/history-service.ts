import {
  DocumentSchema,
  ProjectSchema,
  sanitiseRichTextIn,
  type HecsosDocument,
  type Project,
  type ProjectPatch,
} from '../model'
import { KeyedQueue } from '../store/keyed-queue'
import type { HistoryFiles } from '../store/history-files'
import { StoreError, type LibraryStore } from '../store/library-store'
import { hashOf } from './canonical'
import { compareDocuments } from './compare'
import type { DocumentComparison, HistoryList, VersionAuthor, VersionInfo } from './types'
import { compareNewestFirst } from './graph'
import { readHead, readObject, readVersions, writeHead, writeObject, writeVersion } from './history-files-io'
import { makeVersion, sameState, type Version } from './version'

/** The whole state of a project at one version, read back from its objects. */
export interface VersionState {
  version: Version
  project: Project
  documents: HecsosDocument[]
}

export interface HistoryServiceOptions {
  store: LibraryStore
  clock: () => Date
  /** Saves closer together than this make one snapshot (taken at the next save after it, or on close). */
  snapshotIntervalMs: number
  /** Receives failures of snapshots taken in the background; history never makes a save fail. */
  log?: (error: unknown) => void
}

/**
 * A project's history: content-addressed snapshots of its manifest and documents (docs/history-and-merge.md).
 * Snapshots are taken after saves (at most one per interval per project), on close, at each pack and on demand
 * (named versions); restore writes an old state back, which itself becomes a new version.
 */
export class HistoryService {
  readonly #store: LibraryStore
  readonly #clock: () => Date
  readonly #interval: number
  readonly #log: (error: unknown) => void
  readonly #queue = new KeyedQueue()
  /** Versions never change once written: each project's are read from disk once. */
  readonly #versions = new Map<string, Map<string, Version>>()
  readonly #lastSnapshot = new Map<string, number>()
  readonly #pending = new Set<string>()
  readonly #background = new Set<Promise<unknown>>()

  constructor(options: HistoryServiceOptions) {
    this.#store = options.store
    this.#clock = options.clock
    this.#interval = options.snapshotIntervalMs
    this.#log = options.log ?? (() => undefined)
  }

  /** Called after each save: snapshots now if the last one is old enough, otherwise remembers to later. */
  noteSave(projectId: string): void {
    const now = this.#clock().getTime()
    const last = this.#lastSnapshot.get(projectId)
    if (last !== undefined && now - last < this.#interval) {
      this.#pending.add(projectId)
      return
    }
    this.#pending.delete(projectId)
    this.#lastSnapshot.set(projectId, now)
    this.#inBackground(this.snapshot(projectId))
  }

  /** Takes the snapshots that saves have left pending (on close of a project or of the app); never throws. */
  async flush(projectId?: string): Promise<void> {
    const ids = projectId === undefined ? [...this.#pending] : this.#pending.has(projectId) ? [projectId] : []
    for (const id of ids) {
      this.#pending.delete(id)
      await this.snapshot(id).catch((error: unknown) => {
        // A project deleted since its last save has nothing left to record; any other failure must not keep
        // the other projects from being recorded.
        if (!(error instanceof StoreError && error.code === 'not-found')) this.#log(error)
      })
    }
    await this.idle()
  }

  /** Resolves when the snapshots started in the background have finished. */
  async idle(): Promise<void> {
    while (this.#background.size > 0) await Promise.all(this.#background)
  }

  /**
   * Records the project as it is now. Without a name, a project unchanged since the head version gets no new
   * version (the head is returned); a named version is always made.
   */
  snapshot(projectId: string, name?: string): Promise<Version> {
    return this.#queue.run(projectId, () => this.#snapshotNow(projectId, name))
  }

  async #snapshotNow(projectId: string, name?: string): Promise<Version> {
    const { project, documents, unreadable } = await this.#currentState(projectId)
    const author = await this.author()
    return this.#store.withHistoryFiles(projectId, true, async (files) => {
      const versions = await this.#readVersions(projectId, files)
      const head = await readHead(files)
      const headVersion = head === undefined ? undefined : versions.get(head)
      const state = await writeState(files, project, documents, headVersion ? [headVersion] : [])
      // A document that cannot be read now keeps the state history last knew, rather than look deleted.
      for (const id of unreadable)
        if (headVersion && Object.hasOwn(headVersion.documents, id))
          state.documents[id] = headVersion.documents[id]!
      if (headVersion && name === undefined && sameState(headVersion, state)) return headVersion
      const version = makeVersion({
        parents: head === undefined ? [] : [head],
        author,
        at: this.#clock().toISOString(),
        ...(name === undefined ? {} : { name }),
        ...state,
      })
      await this.#commit(projectId, files, version)
      return version
    })
  }

  async list(projectId: string, documentId?: string): Promise<HistoryList> {
    return this.#store.withHistoryFiles(projectId, false, async (files) => {
      const versions = await this.#readVersions(projectId, files)
      const head = (await readHead(files)) ?? null
      const infos = [...versions.values()]
        .sort(compareNewestFirst)
        .map((version) => infoOf(version, versions, head))
        .filter((info) => documentId === undefined || info.changedDocuments.includes(documentId))
      return { head, versions: infos }
    })
  }

  /** The document as it was at a version. */
  async documentAt(projectId: string, versionId: string, documentId: string): Promise<HecsosDocument> {
    return this.#store.withHistoryFiles(projectId, false, async (files) => {
      const version = await this.#version(projectId, files, versionId)
      const hash = Object.hasOwn(version.documents, documentId) ? version.documents[documentId] : undefined
      if (hash === undefined)
        throw new StoreError('not-found', 'This document did not exist yet (or no longer) at that version.')
      return readDocument(files, hash)
    })
  }

  async stateAt(projectId: string, versionId: string): Promise<VersionState> {
    return this.#store.withHistoryFiles(projectId, false, (files) =>
      this.#stateAt(projectId, files, versionId),
    )
  }

  /** Two versions of a document, field by field; either may lack the document (added or deleted between). */
  async compare(
    projectId: string,
    documentId: string,
    fromVersionId: string,
    toVersionId: string,
  ): Promise<DocumentComparison> {
    const [before, after] = await this.#store.withHistoryFiles(projectId, false, async (files) => {
      const read = async (versionId: string): Promise<HecsosDocument | undefined> => {
        const version = await this.#version(projectId, files, versionId)
        const hash = Object.hasOwn(version.documents, documentId) ? version.documents[documentId] : undefined
        return hash === undefined ? undefined : readDocument(files, hash)
      }
      return [await read(fromVersionId), await read(toVersionId)] as const
    })
    if (!before && !after)
      throw new StoreError('not-found', 'This document exists in neither of the two versions.')
    return compareDocuments(before, after)
  }

  /**
   * Puts one document (or, without documentId, the whole project) back as it was at a version. The current
   * state is recorded first, and the restored state becomes a new version on top of it, so a restore can itself
   * be undone from history. Documents the old version did not have are moved to the project's trash.
   */
  async restore(projectId: string, versionId: string, documentId?: string): Promise<Version> {
    return this.transaction(projectId, async (tx) => {
      await tx.snapshot()
      const state = await tx.stateAt(versionId)
      const current = await this.#store.getProject(projectId)
      const present = new Set(current.documents.map((summary) => summary.id))
      const targets =
        documentId === undefined
          ? state.documents
          : state.documents.filter((document) => document.id === documentId)
      if (documentId !== undefined && targets.length === 0)
        throw new StoreError('not-found', 'This document did not exist yet (or no longer) at that version.')
      const now = this.#clock().toISOString()
      for (const document of targets) {
        const revision = present.has(document.id)
          ? (await this.#store.getDocument(projectId, document.id)).revision
          : null
        await this.#store.putDocument(projectId, { ...document, updatedAt: now }, revision)
      }
      if (documentId === undefined) {
        const kept = new Set(state.documents.map((document) => document.id))
        for (const id of present) if (!kept.has(id)) await this.#store.trashDocument(projectId, id)
        await this.#store.updateProject(projectId, projectPatchOf(state.project), current.revision)
      }
      return tx.snapshot()
    })
  }

  /** Everything the history holds, for a package. The current state is snapshotted first. */
  async exportHistory(projectId: string): Promise<PortableHistory> {
    return this.transaction(projectId, async (tx) => {
      const head = (await tx.snapshot()).id
      const versions = await tx.versions()
      const objects = await tx.withFiles(false, async (files) => {
        const found = new Map<string, unknown>()
        for (const version of versions.values())
          for (const hash of [version.project, ...Object.values(version.documents)])
            if (!found.has(hash)) found.set(hash, await readObject(files, hash))
        return found
      })
      return { head, versions: [...versions.values()], objects }
    })
  }

  /**
   * Runs `work` with access to the project's history, serialised with every other history operation on the
   * project. Each access takes the store's queue on its own, so `work` may also read and write documents.
   */
  transaction<T>(projectId: string, work: (tx: HistoryTransaction) => Promise<T>): Promise<T> {
    const withFiles = <R>(write: boolean, inner: (files: HistoryFiles) => Promise<R>): Promise<R> =>
      this.#store.withHistoryFiles(projectId, write, inner)
    const tx: HistoryTransaction = {
      snapshot: (name) => this.#snapshotNow(projectId, name),
      head: () => withFiles(false, readHead),
      versions: () => withFiles(false, (files) => this.#readVersions(projectId, files)),
      stateAt: (versionId, known) =>
        withFiles(false, (files) => this.#stateAt(projectId, files, versionId, known)),
      importHistory: (history) =>
        withFiles(true, async (files) => {
          const versions = await this.#readVersions(projectId, files)
          for (const [hash, value] of history.objects)
            if (hashOf(value) !== hash)
              throw new StoreError('invalid-input', 'A history object does not match its hash.')
          // Each file is written crash-safely on its own (with its fsync); side by side, the waits overlap.
          await inParallel([...history.objects.values()], (value) => writeObject(files, value))
          const added = history.versions.filter((version) => !versions.has(version.id))
          await inParallel(added, (version) => writeVersion(files, version))
          for (const version of added) versions.set(version.id, version)
        }),
      writeState: (project, documents, stored) =>
        withFiles(true, (files) => writeState(files, project, documents, stored)),
      commit: (version) => withFiles(true, (files) => this.#commit(projectId, files, version)),
      withFiles,
    }
    return this.#queue.run(projectId, () => work(tx))
  }

  async #commit(projectId: string, files: HistoryFiles, version: Version): Promise<void> {
    await writeVersion(files, version)
    await writeHead(files, version.id)
    this.#versions.get(projectId)?.set(version.id, version)
    this.#lastSnapshot.set(projectId, this.#clock().getTime())
  }

  async #stateAt(
    projectId: string,
    files: HistoryFiles,
    versionId: string,
    known: ReadonlyMap<string, HecsosDocument> = new Map(),
  ): Promise<VersionState> {
    const version = await this.#version(projectId, files, versionId)
    const project = ProjectSchema.parse(await readObject(files, version.project))
    const documents: HecsosDocument[] = []
    for (const hash of Object.values(version.documents))
      documents.push(known.get(hash) ?? (await readDocument(files, hash)))
    return { version, project, documents }
  }

  async #version(projectId: string, files: HistoryFiles, versionId: string): Promise<Version> {
    const version = (await this.#readVersions(projectId, files)).get(versionId)
    if (!version) throw new StoreError('not-found', 'This version is not in the project’s history.')
    return version
  }

  async #readVersions(projectId: string, files: HistoryFiles): Promise<Map<string, Version>> {
    const versions = await readVersions(files, this.#versions.get(projectId))
    this.#versions.set(projectId, versions)
    return versions
  }

  async #currentState(
    projectId: string,
  ): Promise<{ project: Project; documents: HecsosDocument[]; unreadable: string[] }> {
    const view = await this.#store.getProject(projectId)
    const documents: HecsosDocument[] = []
    const unreadable: string[] = []
    for (const summary of view.documents) {
      if (summary.damage) {
        unreadable.push(summary.id)
        continue
      }
      documents.push((await this.#store.getDocument(projectId, summary.id)).document)
    }
    return { project: view.project, documents, unreadable }
  }

  /** This installation's author, as versions record it. */
  async author(): Promise<VersionAuthor> {
    const profile = await this.#store.getAuthorProfile().catch(() => undefined)
    return { name: profile?.name ?? '', organisation: profile?.organisation ?? '' }
  }

  #inBackground(work: Promise<unknown>): void {
    const tracked = work.catch(this.#log).finally(() => this.#background.delete(tracked))
    this.#background.add(tracked)
  }
}

/** A history that travels: every version, the objects they name, and the head. */
export interface PortableHistory {
  head: string
  versions: Version[]
  /** Project manifests and documents, keyed by the hash of their canonical JSON. */
  objects: ReadonlyMap<string, unknown>
}

export interface HistoryTransaction {
  /** Records the project as it is now (see HistoryService.snapshot). */
  snapshot(name?: string): Promise<Version>
  head(): Promise<string | undefined>
  versions(): Promise<Map<string, Version>>
  /**
   * The state at a version. `known` are documents already in hand, by their hash: those are not read from disk
   * again (a merge's base mostly shares its documents with the current state).
   */
  stateAt(versionId: string, known?: ReadonlyMap<string, HecsosDocument>): Promise<VersionState>
  /** Adds another history's versions and objects (content-addressed: what is here already is skipped). */
  importHistory(history: Omit<PortableHistory, 'head'>): Promise<void>
  /**
   * Stores the objects of a state; returns its hashes, as a version lists them. What the versions in `stored`
   * name is known to be stored already and is not looked for on disk.
   */
  writeState(
    project: Project,
    documents: readonly HecsosDocument[],
    stored?: readonly Version[],
  ): Promise<Pick<Version, 'project' | 'documents'>>
  /** Writes a version and makes it the head. */
  commit(version: Version): Promise<void>
  withFiles<R>(write: boolean, work: (files: HistoryFiles) => Promise<R>): Promise<R>
}

async function writeState(
  files: HistoryFiles,
  project: Project,
  documents: readonly HecsosDocument[],
  known: readonly Version[] = [],
): Promise<Pick<Version, 'project' | 'documents'>> {
  const stored = new Set(known.flatMap((version) => [version.project, ...Object.values(version.documents)]))
  const missing = new Map<string, unknown>()
  const hashOfStored = (value: unknown): string => {
    const hash = hashOf(value)
    // Whatever the known versions name is stored already: unchanged documents cost a hash and no file access.
    if (!stored.has(hash)) missing.set(hash, value)
    return hash
  }
  const hashes: Record<string, string> = {}
  for (const document of [...documents].sort((a, b) => (a.id < b.id ? -1 : 1)))
    hashes[document.id] = hashOfStored(document)
  const projectHash = hashOfStored(project)
  await inParallel([...missing.values()], (value) => writeObject(files, value))
  return { project: projectHash, documents: hashes }
}

async function readDocument(files: HistoryFiles, hash: string): Promise<HecsosDocument> {
  const parsed = DocumentSchema.safeParse(await readObject(files, hash))
  if (!parsed.success)
    throw new StoreError(
      'damaged',
      `The history of this project cannot be read: history/objects/${hash}.json is not a document.`,
    )
  // Old states may have come from a partner's package: their rich text passes the same gate as a package's.
  return { ...parsed.data, fields: sanitiseRichTextIn(parsed.data.fields) }
}

function infoOf(version: Version, versions: ReadonlyMap<string, Version>, head: string | null): VersionInfo {
  const parent = version.parents[0] === undefined ? undefined : versions.get(version.parents[0])
  const before = parent?.documents ?? {}
  const ids = new Set([...Object.keys(before), ...Object.keys(version.documents)])
  const changedDocuments = [...ids].filter((id) => before[id] !== version.documents[id]).sort()
  return {
    id: version.id,
    parents: version.parents,
    author: version.author,
    at: version.at,
    ...(version.name === undefined ? {} : { name: version.name }),
    documentCount: Object.keys(version.documents).length,
    changedDocuments,
    head: version.id === head,
  }
}

function projectPatchOf(project: Project): ProjectPatch {
  const { title, acronym, programme, grantNumber, partners, languages } = project
  return { title, acronym, programme, grantNumber, partners, languages }
}

/** Files written at once: enough to overlap the disk's waits, few enough to keep file descriptors free. */
const PARALLEL_WRITES = 16

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next]!
      next += 1
      await work(item)
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, items.length) }, worker))
}
