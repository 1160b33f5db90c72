import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { Dialog } from 'radix-ui'
import { localise } from '../../../core/templates/localise'
import type { TemplateImport } from '../api/types'
import { Icon } from '../ui/Icon'
import { TemplateProblemList } from './TemplateProblemList'
import { fileName } from './template-names'

/** What an import did: the template now available, or every problem that kept it out, file and place first. */
export function ImportResultDialog({
  result,
  onClose,
}: {
  result: TemplateImport | null
  onClose: () => void
}): JSX.Element {
  const { t, i18n } = useTranslation()
  const files = result && !result.ok ? [...new Set(result.problems.map((problem) => problem.file))] : []

  return (
    <Dialog.Root open={result !== null} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-wide">
          {result?.ok === true && (
            <>
              <header className="dialog-header">
                <Dialog.Title className="dialog-title">{t('templates.import.doneTitle')}</Dialog.Title>
                <Dialog.Description className="dialog-description">
                  {t('templates.import.doneText')}
                </Dialog.Description>
              </header>
              <div className="dialog-body">
                <div className="import-summary">
                  <div className="card-icon" aria-hidden="true">
                    <Icon name="template" />
                  </div>
                  <div>
                    <p
                      className="import-title"
                      lang={localise(result.template.title, i18n.language).language}
                    >
                      {localise(result.template.title, i18n.language).text}
                    </p>
                    <p className="import-meta">
                      {t('templates.version', { version: result.template.version })}
                    </p>
                  </div>
                </div>
                {result.replaced && (
                  <p className="inline-note">
                    <Icon name="restore" />
                    <span>{t('templates.import.replaced')}</span>
                  </p>
                )}
              </div>
            </>
          )}
          {result?.ok === false && (
            <>
              <header className="dialog-header">
                <Dialog.Title className="dialog-title">{t('templates.import.failedTitle')}</Dialog.Title>
                <Dialog.Description className="dialog-description">
                  {t('templates.import.failedText', {
                    count: result.problems.length,
                    file: files.map(fileName).join(', '),
                  })}
                </Dialog.Description>
              </header>
              <div className="dialog-body">
                <TemplateProblemList problems={result.problems} />
              </div>
            </>
          )}
          <footer className="dialog-footer">
            <Dialog.Close asChild>
              <button type="button" className="button button-primary">
                {t('common.close')}
              </button>
            </Dialog.Close>
          </footer>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
