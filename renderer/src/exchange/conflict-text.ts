import type { MergeConflict } from '../../../core/api/contract'
import type { SerializedNode } from '../../../core/model/rich-text'
import { anyValueText } from '../outline/value-text'

/** A side as readable text: paragraphs of a rich-text conflict, or the value itself. */
export function conflictValueText(conflict: MergeConflict, value: unknown): string {
  if (value === undefined) return ''
  if (conflict.kind === 'paragraphs' && Array.isArray(value))
    return (value as SerializedNode[]).map(blockText).join('\n\n')
  if (
    conflict.kind === 'deleted-vs-edited' &&
    typeof value === 'object' &&
    value !== null &&
    'title' in value
  )
    return String((value as { title: unknown }).title)
  return anyValueText(value)
}

function blockText(node: SerializedNode): string {
  if (node.type === 'text' && typeof node.text === 'string') return node.text
  if (node.type === 'linebreak') return '\n'
  return (node.children ?? []).map(blockText).join('')
}
