import {
  useCallback,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type JSX,
} from 'react'
import { useTranslation } from 'react-i18next'
import { AlertDialog } from 'radix-ui'
import type { EventPayloads } from '../../../core/api/contract'
import { invoke, onEvent } from '../api/client'
import { setInterfaceLanguage } from '../i18n/i18n'
import { LibraryScreen } from '../library/LibraryScreen'
import { ProjectScreen } from '../project/ProjectScreen'
import { PackageOpener } from '../exchange/PackageOpener'
import { ConflictsScreen } from '../exchange/ConflictsScreen'
import { HistoryScreen } from '../history/HistoryScreen'
import { ToastProvider, useToasts } from '../ui/Toasts'
import { ProjectWorkspace } from '../workspace/ProjectWorkspace'
import { LanguageMenu } from './LanguageMenu'
import { NavigationContext, RouteLink, type LeaveGuard, type Navigation } from './navigation'
import { formatRoute, parseRoute, type Route } from './routes'

export function App(): JSX.Element {
  return (
    <ToastProvider>
      <AppShell />
    </ToastProvider>
  )
}

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

type OpenDialog = 'new-project' | 'new-document' | null

function go(to: Route): void {
  window.location.hash = formatRoute(to)
}

async function passesGuards(guards: Iterable<LeaveGuard>): Promise<boolean> {
  const results = await Promise.all([...guards].map((guard) => guard()))
  return results.every(Boolean)
}

function AppShell(): JSX.Element {
  const { t } = useTranslation()
  const { notify } = useToasts()
  const hash = useSyncExternalStore(subscribeToHash, () => window.location.hash)
  const route = useMemo(() => parseRoute(hash), [hash])
  const guards = useRef(new Set<LeaveGuard>())
  const [blockedLeave, setBlockedLeave] = useState<Route | null>(null)
  const [dialog, setDialog] = useState<OpenDialog>(null)
  const [findRequest, setFindRequest] = useState(0)

  const navigate = useCallback(async (to: Route) => {
    if (await passesGuards(guards.current)) {
      // A dialog asked for on one screen (say, by the menu) must not pop up later on another.
      setDialog(null)
      go(to)
      return true
    }
    setBlockedLeave(to)
    return false
  }, [])

  const addLeaveGuard = useCallback((guard: LeaveGuard) => {
    guards.current.add(guard)
    return () => {
      guards.current.delete(guard)
    }
  }, [])

  const settle = useCallback(() => passesGuards(guards.current), [])

  const navigation = useMemo<Navigation>(
    () => ({ route, navigate, addLeaveGuard, settle }),
    [route, navigate, addLeaveGuard, settle],
  )

  const onMenuCommand = useEffectEvent(({ command, argument }: EventPayloads['menu:command']) => {
    switch (command) {
      case 'new-project':
        void navigate({ screen: 'library' }).then((arrived) => arrived && setDialog('new-project'))
        break
      case 'new-document':
        if (route.screen === 'library') {
          notify({ tone: 'info', title: t('menu.openProjectFirst') })
          break
        }
        void navigate({ screen: 'project', projectId: route.projectId }).then(
          (arrived) => arrived && setDialog('new-document'),
        )
        break
      case 'open-library':
        void navigate({ screen: 'library' })
        break
      case 'set-language':
        if (argument) void setInterfaceLanguage(argument)
        break
      case 'find':
        if (route.screen === 'document') setFindRequest((count) => count + 1)
        break
      default:
        // 'about' has no screen of its own yet.
        break
    }
  })

  const onBeforeClose = useEffectEvent(async () => {
    if (await passesGuards(guards.current)) {
      // If even this answer fails, the main process closes the window on its own timeout.
      await invoke('window:ready-to-close', {})
      return
    }
    // Without the answer the window waits for the main process's timeout; meanwhile the user sees why.
    notify({ tone: 'error', title: t('document.closeBlocked') })
  })

  useEffect(() => onEvent('menu:command', (payload) => onMenuCommand(payload)), [])
  useEffect(() => onEvent('app:before-close', () => void onBeforeClose()), [])

  let screen: JSX.Element
  switch (route.screen) {
    case 'library':
      screen = (
        <LibraryScreen
          createOpen={dialog === 'new-project'}
          onCreateOpenChange={(open) => setDialog(open ? 'new-project' : null)}
        />
      )
      break
    case 'project':
      screen = (
        <ProjectScreen
          key={route.projectId}
          projectId={route.projectId}
          createOpen={dialog === 'new-document'}
          onCreateOpenChange={(open) => setDialog(open ? 'new-document' : null)}
        />
      )
      break
    case 'document':
      // Keyed by project only: moving between its documents keeps the workspace (list, find, panels) in place.
      screen = (
        <ProjectWorkspace
          key={route.projectId}
          projectId={route.projectId}
          documentId={route.documentId}
          findRequest={findRequest}
        />
      )
      break
    case 'history':
      screen = (
        <HistoryScreen
          key={`${route.projectId}/${route.documentId ?? ''}`}
          projectId={route.projectId}
          documentId={route.documentId}
        />
      )
      break
    case 'conflicts':
      screen = <ConflictsScreen key={route.projectId} projectId={route.projectId} />
      break
  }

  return (
    <NavigationContext.Provider value={navigation}>
      <div className="app">
        <header className="app-header">
          <RouteLink to={{ screen: 'library' }} className="brand">
            <span className="brand-mark" aria-hidden="true">
              H
            </span>
            <span className="brand-name">{t('app.name')}</span>
          </RouteLink>
          <LanguageMenu />
        </header>
        <main className={route.screen === 'document' ? 'app-main app-main-workspace' : 'app-main'}>
          {screen}
        </main>
        <PackageOpener />
      </div>
      <AlertDialog.Root open={blockedLeave !== null} onOpenChange={(open) => !open && setBlockedLeave(null)}>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="dialog-overlay" />
          <AlertDialog.Content className="dialog dialog-alert">
            <header className="dialog-header">
              <AlertDialog.Title className="dialog-title">{t('leave.title')}</AlertDialog.Title>
              <AlertDialog.Description className="dialog-description">
                {t('leave.description')}
              </AlertDialog.Description>
            </header>
            <footer className="dialog-footer">
              <AlertDialog.Cancel asChild>
                <button type="button" className="button button-primary">
                  {t('leave.stay')}
                </button>
              </AlertDialog.Cancel>
              <AlertDialog.Action asChild>
                <button
                  type="button"
                  className="button button-danger"
                  onClick={() => {
                    if (blockedLeave) go(blockedLeave)
                  }}
                >
                  {t('leave.leave')}
                </button>
              </AlertDialog.Action>
            </footer>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    </NavigationContext.Provider>
  )
}
