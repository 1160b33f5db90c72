import { memo, useEffect, useState, type ClipboardEvent, type DragEvent, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { ImageValue } from '../../../core/templates/field-values'
import { invoke } from '../api/client'
import { Icon } from '../ui/Icon'
import type { Update } from './field-store'
import type { FieldIds } from './FieldFrame'
import { useFields } from './fields-context'

/** What PDF and DOCX embed as they are; any other image the browser can draw is converted to PNG first. */
const STORED_TYPES = new Set(['image/png', 'image/jpeg'])

function imageOf(value: unknown): ImageValue | null {
  return value !== null && typeof value === 'object' && typeof (value as ImageValue).assetId === 'string'
    ? (value as ImageValue)
    : null
}

/** The file's bytes as PNG or JPEG, drawing other formats (WebP, GIF, BMP, SVG…) onto a canvas. */
export async function storableBytes(file: Blob): Promise<Uint8Array> {
  if (STORED_TYPES.has(file.type)) return new Uint8Array(await file.arrayBuffer())
  const bitmap = await createImageBitmap(file)
  const canvas = document.createElement('canvas')
  canvas.width = bitmap.width
  canvas.height = bitmap.height
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0)
  bitmap.close()
  const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  if (!png) throw new Error('The image could not be converted to PNG.')
  return new Uint8Array(await png.arrayBuffer())
}

/** A project asset as a blob: URL for an <img>, released when the image is no longer shown. */
function useAssetUrl(projectId: string, assetId: string | undefined): { url?: string; failed: boolean } {
  const [state, setState] = useState<{ assetId?: string; url?: string; failed: boolean }>({ failed: false })
  useEffect(() => {
    if (assetId === undefined) return
    let current = true
    let url: string | undefined
    void invoke('assets:get', { projectId, assetId }).then((result) => {
      if (!current) return
      if (!result.ok) {
        setState({ assetId, failed: true })
        return
      }
      url = URL.createObjectURL(
        new Blob([result.data.bytes as Uint8Array<ArrayBuffer>], { type: result.data.mediaType }),
      )
      setState({ assetId, url, failed: false })
    })
    return () => {
      current = false
      if (url) URL.revokeObjectURL(url)
    }
  }, [projectId, assetId])
  return state.assetId === assetId
    ? { ...(state.url ? { url: state.url } : {}), failed: state.failed }
    : { failed: false }
}

/**
 * An image field: chosen with the file picker, pasted or dropped; stored once in the project's assets and
 * referred to by its id (never as base64 inside the document), with a caption, alternative text and credit.
 */
export const ImageEditor = memo(function ImageEditor({
  value,
  update,
  ids,
}: {
  value: unknown
  update: Update<unknown>
  ids: FieldIds
}): JSX.Element {
  const { t } = useTranslation()
  const { projectId, lang, readOnly } = useFields()
  const image = imageOf(value)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [dragging, setDragging] = useState(false)
  const shown = useAssetUrl(projectId, image?.assetId)

  const insert = async (file: Blob | undefined) => {
    if (!file || readOnly) return
    if (!file.type.startsWith('image/')) {
      setError(t('fields.image.notImage'))
      return
    }
    setBusy(true)
    setError('')
    try {
      const bytes = await storableBytes(file)
      const added = await invoke('assets:add', { projectId, bytes })
      if (!added.ok) {
        setError(added.error.message)
        return
      }
      update((previous) => {
        const old = imageOf(previous)
        return {
          assetId: added.data.assetId,
          caption: old?.caption ?? '',
          alt: old?.alt ?? '',
          credit: old?.credit ?? '',
        }
      })
    } catch {
      setError(t('fields.image.unreadable'))
    } finally {
      setBusy(false)
    }
  }

  const onDrop = (event: DragEvent) => {
    const file = event.dataTransfer.files[0]
    if (!file) return
    event.preventDefault()
    setDragging(false)
    void insert(file)
  }
  const onPaste = (event: ClipboardEvent) => {
    const file = [...event.clipboardData.files].find((candidate) => candidate.type.startsWith('image/'))
    if (!file) return
    event.preventDefault()
    void insert(file)
  }
  const setText = (part: 'caption' | 'alt' | 'credit', text: string) =>
    update((previous) => {
      const old = imageOf(previous)
      return old ? { ...old, [part]: text } : previous
    })

  const textInput = (part: 'caption' | 'alt' | 'credit') => (
    <div className="image-part">
      <label htmlFor={`${ids.inputId}-${part}`} className="source-label">
        {t(`fields.image.${part}`)}
      </label>
      <input
        id={`${ids.inputId}-${part}`}
        type="text"
        className="text-input"
        lang={lang}
        value={image?.[part] ?? ''}
        readOnly={readOnly}
        autoComplete="off"
        onChange={(event) => setText(part, event.target.value)}
      />
    </div>
  )

  return (
    <div className="image-field" role="group" aria-labelledby={ids.labelId}>
      <div
        className="image-drop"
        data-dragging={dragging || undefined}
        data-empty={!image || undefined}
        onDragOver={(event) => {
          if (readOnly || !event.dataTransfer.types.includes('Files')) return
          event.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        onPaste={onPaste}
      >
        {image ? (
          shown.url ? (
            <img className="image-preview" src={shown.url} alt={image.alt} />
          ) : (
            <p className="field-hint">
              {shown.failed ? t('fields.image.missing') : t('fields.image.loading')}
            </p>
          )
        ) : (
          <p className="image-drop-text">
            <Icon name="image" />
            {t('fields.image.dropHere')}
          </p>
        )}
        {!readOnly && (
          <div className="image-actions">
            {/* The file input itself takes the focus (Enter or Space opens the file picker); its label looks like a button. */}
            <input
              id={ids.inputId}
              type="file"
              accept="image/*"
              className="visually-hidden image-file-input"
              disabled={busy}
              onChange={(event) => {
                void insert(event.target.files?.[0])
                event.target.value = ''
              }}
            />
            <label
              htmlFor={ids.inputId}
              className="button button-small image-file-label"
              data-busy={busy || undefined}
            >
              {busy ? t('fields.image.adding') : image ? t('fields.image.replace') : t('fields.image.choose')}
            </label>
            {image && (
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => update(() => null)}
              >
                {t('fields.image.remove')}
              </button>
            )}
          </div>
        )}
      </div>
      <p className="field-error" role="alert">
        {error}
      </p>
      {image && (
        <div className="image-texts">
          {textInput('caption')}
          {textInput('alt')}
          {textInput('credit')}
        </div>
      )}
    </div>
  )
})
