import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { asApiError, call } from '../api/client'
import { useNavigation } from '../app/navigation'
import { useToasts } from '../ui/Toasts'

export type SavePurpose = 'copy' | 'send'

/**
 * Save a copy / Send to partner: the main process packs the project and asks where to put the file, so the page
 * never handles a path. Sending does no more than saving and showing the file in its folder: attaching it to an
 * e-mail is left to the user's own mail program, which the app cannot drive reliably.
 */
export function useSavePackage(): (projectId: string, purpose: SavePurpose) => Promise<void> {
  const { t } = useTranslation()
  const { notify, notifyError } = useToasts()
  const { settle } = useNavigation()
  return useCallback(
    async (projectId, purpose) => {
      // The package is packed from disk: every edit goes there first, those of documents just left too.
      await settle()
      try {
        const saved = await call('files:save-package', { projectId, purpose })
        if (saved === null) return
        notify(
          purpose === 'send'
            ? {
                tone: 'success',
                title: t('exchange.sent.title', { file: saved.fileName }),
                description: t('exchange.sent.text'),
              }
            : { tone: 'success', title: t('exchange.saved', { file: saved.fileName }) },
        )
      } catch (error) {
        notifyError(t('exchange.saveFailed'), asApiError(error))
      }
    },
    [notify, notifyError, settle, t],
  )
}
