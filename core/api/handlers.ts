import { z } from 'zod'
import {
  documentContentOf,
  FormatTooNewError,
  FormatUnknownError,
  PARTNER_LANGUAGES,
  UnsafeJsonError,
  findUnsafeStructure,
  sanitiseRichTextIn,
  type PartnerLanguage,
} from '../model'
import { PackageError } from '../package'
import { StoreError, type LibraryStore } from '../store/library-store'
import { addComment, resolveComment } from './comments-handlers'
import { searchProject } from './search-handlers'
import { createExampleProject } from './example-project'
import { exportDocument } from './export-document'
import { exportProject } from './export-project'
import { NoExportShellError, exportJobHandlers, type ExportJobsOptions } from './export-jobs'
import { inspectPackage, openPackage } from './open-package'
import {
  NoPackageShellError,
  choosePackage,
  savePackage,
  takeOpenedPackages,
  type PackageFileShell,
} from './file-handlers'
import { packProject } from './pack-project'
import { historyHandlers, historyServiceFor, recordingSaves } from './history-handlers'
import type { HistoryService } from '../history'
import { checkProjectDocuments } from './project-check'
import type { CatalogueSource } from './template-catalogue'
import { TemplateService } from './template-service'
import {
  channels,
  type ApiError,
  type Channel,
  type ChannelOutputs,
  type Handlers,
  type Result,
} from './contract'

export interface ShellDeps {
  /** Opens an http(s) or mailto URL outside the app after the user confirms; resolves to whether it was opened. */
  openExternal(url: string): Promise<boolean>
  /** The renderer has saved what was pending: the window may close now. */
  readyToClose(): void
  /** Asks the user for a template file to import; undefined when they cancel. */
  chooseTemplateFile(): Promise<string | undefined>
  /** Sets the spellchecker's languages (see main/spellcheck.ts). */
  setSpellcheckLanguages?(languages: readonly PartnerLanguage[]): boolean
}

export interface HandlerDeps {
  store: LibraryStore
  catalogue: CatalogueSource
  /** Id source for the items a template's empty fields and migrations create. */
  newId: () => string
  /** The date written into exported files. */
  clock: () => Date
  app: { name: string; version: string }
  /** Only the Electron main process has a shell; the CLI and tests leave it out. */
  shell?: ShellDeps
  /** Package files outside the library (save and open dialogs, double-clicked files): the desktop app only. */
  files?: PackageFileShell
  /** Where export jobs run and report; without it they run in this process and can only be previewed. */
  exports?: ExportJobsOptions
  /** The projects' history (snapshots, restore, merge); made here when the caller has none to flush on close. */
  history?: HistoryService
  /** Receives unexpected errors (bugs), which the caller sees only as a generic 'internal' error. */
  log?: (error: unknown) => void
}

/** URL schemes that may leave the app, and then only after the user confirms. */
export const EXTERNAL_URL_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:'])

type Implementation<K extends Channel> = (input: z.output<(typeof channels)[K]>) => Promise<ChannelOutputs[K]>
type Implementations = { [K in Channel]: Implementation<K> }

