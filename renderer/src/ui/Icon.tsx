import type { JSX } from 'react'

/** Stroke icons drawn on a 24-unit grid; always decorative, the control around them carries the name. */
const PATHS = {
  plus: 'M12 5v14M5 12h14',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  back: 'M15 18l-6-6 6-6',
  chevron: 'M9 6l6 6-6 6',
  globe:
    'M12 3a9 9 0 100 18 9 9 0 000-18zM3.5 9h17M3.5 15h17M12 3c2.5 2.6 3.5 5.6 3.5 9s-1 6.4-3.5 9c-2.5-2.6-3.5-5.6-3.5-9s1-6.4 3.5-9z',
  warning: 'M12 4l9 16H3L12 4zM12 10v4M12 17.5h.01',
  lock: 'M7 11V8a5 5 0 0110 0v3M6 11h12v9H6z',
  document: 'M7 3h7l4 4v14H7zM14 3v4h4M9.5 12h6M9.5 15.5h6',
  folder: 'M3 7a2 2 0 012-2h4l2 2h8a2 2 0 012 2v8a2 2 0 01-2 2H5a2 2 0 01-2-2z',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  close: 'M6 6l12 12M18 6L6 18',
  undo: 'M9 14L4 9l5-5M4 9h10a6 6 0 010 12h-3',
  redo: 'M15 14l5-5-5-5M20 9H10a6 6 0 000 12h3',
  listBullet: 'M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01',
  listNumber: 'M10 6h10M10 12h10M10 18h10M4 5l1.5-1v5M3.5 14.5a1.5 1.5 0 113 .5L4 19h2.5',
  link: 'M10 14a4.5 4.5 0 006.4 0l3-3a4.5 4.5 0 00-6.4-6.4l-1 1M14 10a4.5 4.5 0 00-6.4 0l-3 3a4.5 4.5 0 006.4 6.4l1-1',
  heading: 'M6 5v14M16 5v14M6 12h10',
  spinner: 'M12 3a9 9 0 109 9',
  restore: 'M4 12a8 8 0 108-8 8.5 8.5 0 00-6 2.5L4 8M4 4v4h4',
  template: 'M5 4h14v16H5zM5 9h14M10 9v11',
  import: 'M12 3v11M7.5 9.5L12 14l4.5-4.5M5 17v2.5h14V17',
  book: 'M5 4.5A1.5 1.5 0 016.5 3H19v15H6.5A1.5 1.5 0 005 19.5zM5 19.5A1.5 1.5 0 006.5 21H19v-3',
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 2.5-2.5L20 17M15.5 9.5h.01',
  checklist: 'M10 6.5h10M10 12h10M10 17.5h10M4 6.5l1.5 1.5L8 5.5M4 12l1.5 1.5L8 11M4 17.5l1.5 1.5L8 16.5',
} as const

export type IconName = keyof typeof PATHS

/** Dots are drawn as zero-length strokes, so they need a heavier pen to read as dots. */
const STROKE_WIDTH: Partial<Record<IconName, string>> = { more: '3' }

export function Icon({ name, className }: { name: IconName; className?: string }): JSX.Element {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={STROKE_WIDTH[name] ?? '1.8'}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  )
}
