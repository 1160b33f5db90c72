import { memo, useEffect, useRef, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { PDFDocumentProxy } from 'pdfjs-dist'

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const
/** A4 at 0.75 fits the dialog's preview column beside the form. */
const DEFAULT_ZOOM_INDEX = 1

/**
 * The pages of a PDF the app has just made, painted with pdf.js in a scrolling column. Pages are painted as they
 * scroll into view, so a 200-page deliverable opens as fast as a short case study and the window stays fluid.
 */
// Memoised: the dialog re-renders on every progress event of an export, and the pages need not follow.
export const PdfPreview = memo(function PdfPreview({ bytes }: { bytes: Uint8Array }): JSX.Element {
  const { t } = useTranslation()
  // Kept with the bytes it was opened from, so new bytes show "loading" at once, without a reset in the effect.
  const [opened, setOpened] = useState<{ bytes: Uint8Array; pdf?: PDFDocumentProxy; failed?: true } | null>(
    null,
  )
  const [zoomIndex, setZoomIndex] = useState(DEFAULT_ZOOM_INDEX)
  const zoom = ZOOMS[zoomIndex] ?? 1

  useEffect(() => {
    let live = true
    let close: (() => Promise<void>) | undefined
    // pdf.js is loaded only when a preview is first shown: it is large and most sessions never export.
    import('./pdf-pages')
      .then(async ({ openPdf }) => {
        const task = openPdf(bytes)
        close = task.close
        const pdf = await task.document
        if (live) setOpened({ bytes, pdf })
      })
      .catch(() => {
        if (live) setOpened({ bytes, failed: true })
      })
    return () => {
      live = false
      void close?.()
    }
  }, [bytes])

  const current = opened?.bytes === bytes ? opened : null
  const pdf = current?.pdf
  const failed = current?.failed === true
  if (failed) return <p className="export-preview-message">{t('export.previewFailed')}</p>
  if (!pdf) return <p className="export-preview-message">{t('export.previewLoading')}</p>

  return (
    <div className="export-preview-pages">
      <div className="export-preview-toolbar">
        <span className="export-page-count" aria-live="polite">
          {t('export.pageCount', { count: pdf.numPages })}
        </span>
        <div className="export-zoom" role="group" aria-label={t('export.zoom')}>
          <button
            type="button"
            className="button button-quiet button-small"
            aria-label={t('export.zoomOut')}
            disabled={zoomIndex === 0}
            onClick={() => setZoomIndex((index) => Math.max(0, index - 1))}
          >
            −
          </button>
          <span className="export-zoom-value">{Math.round(zoom * 100)} %</span>
          <button
            type="button"
            className="button button-quiet button-small"
            aria-label={t('export.zoomIn')}
            disabled={zoomIndex === ZOOMS.length - 1}
            onClick={() => setZoomIndex((index) => Math.min(ZOOMS.length - 1, index + 1))}
          >
            +
          </button>
        </div>
      </div>
      <ol className="export-page-list" aria-label={t('export.pages')}>
        {Array.from({ length: pdf.numPages }, (_, index) => (
          <PreviewPage key={index + 1} pdf={pdf} pageNumber={index + 1} zoom={zoom} />
        ))}
      </ol>
    </div>
  )
})

function PreviewPage({
  pdf,
  pageNumber,
  zoom,
}: {
  pdf: PDFDocumentProxy
  pageNumber: number
  zoom: number
}): JSX.Element {
  const { t } = useTranslation()
  const item = useRef<HTMLLIElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const [visible, setVisible] = useState(false)
  const [painted, setPainted] = useState(false)

  useEffect(() => {
    const element = item.current
    if (!element) return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setVisible(true)
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    const target = canvas.current
    if (!visible || !target) return
    let live = true
    setPainted(false)
    import('./pdf-pages')
      .then(({ paintPage }) => paintPage(pdf, pageNumber, target, zoom))
      .then(() => {
        if (live) setPainted(true)
      })
      // A page that cannot be painted stays a blank sheet; the others still show.
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [visible, pdf, pageNumber, zoom])

  return (
    <li
      ref={item}
      className="export-page"
      data-painted={painted || undefined}
      // Until it is painted, an unseen page keeps an A4 sheet's place so the scroll bar is right at once.
      style={
        painted
          ? undefined
          : { minHeight: `${Math.round(842 * zoom)}px`, minWidth: `${Math.round(595 * zoom)}px` }
      }
    >
      <canvas
        ref={canvas}
        role="img"
        aria-label={t('export.pageLabel', { page: pageNumber, count: pdf.numPages })}
      />
    </li>
  )
}
