import { useCallback, useEffect, useRef, useState, type JSX, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentContent, DocumentStatus, FieldValues } from '../../../core/model/document'
import { PLAIN_TEMPLATE } from '../../../core/model/document'
import { emptyRichText, isRichText, type RichText } from '../../../core/model/rich-text'
import { localise } from '../../../core/templates/localise'
import type { ApiError } from '../../../core/api/contract'
import { asApiError, call, invoke } from '../api/client'
import type { TemplateDetails } from '../api/template-details'
import type { ProjectView, StoredDocument } from '../api/types'
import { useNavigation, useUnsavedWork } from '../app/navigation'
import { copyTitle } from '../format/titles'
import { languageName } from '../i18n/languages'
import { FieldStore } from '../fields/field-store'
import { StructuredEditor } from '../fields/StructuredEditor'
import { TemplateLabel } from '../templates/TemplateLabel'
import { Breadcrumbs } from '../ui/Breadcrumbs'
import { Icon } from '../ui/Icon'
import { ReadOnlyNotice } from '../ui/ReadOnlyNotice'
import { RichTextField } from '../richtext/RichTextField'
import { fieldAnchorId } from '../workspace/field-anchors'
import { useToasts } from '../ui/Toasts'
import { AutosaveController, SaveStateStore } from './autosave'
import { backgroundSaves } from './background-saves'
import { EditorErrorBoundary } from './EditorErrorBoundary'
import { ExportButton } from '../export/ExportButton'
import { SaveStatus, useSaveState } from './SaveStatus'
import { StatusSwitch } from './StatusSwitch'

/** Long enough not to save mid-word, short enough that a crash loses at most a sentence. */
const AUTOSAVE_DELAY_MS = 800
/** After the caret leaves the text (see AutosaveController.saveSoon). */
const BLUR_SAVE_DELAY_MS = 250

/** A structured document's template, or why it could not be had. */
export type Structure = { details: TemplateDetails } | { error: ApiError }

interface DocumentEditorProps {
  project: ProjectView
  stored: StoredDocument
  /** null for free text, which is written in the rich-text editor. */
  structure: Structure | null
  /**
   * `stored` holds edits a background save could not write, at the revision they were to replace: the editor
   * saves them again at once (a change made on disk meanwhile shows as a conflict, as any other).
   */
  restored: boolean
  onReload: () => Promise<void>
}

