import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext'
import { $insertNodeToNearestRoot, mergeRegister } from '@lexical/utils'
import {
  $getRoot,
  $getSelection,
  $isRangeSelection,
  COMMAND_PRIORITY_HIGH,
  DRAGOVER_COMMAND,
  DROP_COMMAND,
  PASTE_COMMAND,
  createCommand,
  type LexicalCommand,
  type LexicalEditor,
} from 'lexical'
import { asApiError } from '../../api/client'
import { useToasts } from '../../ui/Toasts'
import { addImageAsset, useRichTextProject } from '../assets'
import { $createImageNode, type ImageAttributes } from '../nodes/ImageNode'

export const INSERT_IMAGE_COMMAND: LexicalCommand<ImageAttributes> = createCommand('INSERT_IMAGE_COMMAND')

function imageFilesOf(data: DataTransfer | null): File[] {
  return Array.from(data?.files ?? []).filter((file) => file.type.startsWith('image/'))
}

/** Stores each picture as an asset, then places it where the caret is (or at the end if the field has none). */
export async function insertImageFiles(
  editor: LexicalEditor,
  projectId: string,
  files: readonly File[],
): Promise<void> {
  for (const file of files) {
    const asset = await addImageAsset(projectId, file)
    editor.dispatchCommand(INSERT_IMAGE_COMMAND, {
      assetId: asset.assetId,
      alt: '',
      caption: '',
      credit: '',
    })
  }
}

/** Inserting images, and pictures pasted or dropped as files (a web page's remote <img> is never fetched). */
export function ImagePlugin(): null {
  const [editor] = useLexicalComposerContext()
  const projectId = useRichTextProject()
  const { t } = useTranslation()
  const { notifyError } = useToasts()

  useEffect(() => {
    const upload = (files: File[]) => {
      if (projectId === null) return
      insertImageFiles(editor, projectId, files).catch((error: unknown) =>
        notifyError(t('richtext.image.addFailed'), asApiError(error)),
      )
    }
    return mergeRegister(
      editor.registerCommand(
        INSERT_IMAGE_COMMAND,
        (attributes) => {
          const selection = $getSelection()
          const image = $createImageNode(attributes)
          if ($isRangeSelection(selection)) $insertNodeToNearestRoot(image)
          else $getRoot().append(image)
          return true
        },
        COMMAND_PRIORITY_HIGH,
      ),
      editor.registerCommand(
        PASTE_COMMAND,
        (event) => {
          const files = imageFilesOf('clipboardData' in event ? event.clipboardData : null)
          if (files.length === 0) return false
          event.preventDefault()
          upload(files)
          return true
        },
        COMMAND_PRIORITY_HIGH,
      ),
      editor.registerCommand(
        DRAGOVER_COMMAND,
        (event) => {
          if (imageFilesOf(event.dataTransfer).length === 0 && !event.dataTransfer?.types.includes('Files'))
            return false
          event.preventDefault()
          return true
        },
        COMMAND_PRIORITY_HIGH,
      ),
      editor.registerCommand(
        DROP_COMMAND,
        (event) => {
          const files = imageFilesOf(event.dataTransfer)
          if (files.length === 0) return false
          event.preventDefault()
          upload(files)
          return true
        },
        COMMAND_PRIORITY_HIGH,
      ),
    )
  }, [editor, projectId, notifyError, t])
  return null
}
