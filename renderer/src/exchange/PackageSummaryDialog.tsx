import { useEffect, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { Dialog } from 'radix-ui'
import type { ApiError, MergeSummary, PackageInspection } from '../../../core/api/contract'
import { asApiError, call, invoke } from '../api/client'
import type { ProjectView } from '../api/types'
import { formatExact } from '../format/time'
import { languageName } from '../i18n/languages'
import { Icon } from '../ui/Icon'
import type { ReceivedPackage } from './received-packages'

type Inspection =
  | { state: 'checking' }
  | { state: 'refused'; message: string }
  | { state: 'ready'; summary: PackageInspection }

type Choice = 'open' | 'copy' | 'merge'

interface PackageSummaryDialogProps {
  file: ReceivedPackage
  onClose(): void
  /** The package is now a project of the library. */
  onOpened(view: ProjectView): void
  /** The package was merged into the project of the same id. */
  onMerged(summary: MergeSummary, title: string): void
}

/**
 * What a received package holds, shown before anything enters the library: the file has been read and checked
 * in full by then, so a refused file says why here and the library stays as it was.
 */
export function PackageSummaryDialog({
  file,
  onClose,
  onOpened,
  onMerged,
}: PackageSummaryDialogProps): JSX.Element {
  const { t } = useTranslation()
  const [inspection, setInspection] = useState<Inspection>(() =>
    'problem' in file ? { state: 'refused', message: file.problem } : { state: 'checking' },
  )
  const [busy, setBusy] = useState<Choice | null>(null)
  const [failure, setFailure] = useState<{ error: ApiError; choice: Choice } | null>(null)

  useEffect(() => {
    if ('problem' in file) return
    let current = true
    void invoke('projects:inspect-package', { bytes: file.bytes }).then((result) => {
      if (!current) return
      setInspection(
        result.ok
          ? { state: 'ready', summary: result.data }
          : { state: 'refused', message: result.error.message },
      )
    })
    return () => {
      current = false
    }
  }, [file])

  const open = async (choice: Choice) => {
    if ('problem' in file || busy) return
    setBusy(choice)
    setFailure(null)
    try {
      if (choice === 'merge' && inspection.state === 'ready') {
        const { projectId, title } = inspection.summary
        onMerged(await call('projects:merge-package', { projectId, bytes: file.bytes }), title)
      } else onOpened(await call('projects:open-package', { bytes: file.bytes, asCopy: choice === 'copy' }))
    } catch (error) {
      setFailure({ error: asApiError(error), choice })
    } finally {
      setBusy(null)
    }
  }

  return (
    <Dialog.Root open onOpenChange={(next) => !next && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog dialog-wide package-dialog"
          aria-busy={inspection.state === 'checking'}
        >
          {inspection.state === 'checking' && (
            <header className="dialog-header">
              <Dialog.Title className="dialog-title">{t('exchange.summary.checking')}</Dialog.Title>
              <Dialog.Description className="dialog-description">{file.fileName}</Dialog.Description>
            </header>
          )}
          {inspection.state === 'refused' && (
            <>
              <header className="dialog-header">
                <Dialog.Title className="dialog-title">{t('exchange.refused.title')}</Dialog.Title>
                <Dialog.Description className="dialog-description">
                  {t('exchange.refused.text', { file: file.fileName })}
                </Dialog.Description>
              </header>
              <div className="dialog-body">
                <div className="inline-alert" role="alert">
                  <Icon name="warning" />
                  <p>{inspection.message}</p>
                </div>
                <p>{t('exchange.refused.unchanged')}</p>
              </div>
            </>
          )}
          {inspection.state === 'ready' && (
            <>
              <header className="dialog-header">
                <Dialog.Title className="dialog-title">
                  {t('exchange.summary.title', { title: inspection.summary.title })}
                </Dialog.Title>
                <Dialog.Description className="dialog-description">
                  {t('exchange.summary.intro')}
                </Dialog.Description>
              </header>
              <div className="dialog-body">
                <PackageFacts fileName={file.fileName} summary={inspection.summary} />
                <p className="inline-note package-status">
                  <Icon name={inspection.summary.existing === 'none' ? 'folder' : 'restore'} />
                  <span>{t(`exchange.summary.existing.${inspection.summary.existing}`)}</span>
                </p>
                {failure && (
                  <div className="inline-alert" role="alert">
                    <Icon name="warning" />
                    <div>
                      <p>{t(failure.choice === 'merge' ? 'exchange.merge.failed' : 'exchange.openFailed')}</p>
                      <p className="inline-alert-detail">
                        {t('errors.detail', { code: failure.error.code, message: failure.error.message })}
                      </p>
                    </div>
                  </div>
                )}
              </div>
            </>
          )}
          <footer className="dialog-footer">
            <Dialog.Close asChild>
              <button type="button" className="button button-quiet">
                {inspection.state === 'refused' ? t('common.close') : t('common.cancel')}
              </button>
            </Dialog.Close>
            {inspection.state === 'ready' && inspection.summary.existing !== 'none' && (
              <button
                type="button"
                className={inspection.summary.existing === 'library' ? 'button' : 'button button-primary'}
                disabled={busy !== null}
                aria-busy={busy === 'copy'}
                onClick={() => void open('copy')}
              >
                {t('exchange.summary.openCopy')}
              </button>
            )}
            {inspection.state === 'ready' && inspection.summary.existing === 'library' && (
              <button
                type="button"
                className="button button-primary"
                disabled={busy !== null}
                aria-busy={busy === 'merge'}
                onClick={() => void open('merge')}
              >
                {t('exchange.summary.merge')}
              </button>
            )}
            {inspection.state === 'ready' && inspection.summary.existing === 'none' && (
              <button
                type="button"
                className="button button-primary"
                disabled={busy !== null}
                aria-busy={busy === 'open'}
                onClick={() => void open('open')}
              >
                {t('exchange.summary.open')}
              </button>
            )}
          </footer>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

function PackageFacts({ fileName, summary }: { fileName: string; summary: PackageInspection }): JSX.Element {
  const { t, i18n } = useTranslation()
  return (
    <>
      <dl className="package-facts">
        <dt>{t('exchange.summary.file')}</dt>
        <dd>{fileName}</dd>
        <dt>{t('exchange.summary.project')}</dt>
        <dd>
          {summary.title}
          {summary.acronym && <span className="badge badge-acronym">{summary.acronym}</span>}
        </dd>
        <dt>{t('exchange.summary.madeBy')}</dt>
        <dd>{summary.madeBy || t('exchange.summary.unknownAuthor')}</dd>
        <dt>{t('exchange.summary.madeAt')}</dt>
        <dd>{formatExact(summary.madeAt, i18n.language)}</dd>
        <dt>{t('exchange.summary.appVersion')}</dt>
        <dd>{t('exchange.summary.appVersionValue', { version: summary.appVersion })}</dd>
      </dl>
      <section aria-labelledby="package-documents">
        <h3 id="package-documents" className="package-subheading">
          {t('exchange.summary.documents', { count: summary.documents.length })}
        </h3>
        <ul className="package-documents">
          {summary.documents.map((document) => (
            <li key={document.id}>
              <span lang={document.language}>{document.title}</span>
              <span className="package-document-language">
                {languageName(document.language, i18n.language)}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