export function DocumentEditor({
  project,
  stored,
  structure,
  restored,
  onReload,
}: DocumentEditorProps): JSX.Element {
  const { t, i18n } = useTranslation()
  const { navigate } = useNavigation()
  const { notify, notifyError } = useToasts()
  const doc = stored.document
  const projectId = project.project.id
  const readOnly = project.readOnly
  const bodyField = PLAIN_TEMPLATE.bodyField

  const [title, setTitle] = useState(doc.title)
  const [status, setStatus] = useState<DocumentStatus>(doc.status)
  const [saveStates] = useState(() => new SaveStateStore())
  // Read once: from here on the editor owns the text. The store validated it (and the editor sanitises what
  // it shows); an empty body is the safe reading of anything else.
  const [initialBody] = useState<RichText>(() => {
    const body = doc.fields[bodyField]
    return isRichText(body) ? body : emptyRichText()
  })

  // What a save reads when it starts: refs, so that typing never re-renders or serialises anything.
  const readBody = useRef<(() => RichText) | null>(null)
  const bodyRef = useRef<HTMLDivElement>(null)
  // A structured document's values live outside React state, so a keystroke re-renders only its own field.
  const [fieldStore] = useState(() => new FieldStore(doc.fields))
  const latest = useRef({ title: doc.title, validTitle: doc.title, status: doc.status })
  const autosave = useRef<AutosaveController<DocumentContent> | null>(null)

  const readContent = useCallback((): DocumentContent => {
    const body = readBody.current
      ? (readBody.current() as unknown as FieldValues[string])
      : doc.fields[bodyField]
    const plainFields = body === undefined ? doc.fields : { ...doc.fields, [bodyField]: body }
    return {
      title: latest.current.validTitle,
      language: doc.language,
      status: latest.current.status,
      authors: doc.authors,
      fields: structure ? (fieldStore.snapshot() as FieldValues) : plainFields,
      // A structured document may have been brought up to its template's current version when it was opened;
      // saving the version with it keeps that migration (the same version is a no-op for the store).
      ...(structure ? { templateVersion: doc.templateVersion } : {}),
    }
  }, [doc, bodyField, structure, fieldStore])

  useEffect(() => {
    if (readOnly) return
    const controller = new AutosaveController<DocumentContent>({
      revision: stored.revision,
      delayMs: AUTOSAVE_DELAY_MS,
      read: readContent,
      write: async (content, baseRevision) => {
        const result = await invoke('documents:save', {
          projectId,
          documentId: doc.id,
          content,
          baseRevision,
        })
        return result.ok ? { ok: true, data: { revision: result.data.revision } } : result
      },
      onState: (state) => saveStates.set(state),
    })
    autosave.current = controller
    if (restored) {
      controller.change()
      void controller.flush()
    }
    return () => {
      // Leaving does not wait for the disk: what was typed is saved after the editor is gone, and kept in memory
      // for the next opening if that save fails.
      if (controller.hasUnsavedChanges || controller.currentState.kind === 'saving')
        backgroundSaves.carryOn({ projectId, documentId: doc.id }, () => controller.finish())
      controller.dispose()
      autosave.current = null
    }
  }, [readOnly, stored.revision, projectId, doc.id, readContent, restored, saveStates])

  // Every edit of a structured field reaches the same autosave as the plain editor's keystrokes.
  useEffect(() => fieldStore.subscribeAll(() => autosave.current?.change()), [fieldStore])

  const saveNow = useCallback(async () => autosave.current?.flush() ?? true, [])
  useUnsavedWork(saveNow)

  useEffect(() => {
    document.title = `${title.trim() || doc.title} — ${t('app.name')}`
  }, [title, doc.title, t])

  const onBodyEdit = useCallback((read: () => RichText) => {
    readBody.current = read
    autosave.current?.change()
  }, [])
  const onBlur = useCallback(() => autosave.current?.saveSoon(BLUR_SAVE_DELAY_MS), [])

  const changeTitle = (value: string) => {
    setTitle(value)
    latest.current.title = value
    // An empty title cannot be stored; the last real one is saved until the user types a new one.
    if (value.trim() !== '') latest.current.validTitle = value.trim()
    autosave.current?.change()
  }

  const changeStatus = (value: DocumentStatus) => {
    setStatus(value)
    latest.current.status = value
    autosave.current?.change()
    void autosave.current?.flush()
  }

  const titleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    bodyRef.current?.querySelector<HTMLElement>('[contenteditable="true"]')?.focus()
  }

  const reloadFromDisk = async () => {
    autosave.current?.discardChanges()
    await onReload()
  }

  const saveAsCopy = async () => {
    try {
      const content = readContent()
      const created = await call('documents:create', {
        projectId,
        document: {
          title: copyTitle(content.title, t('document.conflict.copySuffix')),
          language: doc.language,
          authors: doc.authors,
          // The copy keeps the template, or a structured document's values would land in a free-text one.
          ...(structure ? { templateId: doc.templateId, fields: content.fields } : {}),
        },
      })
      const { templateVersion: _version, ...copied } = content
      await call('documents:save', {
        projectId,
        documentId: created.document.id,
        content: { ...copied, title: created.document.title },
        baseRevision: created.revision,
      })
      autosave.current?.discardChanges()
      notify({ tone: 'success', title: t('document.conflict.copied', { title: created.document.title }) })
      navigate({ screen: 'document', projectId, documentId: created.document.id })
    } catch (error) {
      notifyError(t('document.conflict.copyFailed'), asApiError(error))
    }
  }

  const titleEmpty = title.trim() === ''

  return (
    <section className="screen screen-document" aria-labelledby="document-title">
      <Breadcrumbs
        trail={[
          { label: t('library.heading'), to: { screen: 'library' } },
          { label: project.project.title, to: { screen: 'project', projectId } },
        ]}
      />

      <div className="document-header">
        <div className="document-meta-row">
          <StatusSwitch value={status} onChange={changeStatus} disabled={readOnly} />
          {structure && (
            <TemplateLabel
              className="document-template"
              name={
                'details' in structure
                  ? {
                      kind: 'known',
                      text: localise(structure.details.template.title, i18n.language).text,
                      lang: localise(structure.details.template.title, i18n.language).language,
                    }
                  : { kind: 'missing', templateId: doc.templateId }
              }
            />
          )}
          <span className="document-language">
            <Icon name="globe" />
            {languageName(doc.language, i18n.language)}
          </span>
          {!readOnly && <SaveStatus saveStates={saveStates} onRetry={() => void autosave.current?.flush()} />}
          <ExportButton
            projectId={projectId}
            documents={project.documents}
            documentId={doc.id}
            settings={project.project.exportSettings}
          />
        </div>
        <label id="document-title-label" htmlFor="document-title" className="visually-hidden">
          {t('document.titleLabel')}
        </label>
        {/* A textarea that grows with the title, so a long title (they are common here) shows in full. */}
        <textarea
          id="document-title"
          className="document-title-input"
          value={title}
          rows={1}
          // A title is one line: pasted line breaks become spaces, and Enter moves on to the text.
          onChange={(event) => changeTitle(event.target.value.replace(/\s*[\r\n]+\s*/g, ' '))}
          onBlur={onBlur}
          onKeyDown={titleKeyDown}
          readOnly={readOnly}
          lang={doc.language}
          spellCheck
          autoComplete="off"
          maxLength={300}
          aria-invalid={titleEmpty || undefined}
          aria-describedby={titleEmpty ? 'document-title-error' : undefined}
        />
        <p id="document-title-error" className="field-error document-title-error">
          {titleEmpty ? t('validation.titleRequired') : ''}
        </p>
      </div>

      {readOnly && <ReadOnlyNotice lockedBy={project.lockedBy} />}

      <ConflictNotice
        saveStates={saveStates}
        onSaveCopy={() => void saveAsCopy()}
        onReload={() => void reloadFromDisk()}
      />

      {structure && 'details' in structure && (
        // Leaving any field saves, as leaving the plain editor does.
        <div className="structured-editor-frame" onBlur={onBlur}>
          <StructuredEditor
            store={fieldStore}
            projectId={projectId}
            document={doc}
            details={structure.details}
            projectDocuments={project.documents}
            readOnly={readOnly}
          />
        </div>
      )}
      {structure && 'error' in structure && (
        <div className="notice notice-error" role="alert">
          <Icon name="warning" />
          <div className="notice-body">
            <p className="notice-title">{t('outline.noTemplate', { id: doc.templateId })}</p>
            <p>{t('outline.noTemplateText')}</p>
            <p className="notice-detail">
              {t('errors.detail', { code: structure.error.code, message: structure.error.message })}
            </p>
          </div>
        </div>
      )}
      {!structure && (
        <EditorErrorBoundary
          fallback={
            <div className="notice notice-error" role="alert">
              <Icon name="warning" />
              <div className="notice-body">
                <p className="notice-title">{t('document.unreadableBody')}</p>
              </div>
            </div>
          }
        >
          {/* Leaving the text saves; focus events bubble from the editor and its toolbar. */}
          <div className="plain-body" id={fieldAnchorId(bodyField)} ref={bodyRef} onBlur={onBlur}>
            <RichTextField
              value={initialBody}
              onEdit={onBodyEdit}
              language={doc.language}
              ariaLabel={t('document.bodyLabel')}
              placeholder={t('document.placeholder')}
              projectId={projectId}
              readOnly={readOnly}
            />
          </div>
        </EditorErrorBoundary>
      )}
    </section>
  )
}

/** Shown while saving is stopped because the file changed on disk, until the user chooses what to keep. */
function ConflictNotice({
  saveStates,
  onSaveCopy,
  onReload,
}: {
  saveStates: SaveStateStore
  onSaveCopy: () => void
  onReload: () => void
}): JSX.Element | null {
  const { t } = useTranslation()
  const state = useSaveState(saveStates)
  if (state.kind !== 'conflict') return null
  return (
    <div className="notice notice-warning" role="alert">
      <Icon name="warning" />
      <div className="notice-body">
        <p className="notice-title">{t('document.conflict.title')}</p>
        <p>{t('document.conflict.description')}</p>
        <div className="notice-actions">
          <button type="button" className="button button-primary button-small" onClick={onSaveCopy}>
            {t('document.conflict.saveCopy')}
          </button>
          <button type="button" className="button button-small" onClick={onReload}>
            {t('document.conflict.reload')}
          </button>
        </div>
      </div>
    </div>
  )
}
