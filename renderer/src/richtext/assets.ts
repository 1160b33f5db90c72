import { createContext, useContext, useEffect, useState } from 'react'
import type { AssetInfo } from '../../../core/api/contract'
import { call } from '../api/client'

/** The project whose assets an editor's images are: decorators render outside the field's own props. */
export const RichTextProjectContext = createContext<string | null>(null)

export function useRichTextProject(): string | null {
  return useContext(RichTextProjectContext)
}

// One blob: URL per asset for the page's lifetime: the same image shown in several fields, or re-rendered while
// typing, is read from disk once. Assets never change (they are named by their hash), so nothing goes stale.
const urls = new Map<string, Promise<string>>()

function assetUrl(projectId: string, assetId: string): Promise<string> {
  const key = `${projectId}/${assetId}`
  let url = urls.get(key)
  if (!url) {
    url = call('assets:get', { projectId, assetId }).then((asset) =>
      URL.createObjectURL(new Blob([asset.bytes as Uint8Array<ArrayBuffer>], { type: asset.mediaType })),
    )
    // A failed read may succeed later (the disk was busy): do not remember the failure.
    url.catch(() => urls.delete(key))
    urls.set(key, url)
  }
  return url
}

export type AssetUrlState = { kind: 'loading' } | { kind: 'ready'; url: string } | { kind: 'failed' }

export function useAssetUrl(projectId: string | null, assetId: string): AssetUrlState {
  const [loaded, setLoaded] = useState<{ assetId: string; state: AssetUrlState } | null>(null)
  useEffect(() => {
    if (projectId === null) return
    let live = true
    assetUrl(projectId, assetId).then(
      (url) => live && setLoaded({ assetId, state: { kind: 'ready', url } }),
      () => live && setLoaded({ assetId, state: { kind: 'failed' } }),
    )
    return () => {
      live = false
    }
  }, [projectId, assetId])
  // Outside a project (no context) there is nowhere to read the picture from.
  if (projectId === null) return { kind: 'failed' }
  return loaded?.assetId === assetId ? loaded.state : { kind: 'loading' }
}

const STORED_TYPES = new Set(['image/png', 'image/jpeg'])

/**
 * PDF and DOCX embed PNG and JPEG only, so any other picture (GIF, WebP, BMP, SVG) is drawn once onto a canvas
 * and stored as PNG. An SVG drawn through an <img> runs none of its scripts.
 */
async function storableBytes(file: Blob): Promise<Uint8Array> {
  if (STORED_TYPES.has(file.type)) return new Uint8Array(await file.arrayBuffer())
  const source = URL.createObjectURL(file)
  try {
    const image = new Image()
    image.src = source
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = image.naturalWidth || 1
    canvas.height = image.naturalHeight || 1
    canvas.getContext('2d')?.drawImage(image, 0, 0)
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
    if (!png) throw new Error('This picture could not be converted to PNG.')
    return new Uint8Array(await png.arrayBuffer())
  } finally {
    URL.revokeObjectURL(source)
  }
}

/** Stores a picture the user chose, pasted or dropped as an asset of the project. */
export async function addImageAsset(projectId: string, file: Blob): Promise<AssetInfo> {
  return call('assets:add', { projectId, bytes: await storableBytes(file) })
}
