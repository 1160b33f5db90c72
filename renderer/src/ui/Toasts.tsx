import { createContext, useCallback, useContext, useMemo, useState, type JSX, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Toast } from 'radix-ui'
import type { ApiError } from '../../../core/api/contract'
import { Icon } from './Icon'

export interface ToastAction {
  label: string
  /** What a screen reader user is told to do instead, since toasts are announced, not focused. */
  altText: string
  onAction: () => void
}

export interface ToastInput {
  tone: 'info' | 'success' | 'error'
  title: string
  description?: string
  /** Shown small under the description, e.g. the error code for a support request. */
  detail?: string
  action?: ToastAction
}

interface ToastEntry extends ToastInput {
  id: number
  open: boolean
}

interface ToastApi {
  notify(toast: ToastInput): void
  /** Shows a failed request as a user message: what failed, why in the user's language, and the code. */
  notifyError(title: string, error: ApiError): void
}

const ToastContext = createContext<ToastApi | null>(null)

export function useToasts(): ToastApi {
  const api = useContext(ToastContext)
  if (!api) throw new Error('useToasts needs a <ToastProvider> above it.')
  return api
}

let nextId = 1

export function ToastProvider({ children }: { children: ReactNode }): JSX.Element {
  const { t } = useTranslation()
  const [toasts, setToasts] = useState<ToastEntry[]>([])

  const notify = useCallback((toast: ToastInput) => {
    const id = nextId++
    // Only a few at a time: a burst of failures should not bury the screen.
    setToasts((current) => [...current.filter((entry) => entry.open).slice(-2), { ...toast, id, open: true }])
  }, [])

  const notifyError = useCallback(
    (title: string, error: ApiError) => {
      notify({
        tone: 'error',
        title,
        description: t(`errors.${error.code}`),
        detail: t('errors.detail', { code: error.code, message: error.message }),
      })
    },
    [notify, t],
  )

  const close = (id: number) =>
    setToasts((current) => current.map((entry) => (entry.id === id ? { ...entry, open: false } : entry)))
  const api = useMemo(() => ({ notify, notifyError }), [notify, notifyError])

  return (
    <ToastContext.Provider value={api}>
      <Toast.Provider label={t('toast.region')} swipeDirection="right" duration={6000}>
        {children}
        {toasts.map((toast) => (
          <Toast.Root
            key={toast.id}
            className={`toast toast-${toast.tone}`}
            open={toast.open}
            onOpenChange={(open) => !open && close(toast.id)}
            // Errors and undo offers stay longer: the user has to read them and may want to act.
            duration={toast.tone === 'error' || toast.action ? 10_000 : 5000}
            type={toast.tone === 'error' ? 'foreground' : 'background'}
          >
            <Toast.Title className="toast-title">{toast.title}</Toast.Title>
            {toast.description && (
              <Toast.Description className="toast-description">{toast.description}</Toast.Description>
            )}
            {toast.detail && <p className="toast-detail">{toast.detail}</p>}
            <div className="toast-actions">
              {toast.action && (
                <Toast.Action altText={toast.action.altText} asChild>
                  <button type="button" className="button button-small" onClick={toast.action.onAction}>
                    {toast.action.label}
                  </button>
                </Toast.Action>
              )}
              <Toast.Close className="icon-button icon-button-small" aria-label={t('common.dismiss')}>
                <Icon name="close" />
              </Toast.Close>
            </div>
          </Toast.Root>
        ))}
        <Toast.Viewport className="toast-viewport" />
      </Toast.Provider>
    </ToastContext.Provider>
  )
}