/**
 * Builds the one handler map shared by IPC, the CLI and the tests. Each handler validates its input against
 * the contract, runs, and turns every failure into a typed error, so no caller ever sees a throw.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { store } = deps
  const history = historyServiceFor(deps)
  // Packing and opening packages carry the project's history: every handler works with the same service.
  deps = { ...deps, history }
  const templates = new TemplateService(deps.catalogue, deps.newId)
  const implementations: Implementations = {
    'app:info': async () => ({
      name: deps.app.name,
      version: deps.app.version,
      libraryPath: store.root,
      interfaceLanguages: PARTNER_LANGUAGES,
    }),
    'projects:list': () => store.listProjects(),
    'projects:create': (input) => store.createProject(input),
    'projects:get': ({ projectId }) => store.getProject(projectId),
    'projects:rename': ({ projectId, title, baseRevision }) =>
      store.updateProject(projectId, { title }, baseRevision),
    'projects:update': ({ projectId, patch, baseRevision }) =>
      store.updateProject(projectId, patch, baseRevision),
    'projects:duplicate': async ({ projectId, title }) => {
      const original = await store.getProject(projectId)
      return store.duplicateProject(projectId, title ?? `${original.project.title} (copy)`)
    },
    'projects:delete': ({ projectId }) => store.trashProject(projectId),
    'projects:trash': () => store.listTrash(),
    'projects:restore': ({ trashId }) => store.restoreProject(trashId),
    'documents:create': async ({ projectId, document }) => {
      // A new document is credited to this installation's author unless the caller names its authors.
      if (document.authors.length === 0) {
        const profile = await store.getAuthorProfile()
        if (profile.name !== '') {
          document = {
            ...document,
            authors: [{ name: profile.name, organisation: profile.organisation, email: profile.email }],
          }
        }
      }
      return store.createDocument(projectId, await templates.prepareNew(document))
    },
    'documents:get': async ({ projectId, documentId }) =>
      templates.open(await store.getDocument(projectId, documentId)),
    'documents:save': ({ projectId, documentId, content: given, baseRevision }) => {
      // Rich text is stored only as the editor's vocabulary, whoever sent it (see sanitiseRichText).
      const content = { ...given, fields: sanitiseRichTextIn(given.fields) }
      return store.saveDocument(projectId, documentId, content, baseRevision, (current) =>
        templates.checkSave(current, content),
      )
    },
    'documents:rename': async ({ projectId, documentId, title }) => {
      const { document, revision } = await store.getDocument(projectId, documentId)
      return store.saveDocument(projectId, documentId, documentContentOf(document, { title }), revision)
    },
    'documents:delete': ({ projectId, documentId }) => store.trashDocument(projectId, documentId),
    'documents:restore': ({ projectId, trashId }) => store.restoreDocument(projectId, trashId),
    'backups:list': ({ projectId, file }) => store.listBackups(projectId, file),
    'backups:restore': async ({ projectId, file, backupId }) => {
      await store.restoreBackup(projectId, file, backupId)
      return null
    },
    'templates:list': () => templates.list(),
    'templates:get': ({ templateId }) => templates.details(templateId),
    'templates:import': async () => {
      if (!deps.shell)
        throw new UnsupportedError('Importing a template from a dialog is only possible in the desktop app.')
      const file = await deps.shell.chooseTemplateFile()
      return file === undefined ? null : templates.import(file)
    },
    'projects:check': ({ projectId }) => checkProjectDocuments(store, deps.catalogue, projectId),
    'projects:create-example': () => createExampleProject(store, deps),
    'documents:export': ({ projectId, documentId, format }) =>
      exportDocument(deps, projectId, documentId, format),
    'projects:export': (request) => exportProject(deps, request),
    'projects:pack': ({ projectId }) => packProject(deps, projectId),
    'projects:inspect-package': ({ bytes }) => inspectPackage(store, bytes),
    'projects:open-package': ({ bytes, asCopy }) => openPackage(deps, bytes, asCopy ?? false),
    'files:save-package': ({ projectId, purpose }) => savePackage(deps, projectId, purpose),
    'files:open-package': () => choosePackage(deps),
    'files:take-opened': () => takeOpenedPackages(deps),
    'assets:add': ({ projectId, bytes }) => store.addAsset(projectId, bytes),
    'assets:get': ({ projectId, assetId }) => store.readAsset(projectId, assetId),
    'projects:search': ({ projectId, query, language }) => searchProject(deps, projectId, query, language),
    'comments:add': (input) => addComment(deps, input),
    'comments:resolve': (input) => resolveComment(deps, input),
    'spellcheck:set-languages': async ({ languages }) =>
      deps.shell?.setSpellcheckLanguages?.(languages) ?? false,
    'profile:get': () => store.getAuthorProfile(),
    'profile:save': (profile) => store.saveAuthorProfile(profile),
    'shell:open-external': async ({ url }) => {
      if (!deps.shell) throw new UnsupportedError('Opening links is only possible in the desktop app.')
      if (!isExternalUrlAllowed(url)) {
        throw new ForbiddenError(
          'Only web (http, https) and e-mail (mailto) links can be opened from a document.',
        )
      }
      return deps.shell.openExternal(url)
    },
    'window:ready-to-close': async () => {
      deps.shell?.readyToClose()
      return null
    },
    ...exportJobHandlers(deps),
    ...historyHandlers({ store, history, clock: deps.clock }),
  }
  implementations['documents:save'] = recordingSaves(implementations['documents:save'], history)

  const handlers = {} as Record<Channel, (input: unknown) => Promise<Result<unknown>>>
  for (const channel of Object.keys(channels) as Channel[]) {
    handlers[channel] = guard(channel, implementations[channel] as Implementation<Channel>, deps.log)
  }
  return handlers as Handlers
}

export function isExternalUrlAllowed(url: string): boolean {
  if (!URL.canParse(url)) return false
  return EXTERNAL_URL_SCHEMES.has(new URL(url).protocol)
}

class ForbiddenError extends Error {}
class UnsupportedError extends Error {}

function guard<K extends Channel>(
  channel: K,
  implementation: Implementation<K>,
  log: HandlerDeps['log'],
): (input: unknown) => Promise<Result<ChannelOutputs[K]>> {
  const schema = channels[channel]
  return async (input: unknown) => {
    try {
      const unsafe = findUnsafeStructure(input)
      if (unsafe !== undefined)
        return failure({ code: 'invalid-input', message: `Invalid request for ${channel}: ${unsafe}.` })
      const parsed = schema.safeParse(input ?? {})
      if (!parsed.success) {
        return failure({ code: 'invalid-input', message: describeInvalidInput(channel, parsed.error) })
      }
      return { ok: true, data: await implementation(parsed.data as z.output<(typeof channels)[K]>) }
    } catch (error) {
      return failure(toApiError(error, log))
    }
  }
}

function failure(error: ApiError): { ok: false; error: ApiError } {
  return { ok: false, error }
}

/** Keeps the message short: a fuzzed payload can produce thousands of issues. */
function describeInvalidInput(channel: Channel, error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : ''
    return `${where}${issue.message}`.slice(0, 200)
  })
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : ''
  return `Invalid request for ${channel}: ${issues.join('; ')}${more}`
}

export function toApiError(error: unknown, log?: (error: unknown) => void): ApiError {
  if (error instanceof StoreError) {
    return error.details
      ? { code: error.code, message: error.message, details: error.details }
      : { code: error.code, message: error.message }
  }
  if (error instanceof FormatTooNewError) return { code: 'too-new', message: error.message }
  if (error instanceof FormatUnknownError || error instanceof UnsafeJsonError)
    return { code: 'damaged', message: error.message }
  if (error instanceof z.ZodError)
    return { code: 'invalid-input', message: error.issues[0]?.message ?? 'Invalid data.' }
  if (error instanceof PackageError) return { code: 'invalid-input', message: error.message }
  if (error instanceof ForbiddenError) return { code: 'forbidden', message: error.message }
  if (error instanceof UnsupportedError) return { code: 'unsupported', message: error.message }
  if (error instanceof NoPackageShellError) return { code: 'unsupported', message: error.message }
  if (error instanceof NoExportShellError) return { code: 'unsupported', message: error.message }
  log?.(error)
  return {
    code: 'internal',
    message: 'Something unexpected went wrong. Your saved work is safe; please try again.',
  }
}
