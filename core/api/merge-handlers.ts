import {
  ancestorsOf,
  hashOf,
  makeVersion,
  mergeBase,
  sameState,
  sameValue,
  type HistoryService,
  type HistoryTransaction,
  type Version,
  type VersionAuthor,
} from '../history'
import type { HecsosDocument, Project, ProjectPatch } from '../model'
import { readConflicts, writeConflicts } from '../merge/conflicts-file'
import { mergeProjectStates, type DocumentConflicts, type ProjectState } from '../merge/merge-project'
import { chosenValue, getAtPath, ResolveError, resolveParagraphs, setAtPath } from '../merge/resolve'
import type {
  ConflictChoice,
  ConflictList,
  ConflictResolution,
  MergeConflict,
  MergeSummary,
} from '../merge/types'
import { readPackage, type VerifiedPackage } from '../package'
import { StoreError, type LibraryStore, type StoredDocument } from '../store/library-store'

export interface MergeDeps {
  store: LibraryStore
  history: HistoryService
  clock: () => Date
}

/**
 * Merges a received package into the project of the same id (docs/history-and-merge.md): the two histories are
 * joined, their closest common ancestor found, and the package's changes since then are merged with the local
 * ones. Changes on one side are taken; conflicts are kept in the project for a person to settle, while the
 * project stays usable. Merging the same package again changes nothing.
 */
export async function mergePackage(
  deps: MergeDeps,
  projectId: string,
  bytes: Uint8Array,
): Promise<MergeSummary> {
  const pkg = await readPackage(bytes)
  return mergeVerifiedPackage(deps, projectId, pkg)
}

export async function mergeVerifiedPackage(
  deps: MergeDeps,
  projectId: string,
  pkg: VerifiedPackage,
): Promise<MergeSummary> {
  const { store, history } = deps
  const received = pkg.contents
  if (received.project.id !== projectId)
    throw new StoreError(
      'invalid-input',
      `This package holds “${received.project.title}”, a different project, so it cannot be merged into this one. Open it as a project of its own instead.`,
    )
  const from = { madeBy: pkg.manifest.madeBy.name, madeAt: pkg.manifest.madeAt }
  return history.transaction(projectId, async (tx) => {
    const oursHead = await tx.snapshot()
    if (received.history) await tx.importHistory(received.history)
    const theirsHead = await receivedHead(tx, pkg)
    const versions = await tx.versions()
    const unchanged = (outcome: MergeSummary['outcome'], versionId: string, baseVersionId: string | null) =>
      summary(projectId, outcome, versionId, baseVersionId, from)
    if (ancestorsOf(versions, oursHead.id).has(theirsHead.id))
      return unchanged('up-to-date', oursHead.id, theirsHead.id)

    const current = await currentDocuments(store, projectId)
    const baseId = mergeBase(versions, oursHead.id, theirsHead.id) ?? null
    const theirsState: ProjectState = {
      project: received.project,
      documents: new Map(received.documents.map((document) => [document.id, document])),
    }
    const fastForward = baseId === oursHead.id
    let target: ProjectState
    let found: DocumentConflicts[] = []
    if (fastForward) target = theirsState
    else {
      const ours: ProjectState = {
        project: current.project,
        documents: new Map([...current.documents].map(([id, stored]) => [id, stored.document])),
      }
      // Most documents of the base are those of one side, unchanged: only the others are read from history.
      const known = new Map(
        [...ours.documents.values(), ...theirsState.documents.values()].map((document) => [
          hashOf(document),
          document,
        ]),
      )
      const base = baseId === null ? undefined : stateOf(await tx.stateAt(baseId, known))
      const merged = mergeProjectStates(base, ours, theirsState)
      target = merged.state
      found = merged.conflicts
    }

    const changes = await applyState(deps, projectId, current, target)
    const assetsAdded = await addAssets(store, projectId, received.assets)
    let version: Version
    if (fastForward) version = theirsHead
    else {
      const hashes = await tx.writeState(
        target.project,
        [...target.documents.values()],
        [oursHead, theirsHead],
      )
      version = makeVersion({
        parents: [oursHead.id, theirsHead.id],
        author: await history.author(),
        at: deps.clock().toISOString(),
        ...hashes,
      })
    }
    await tx.commit(version)

    const conflicts = found.flatMap((entry) => describe(entry, target, oursHead, theirsHead))
    if (conflicts.length > 0)
      await tx.withFiles(true, async (files) => {
        const open = await readConflicts(files)
        const known = new Set(open.map((conflict) => conflict.id))
        await writeConflicts(files, [...open, ...conflicts.filter((conflict) => !known.has(conflict.id))])
      })
    return {
      ...unchanged(fastForward ? 'fast-forward' : 'merged', version.id, baseId),
      ...changes,
      assetsAdded,
      conflicts,
    }
  })
}

