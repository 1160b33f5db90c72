import { useEffect, useEffectEvent, useId, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { Dialog } from 'radix-ui'
import type {
  ApiError,
  ExportFormat,
  ExportPhase,
  ExportProgress,
  ExportStyleInfo,
} from '../../../core/api/contract'
import type { ExportSettings } from '../../../core/model/project'
import { asApiError, call, onEvent } from '../api/client'
import type { DocumentSummary } from '../api/types'
import { Icon } from '../ui/Icon'
import { PdfPreview } from './PdfPreview'
import { Segmented } from './Segmented'
import './export.css'

type Paper = NonNullable<ExportSettings['paper']>
type Style = NonNullable<ExportSettings['style']>
/** The choice in "What to export" that names no document: the project's deliverable, or all its documents. */
const WHOLE_PROJECT = ''

/** How long the choices must rest before the preview is made again: a user clicking through styles waits once. */
const PREVIEW_DELAY_MS = 400

/** A preview belongs to the choices it was made for (`key`); for other choices a new one is on its way. */
type Preview =
  | { state: 'waiting' }
  | { state: 'ready'; key: string; bytes: Uint8Array }
  | { state: 'failed'; key: string; error: ApiError }

type Run =
  | { state: 'idle' }
  | { state: 'running'; jobId: string | null; done: number; total: number; phase: ExportPhase }
  | { state: 'saved'; jobId: string; fileName: string }
  | { state: 'cancelled' }
  | { state: 'failed'; error: ApiError }

export interface ExportDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  projectId: string
  /** The project's documents that can be exported. */
  documents: readonly DocumentSummary[]
  /** The document on screen, chosen at first; without it, the whole project is. */
  documentId?: string
  /** The project's own choices, which the dialog starts from. */
  settings?: ExportSettings
}

/**
 * Export: what, in which format, style and paper, with a live preview of the PDF. The export itself runs as a
 * job away from the window (a worker in the app), so the window stays usable, the bar shows how far it has come
 * and Cancel stops it; the file is written only where the user chose, and only once the job has finished.
 */
