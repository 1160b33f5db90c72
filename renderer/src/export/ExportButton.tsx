import { useEffect, useEffectEvent, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { EventPayloads } from '../../../core/api/contract'
import { onEvent } from '../api/client'
import { useNavigation } from '../app/navigation'
import type { DocumentSummary } from '../api/types'
import type { ExportSettings } from '../../../core/model/project'
import { ExportDialog } from './ExportDialog'

/**
 * The way to the Export dialog from the project and document screens; File ▸ Export… opens the same dialog on
 * whichever of the two is showing. Damaged documents cannot be read, so they are not offered.
 */
export function ExportButton({
  projectId,
  documents,
  documentId,
  settings,
}: {
  projectId: string
  documents: readonly DocumentSummary[]
  documentId?: string
  settings?: ExportSettings | undefined
}): JSX.Element | null {
  const { t } = useTranslation()
  const { settle } = useNavigation()
  const [open, setOpen] = useState(false)
  const readable = documents.filter((document) => !document.damage)

  const openDialog = async () => {
    // Every edit is saved first, also those of documents just left, so the export shows what is on screen. A failed
    // save is reported where it happened (the editor's status, a toast); the export then shows the last saved text.
    await settle()
    setOpen(true)
  }

  const onMenuCommand = useEffectEvent(({ command }: EventPayloads['menu:command']) => {
    if (command === 'export' && readable.length > 0) void openDialog()
  })
  useEffect(() => onEvent('menu:command', (payload) => onMenuCommand(payload)), [])

  if (readable.length === 0) return null
  return (
    <>
      <button type="button" className="button" onClick={() => void openDialog()}>
        {t('export.open')}
      </button>
      <ExportDialog
        // A dialog opened on another document starts over with that document chosen.
        key={documentId}
        open={open}
        onOpenChange={setOpen}
        projectId={projectId}
        documents={readable}
        {...(documentId ? { documentId } : {})}
        {...(settings ? { settings } : {})}
      />
    </>
  )
}