export async function listConflicts(deps: MergeDeps, projectId: string): Promise<ConflictList> {
  return deps.history.transaction(projectId, async (tx) => ({
    conflicts: await tx.withFiles(false, readConflicts),
  }))
}

/**
 * Settles one open conflict: keeps mine or theirs, both, or a value the user wrote, in the document (or the
 * project's details) as it is now. Settling the last one records a version.
 */
export async function resolveConflict(
  deps: MergeDeps,
  projectId: string,
  conflictId: string,
  choice: ConflictChoice,
  edited?: unknown,
): Promise<ConflictResolution> {
  const { store } = deps
  return deps.history.transaction(projectId, async (tx) => {
    const open = await tx.withFiles(false, readConflicts)
    const conflict = open.find((each) => each.id === conflictId)
    if (!conflict) throw new StoreError('not-found', 'This conflict has already been settled.')
    try {
      if (conflict.documentId === null) await settleInProject(store, projectId, conflict, choice, edited)
      else await settleInDocument(deps, projectId, conflict.documentId, conflict, choice, edited)
    } catch (error) {
      if (error instanceof ResolveError) throw new StoreError('invalid-input', error.message)
      throw error
    }
    const remaining = open.filter((each) => each.id !== conflictId)
    await tx.withFiles(true, (files) => writeConflicts(files, remaining))
    if (remaining.length > 0) return { remaining: remaining.length }
    return { remaining: 0, versionId: (await tx.snapshot()).id }
  })
}

async function settleInDocument(
  deps: MergeDeps,
  projectId: string,
  documentId: string,
  conflict: MergeConflict,
  choice: ConflictChoice,
  edited: unknown,
): Promise<void> {
  const { store } = deps
  const now = deps.clock().toISOString()
  const stored = await store.getDocument(projectId, documentId).catch((error: unknown) => {
    if (error instanceof StoreError && error.code === 'not-found') return undefined
    throw error
  })
  if (conflict.path === '') {
    const value = chosenValue(conflict, choice, edited) as HecsosDocument | undefined
    if (value === undefined) {
      if (stored) await store.trashDocument(projectId, documentId)
      return
    }
    await store.putDocument(projectId, { ...value, id: documentId, updatedAt: now }, stored?.revision ?? null)
    return
  }
  if (!stored) throw new StoreError('not-found', 'The document of this conflict is no longer in the project.')
  const { document } = stored
  const property = conflict.path.startsWith('@')
  const root: Record<string, unknown> = property
    ? {
        [conflict.path.slice(1).split('/')[0]!]: ownProperty(document, conflict.path.slice(1).split('/')[0]!),
      }
    : document.fields
  const path = property ? conflict.path.slice(1) : conflict.path
  const next =
    conflict.kind === 'paragraphs'
      ? setAtPath(root, path, resolveParagraphs(getAtPath(root, path), conflict, choice, edited))
      : setAtPath(root, path, chosenValue(conflict, choice, edited))
  const updated = property
    ? { ...document, ...next }
    : { ...document, fields: next as HecsosDocument['fields'] }
  await store.putDocument(projectId, { ...updated, updatedAt: now }, stored.revision)
}

async function settleInProject(
  store: LibraryStore,
  projectId: string,
  conflict: MergeConflict,
  choice: ConflictChoice,
  edited: unknown,
): Promise<void> {
  const view = await store.getProject(projectId)
  const patch = patchOf(view.project) as Record<string, unknown>
  const next = setAtPath(patch, conflict.path.replace(/^@/, ''), chosenValue(conflict, choice, edited))
  await store.updateProject(projectId, next as ProjectPatch, view.revision)
}

/** The package's head: its history's, or a version made for it when it has none (or was edited after). */
async function receivedHead(tx: HistoryTransaction, pkg: VerifiedPackage): Promise<Version> {
  const { project, documents, history } = pkg.contents
  const versions = await tx.versions()
  const head = history ? versions.get(history.head) : undefined
  const hashes = await tx.writeState(project, documents, head ? [head] : [])
  if (head && sameState(head, hashes)) return head
  const version = makeVersion({
    parents: head ? [head.id] : [],
    author: { name: pkg.manifest.madeBy.name, organisation: '' },
    at: pkg.manifest.madeAt,
    ...hashes,
  })
  await tx.importHistory({ versions: [version], objects: new Map() })
  return version
}