export function ExportDialog({
  open,
  onOpenChange,
  projectId,
  documents,
  documentId,
  settings,
}: ExportDialogProps): JSX.Element {
  const { t } = useTranslation()
  const ids = useId()
  const [target, setTarget] = useState(documentId ?? WHOLE_PROJECT)
  const [format, setFormat] = useState<ExportFormat>('pdf')
  const [paper, setPaper] = useState<Paper>(settings?.paper ?? 'A4')
  const [styles, setStyles] = useState<ExportStyleInfo[]>([])
  const [style, setStyle] = useState<Style | ''>(settings?.style ?? '')
  const [stylesError, setStylesError] = useState<ApiError | null>(null)
  const [made, setMade] = useState<Preview>({ state: 'waiting' })
  const previewKey = `${target}|${style}|${paper}`
  const preview: Preview = stylesError
    ? { state: 'failed', key: previewKey, error: stylesError }
    : made.state !== 'waiting' && made.key === previewKey
      ? made
      : { state: 'waiting' }
  const [run, setRun] = useState<Run>({ state: 'idle' })
  const running = run.state === 'running'

  useEffect(() => {
    if (!open) return
    let live = true
    call('export:styles', {}).then(
      (offered) => {
        if (!live) return
        setStyles(offered)
        setStyle((current) =>
          offered.some((candidate) => candidate.id === current) ? current : (offered[0]?.id ?? ''),
        )
      },
      (error: unknown) => {
        if (live) setStylesError(asApiError(error))
      },
    )
    return () => {
      live = false
    }
  }, [open])

  // The preview follows every choice but the format: a DOCX has the PDF's content, with Word's own layout.
  useEffect(() => {
    if (!open || style === '') return
    let live = true
    let jobId: string | undefined
    const key = `${target}|${style}|${paper}`
    const timer = setTimeout(() => {
      call('export:start', { ...what(projectId, target), format: 'pdf', style, paper })
        .then(async (started) => {
          jobId = started.jobId
          if (!live) return
          const outcome = await call('export:result', started)
          if (live && outcome.state === 'done') setMade({ state: 'ready', key, bytes: outcome.bytes })
        })
        .catch((error: unknown) => {
          if (live) setMade({ state: 'failed', key, error: asApiError(error) })
        })
    }, PREVIEW_DELAY_MS)
    return () => {
      live = false
      clearTimeout(timer)
      // A preview nobody will see is not worth finishing.
      if (jobId !== undefined) void call('export:cancel', { jobId }).catch(() => undefined)
    }
  }, [open, projectId, target, style, paper])

  const onProgress = useEffectEvent((progress: ExportProgress) => {
    setRun((current) =>
      current.state === 'running' && current.jobId === progress.jobId
        ? { ...current, done: progress.done, total: progress.total, phase: progress.phase }
        : current,
    )
  })
  useEffect(() => onEvent('export:progress', (progress) => onProgress(progress)), [])

  const startExport = async () => {
    if (running || style === '') return
    setRun({ state: 'running', jobId: null, done: 0, total: 1, phase: 'layout' })
    try {
      const { jobId } = await call('export:start', { ...what(projectId, target), format, style, paper })
      setRun((current) => (current.state === 'running' ? { ...current, jobId } : current))
      const saved = await call('export:save', { jobId })
      setRun(
        saved.state === 'saved'
          ? { state: 'saved', jobId, fileName: saved.fileName }
          : { state: 'cancelled' },
      )
    } catch (error) {
      setRun({ state: 'failed', error: asApiError(error) })
    }
  }

  const cancelExport = async () => {
    if (run.state !== 'running' || run.jobId === null) return
    const { jobId } = run
    try {
      // Once cancelled, nothing will be written, even if the Save dialog is still open: say so at once.
      if (await call('export:cancel', { jobId }))
        setRun((current) =>
          current.state === 'running' && current.jobId === jobId ? { state: 'cancelled' } : current,
        )
    } catch (error) {
      setRun({ state: 'failed', error: asApiError(error) })
    }
  }

  const afterSave = async (channel: 'shell:open-path' | 'shell:show-in-folder') => {
    if (run.state !== 'saved') return
    try {
      await call(channel, { jobId: run.jobId })
    } catch (error) {
      setRun({ state: 'failed', error: asApiError(error) })
    }
  }

  const changeOpen = (next: boolean) => {
    // Closing the dialog does not stop an export the user started: only Cancel does.
    if (!next && !running) setRun({ state: 'idle' })
    onOpenChange(next)
  }

  const styleName = (id: string) => t(`export.styles.${id}`, { defaultValue: id })

  return (
    <Dialog.Root open={open} onOpenChange={changeOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog export-dialog">
          <header className="dialog-header">
            <Dialog.Title className="dialog-title">{t('export.title')}</Dialog.Title>
            <Dialog.Description className="dialog-description">{t('export.description')}</Dialog.Description>
          </header>
          <div className="export-body">
            <form
              className="export-form"
              noValidate
              onSubmit={(event) => {
                event.preventDefault()
                void startExport()
              }}
            >
              <div className="field">
                <label className="field-label" htmlFor={`${ids}-what`}>
                  {t('export.what')}
                </label>
                <select
                  id={`${ids}-what`}
                  className="field-input field-select"
                  value={target}
                  disabled={running}
                  onChange={(event) => setTarget(event.target.value)}
                >
                  <option value={WHOLE_PROJECT}>{t('export.wholeProject')}</option>
                  {documents.map((document) => (
                    <option key={document.id} value={document.id} lang={document.language}>
                      {document.title}
                    </option>
                  ))}
                </select>
              </div>
              <Segmented
                label={t('export.format')}
                value={format}
                disabled={running}
                onChange={setFormat}
                options={[
                  { value: 'pdf', label: t('export.pdf') },
                  { value: 'docx', label: t('export.docx') },
                ]}
              />
              <div className="field">
                <label className="field-label" htmlFor={`${ids}-style`}>
                  {t('export.style')}
                </label>
                <select
                  id={`${ids}-style`}
                  className="field-input field-select"
                  value={style}
                  disabled={running || styles.length === 0}
                  onChange={(event) => setStyle(event.target.value as Style)}
                >
                  {styles.map((offered) => (
                    <option key={offered.id} value={offered.id}>
                      {styleName(offered.id)}
                    </option>
                  ))}
                </select>
              </div>
              <Segmented
                label={t('export.paper')}
                value={paper}
                disabled={running}
                onChange={setPaper}
                options={[
                  { value: 'A4', label: t('export.a4') },
                  { value: 'LETTER', label: t('export.letter') },
                ]}
              />
              <RunStatus run={run} />
              <div className="export-actions">
                {run.state === 'saved' && (
                  <>
                    <button
                      type="button"
                      className="button"
                      onClick={() => void afterSave('shell:open-path')}
                    >
                      {t('export.openFile')}
                    </button>
                    <button
                      type="button"
                      className="button"
                      onClick={() => void afterSave('shell:show-in-folder')}
                    >
                      {t('export.showInFolder')}
                    </button>
                  </>
                )}
              </div>
              <footer className="export-footer">
                {running ? (
                  <button
                    type="button"
                    className="button"
                    onClick={() => void cancelExport()}
                    disabled={run.jobId === null}
                  >
                    {t('export.cancelExport')}
                  </button>
                ) : (
                  <Dialog.Close asChild>
                    <button type="button" className="button button-quiet">
                      {t('export.close')}
                    </button>
                  </Dialog.Close>
                )}
                <button
                  type="submit"
                  className="button button-primary"
                  disabled={running || style === ''}
                  aria-busy={running}
                >
                  {t('export.submit')}
                </button>
              </footer>
            </form>
            <section
              className="export-preview"
              aria-label={t('export.preview')}
              aria-busy={preview.state === 'waiting'}
            >
              {format === 'docx' && <p className="export-preview-note">{t('export.previewOfPdf')}</p>}
              {preview.state === 'ready' && <PdfPreview bytes={preview.bytes} />}
              {preview.state === 'waiting' && (
                <p className="export-preview-message">{t('export.previewLoading')}</p>
              )}
              {preview.state === 'failed' && (
                <div className="inline-alert" role="alert">
                  <Icon name="warning" />
                  <div>
                    <p>{t('export.previewFailed')}</p>
                    <p className="inline-alert-detail">
                      {t('errors.detail', { code: preview.error.code, message: preview.error.message })}
                    </p>
                  </div>
                </div>
              )}
            </section>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

function what(projectId: string, target: string): { projectId: string; documentId?: string } {
  return target === WHOLE_PROJECT ? { projectId } : { projectId, documentId: target }
}

function RunStatus({ run }: { run: Run }): JSX.Element | null {
  const { t } = useTranslation()
  if (run.state === 'running') {
    return (
      <div className="export-progress" role="status">
        <progress
          className="export-progress-bar"
          max={run.total}
          value={run.done}
          aria-label={t('export.progress')}
        />
        <span>{t(`export.phase.${run.phase}`)}</span>
      </div>
    )
  }
  if (run.state === 'saved')
    return (
      <p className="export-result" role="status">
        <Icon name="check" />
        {t('export.saved', { fileName: run.fileName })}
      </p>
    )
  if (run.state === 'cancelled')
    return (
      <p className="export-result" role="status">
        {t('export.cancelled')}
      </p>
    )
  if (run.state === 'failed')
    return (
      <div className="inline-alert" role="alert">
        <Icon name="warning" />
        <div>
          <p>{t('export.failed')}</p>
          <p className="inline-alert-detail">
            {t('errors.detail', { code: run.error.code, message: run.error.message })}
          </p>
        </div>
      </div>
    )
  return null
}
