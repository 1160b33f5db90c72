import { createContext, useContext } from 'react'
import type { TemplateField } from '../../../core/templates/template-schema'

/**
 * How the parts of the workspace find a field on the page. The editor, the outline, find, comments and the
 * guidance panel all name a field by its path: the ids from the document's top level down, joined by "/" —
 * `summary`, or `practices/<itemId>/title` for a member of a group item, or `budget/<rowId>/<columnId>` for a
 * table cell. Comments are stored against these paths, so they must stay stable: item ids never change.
 */
export type FieldPath = string

export function fieldPath(...segments: readonly string[]): FieldPath {
  return segments.join('/')
}

export function parentPath(path: FieldPath): FieldPath | undefined {
  const cut = path.lastIndexOf('/')
  return cut < 0 ? undefined : path.slice(0, cut)
}

/** The id of the element that wraps a field's editor (its label, input and word count). */
export function fieldAnchorId(path: FieldPath): string {
  return `${ANCHOR_PREFIX}${path.replaceAll('/', '--')}`
}

const ANCHOR_PREFIX = 'field-'

/** The path back from a wrapper's id; undefined for an id that is not a field anchor. */
export function fieldPathOfAnchor(id: string): FieldPath | undefined {
  return id.startsWith(ANCHOR_PREFIX) ? id.slice(ANCHOR_PREFIX.length).replaceAll('--', '/') : undefined
}

/** The id of a section's heading; the outline scrolls to it. */
export function sectionAnchorId(sectionId: string): string {
  return `section-${sectionId}`
}

/**
 * Scrolls a field into view and puts the caret in it: the first focusable element inside its wrapper (an input,
 * a picker's button or a rich-text editor). Returns false when the field is not on the page.
 */
export function revealField(path: FieldPath): boolean {
  const wrapper = document.getElementById(fieldAnchorId(path))
  if (!wrapper) return false
  revealElement(wrapper)
  return true
}

/** `revealField` for an element found otherwise (a free-text document's body has no field wrapper). */
export function revealElement(wrapper: HTMLElement): void {
  wrapper.scrollIntoView({ block: 'center' })
  const target =
    wrapper.querySelector<HTMLElement>('[contenteditable="true"], input, textarea, select, button') ?? wrapper
  target.focus({ preventScroll: true })
}

/** The field the author is in, for the guidance panel and for "Comment on this field". */
export interface FocusedField {
  path: FieldPath
  field: TemplateField
}

/**
 * The workspace provides one stable value for the whole document: `focused` is read when needed, never rendered
 * from, so that moving the caret re-renders the guidance panel and not every field editor on the page.
 */
export interface FieldFocus {
  focused: FocusedField | null
  /** Editors call this when one of their inputs gains focus. */
  report(focused: FocusedField): void
}

export const FieldFocusContext = createContext<FieldFocus>({ focused: null, report: () => undefined })

export function useFieldFocus(): FieldFocus {
  return useContext(FieldFocusContext)
}