interface CurrentState {
  project: Project
  revision: string
  documents: Map<string, StoredDocument>
}

async function currentDocuments(store: LibraryStore, projectId: string): Promise<CurrentState> {
  const view = await store.getProject(projectId)
  const documents = new Map<string, StoredDocument>()
  for (const summary of view.documents) {
    if (summary.damage)
      throw new StoreError(
        'damaged',
        `“${summary.title}” cannot be read, so nothing can be merged into it. Restore it from a backup first.`,
      )
    documents.set(summary.id, await store.getDocument(projectId, summary.id))
  }
  return { project: view.project, revision: view.revision, documents }
}

/** Writes the merged state over the current one, touching only what differs. */
async function applyState(
  deps: MergeDeps,
  projectId: string,
  current: CurrentState,
  target: ProjectState,
): Promise<Pick<MergeSummary, 'documentsAdded' | 'documentsChanged' | 'documentsRemoved'>> {
  const { store } = deps
  const documentsAdded: string[] = []
  const documentsChanged: string[] = []
  const documentsRemoved: string[] = []
  for (const [id, document] of target.documents) {
    const stored = current.documents.get(id)
    if (stored && sameValue(stored.document, document)) continue
    await store.putDocument(projectId, document, stored?.revision ?? null)
    ;(stored ? documentsChanged : documentsAdded).push(id)
  }
  for (const id of current.documents.keys())
    if (!target.documents.has(id)) {
      // To the project's trash, not gone: a document a partner deleted can still be brought back.
      await store.trashDocument(projectId, id)
      documentsRemoved.push(id)
    }
  const patch = patchOf(target.project)
  if (!sameValue(patchOf(current.project), patch))
    await store.updateProject(projectId, patch, current.revision)
  return { documentsAdded, documentsChanged, documentsRemoved }
}

async function addAssets(
  store: LibraryStore,
  projectId: string,
  assets: ReadonlyMap<string, Uint8Array>,
): Promise<number> {
  const have = new Set((await store.listAssets(projectId)).map((asset) => asset.assetId))
  let added = 0
  // Content-addressed on both sides: an image with the same name is the same image, so only new ones are added.
  for (const [name, bytes] of assets) {
    const assetId = name.slice('assets/'.length).split('.')[0]!
    if (have.has(assetId)) continue
    await store.addAsset(projectId, bytes)
    added += 1
  }
  return added
}

function describe(
  entry: DocumentConflicts,
  target: ProjectState,
  ours: Version,
  theirs: Version,
): MergeConflict[] {
  const title =
    entry.documentId === null
      ? target.project.title
      : (target.documents.get(entry.documentId)?.title ?? entry.documentId)
  return entry.conflicts.map((found) => {
    const side = (version: Version, value: unknown) => ({
      ...(value === undefined ? {} : { value }),
      author: version.author satisfies VersionAuthor,
      at: version.at,
    })
    return {
      id: hashOf({
        documentId: entry.documentId,
        path: found.path,
        ours: found.ours,
        theirs: found.theirs,
      }).slice(0, 32),
      documentId: entry.documentId,
      title,
      path: found.path,
      kind: found.kind,
      ...(found.base === undefined ? {} : { base: found.base }),
      ours: side(ours, found.ours),
      theirs: side(theirs, found.theirs),
    }
  })
}

function summary(
  projectId: string,
  outcome: MergeSummary['outcome'],
  versionId: string,
  baseVersionId: string | null,
  from: MergeSummary['from'],
): MergeSummary {
  return {
    projectId,
    outcome,
    versionId,
    baseVersionId,
    documentsAdded: [],
    documentsChanged: [],
    documentsRemoved: [],
    assetsAdded: 0,
    conflicts: [],
    from,
  }
}

function stateOf(state: { project: Project; documents: HecsosDocument[] }): ProjectState {
  return {
    project: state.project,
    documents: new Map(state.documents.map((document) => [document.id, document])),
  }
}

function patchOf(project: Project): ProjectPatch {
  const { title, acronym, programme, grantNumber, partners, languages } = project
  return { title, acronym, programme, grantNumber, partners, languages }
}

function ownProperty(document: HecsosDocument, key: string): unknown {
  return Object.hasOwn(document, key) ? (document as Record<string, unknown>)[key] : undefined
}
