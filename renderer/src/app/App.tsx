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
import { backgroundSaves, type UnsavedDocument } from '../document/background-saves'
import { NavigationContext, RouteLink, type Navigation, type UnsavedWork } from './navigation'
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

async function saveScreen(works: Iterable<UnsavedWork>): Promise<boolean> {
  const results = await Promise.all([...works].map((work) => work()))
  return results.every(Boolean)
}

function AppShell(): JSX.Element {
  const { t } = useTranslation()
  const { notify } = useToasts()
  const hash = useSyncExternalStore(subscribeToHash, () => window.location.hash)
  const route = useMemo(() => parseRoute(hash), [hash])
  const unsavedWork = useRef(new Set<UnsavedWork>())
  const [dialog, setDialog] = useState<OpenDialog>(null)
  const [findRequest, setFindRequest] = useState(0)

  const navigate = useCallback((to: Route) => {
    // A dialog asked for on one screen (say, by the menu) must not pop up later on another.
    setDialog(null)
    go(to)
  }, [])

  const addUnsavedWork = useCallback((work: UnsavedWork) => {
    unsavedWork.current.add(work)
    return () => {
      unsavedWork.current.delete(work)
    }
  }, [])

  const settle = useCallback(async () => {
    const [saved] = await Promise.all([saveScreen(unsavedWork.current), backgroundSaves.whenIdle()])
    return saved
  }, [])

  const navigation = useMemo<Navigation>(
    () => ({ route, navigate, addUnsavedWork, settle }),
    [route, navigate, addUnsavedWork, settle],
  )

  // A document left behind whose save failed is no longer on screen: a toast says so and leads back to it, where
  // the editor starts from what could not be saved.
  const reportUnsaved = useEffectEvent(({ ref, content, error }: UnsavedDocument) => {
    notify({
      tone: 'error',
      title: t('document.background.failed', { title: content.title }),
      description: `${t(`errors.${error.code}`)} ${t('document.background.kept')}`,
      detail: t('errors.detail', { code: error.code, message: error.message }),
      action: {
        label: t('document.background.open'),
        altText: t('document.background.openAlt', { title: content.title }),
        onAction: () => navigate({ screen: 'document', ...ref }),
      },
    })
  })
  useEffect(() => backgroundSaves.onFailure((unsaved) => reportUnsaved(unsaved)), [])

  const onMenuCommand = useEffectEvent(({ command, argument }: EventPayloads['menu:command']) => {
    switch (command) {
      case 'new-project':
        navigate({ screen: 'library' })
        setDialog('new-project')
        break
      case 'new-document':
        if (route.screen === 'library') {
          notify({ tone: 'info', title: t('menu.openProjectFirst') })
          break
        }
        navigate({ screen: 'project', projectId: route.projectId })
        setDialog('new-document')
        break
      case 'open-library':
        navigate({ screen: 'library' })
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
    const screenSaved = await saveScreen(unsavedWork.current)
    const stillUnsaved = await backgroundSaves.saveAll()
    if (screenSaved && stillUnsaved.length === 0) {
      // If even this answer fails, the main process closes the window on its own timeout.
      await invoke('window:ready-to-close', {})
      return
    }
    // Without the answer the main process asks whether to close anyway; meanwhile the user sees why, and where.
    if (!screenSaved) notify({ tone: 'error', title: t('document.closeBlocked') })
    for (const unsaved of stillUnsaved) reportUnsaved(unsaved)
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
    </NavigationContext.Provider>
  )
}
