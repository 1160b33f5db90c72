import { useEffect, useEffectEvent, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { EventPayloads, MergeSummary, PackageFile } from '../../../core/api/contract'
import { asApiError, call, onEvent } from '../api/client'
import type { ProjectView } from '../api/types'
import { useNavigation } from '../app/navigation'
import { useToasts } from '../ui/Toasts'
import { PackageSummaryDialog } from './PackageSummaryDialog'
import { isPackageName, received, type ReceivedPackage } from './received-packages'
import { useSavePackage } from './save-package'
import './exchange.css'

/**
 * Every way a package reaches the app — File ▸ Open…, a file dropped on the window, a double-click in the file
 * manager — ends in the same summary, one package at a time. Also answers File ▸ Save a Copy… and Send to
 * Partner… for the project on screen.
 */
export function PackageOpener(): JSX.Element | null {
  const { t } = useTranslation()
  const { route, navigate } = useNavigation()
  const { notify, notifyError } = useToasts()
  const save = useSavePackage()
  const [waiting, setWaiting] = useState<ReceivedPackage[]>([])

  const enqueue = (files: readonly PackageFile[]) => {
    if (files.length > 0) setWaiting((current) => [...current, ...files.map(received)])
  }

  const chooseFile = async () => {
    try {
      const file = await call('files:open-package', {})
      if (file) enqueue([file])
    } catch (error) {
      notifyError(t('exchange.openFailed'), asApiError(error))
    }
  }

  const takeOpened = useEffectEvent(() => {
    call('files:take-opened', {}).then(enqueue, (error: unknown) =>
      notifyError(t('exchange.openFailed'), asApiError(error)),
    )
  })

  const onMenuCommand = useEffectEvent(({ command }: EventPayloads['menu:command']) => {
    if (command === 'open-package') void chooseFile()
    if (command !== 'save-copy' && command !== 'send-to-partner') return
    if (route.screen === 'library') {
      notify({ tone: 'info', title: t('exchange.openProjectFirst') })
      return
    }
    void save(route.projectId, command === 'send-to-partner' ? 'send' : 'copy')
  })

  const onDrop = useEffectEvent(async (event: DragEvent) => {
    // A drop an editor already took (an image into a rich-text field) is not ours.
    if (event.defaultPrevented || !hasFiles(event)) return
    // Otherwise the browser would navigate to the dropped file.
    event.preventDefault()
    // Several packages dropped at once (a coordinator's inbox) are summarised one after the other.
    for (const file of event.dataTransfer?.files ?? []) {
      if (!isPackageName(file.name)) {
        notify({ tone: 'error', title: t('exchange.notPackage', { file: file.name }) })
        continue
      }
      try {
        enqueue([{ fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }])
      } catch {
        enqueue([{ fileName: file.name, problem: t('exchange.dropUnreadable') }])
      }
    }
  })

  useEffect(() => onEvent('menu:command', (payload) => onMenuCommand(payload)), [])
  useEffect(() => {
    // What was double-clicked before the page existed is already waiting; later ones are announced.
    takeOpened()
    return onEvent('files:package-waiting', () => takeOpened())
  }, [])
  useEffect(() => {
    const allowDrop = (event: DragEvent) => {
      if (!event.defaultPrevented && hasFiles(event)) event.preventDefault()
    }
    const drop = (event: DragEvent) => void onDrop(event)
    window.addEventListener('dragover', allowDrop)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragover', allowDrop)
      window.removeEventListener('drop', drop)
    }
  }, [])

  const current = waiting[0]
  if (!current) return null

  const done = () => setWaiting((queue) => queue.filter((entry) => entry.key !== current.key))
  const opened = (view: ProjectView) => {
    done()
    notify({ tone: 'success', title: t('exchange.opened', { title: view.project.title }) })
    navigate({ screen: 'project', projectId: view.project.id })
  }

  const merged = (summary: MergeSummary, title: string) => {
    done()
    const conflicts = summary.conflicts.length
    if (conflicts > 0) {
      notify({ tone: 'info', title: t('exchange.merge.conflicts', { count: conflicts }) })
      navigate({ screen: 'conflicts', projectId: summary.projectId })
      return
    }
    notify({
      tone: 'success',
      title: t(summary.outcome === 'up-to-date' ? 'exchange.merge.upToDate' : 'exchange.merge.done', {
        title,
      }),
    })
    navigate({ screen: 'project', projectId: summary.projectId })
  }

  return (
    <PackageSummaryDialog
      key={current.key}
      file={current}
      onClose={done}
      onOpened={opened}
      onMerged={merged}
    />
  )
}

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false
}
