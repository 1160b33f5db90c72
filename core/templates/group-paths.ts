import type { GroupItem } from './field-values'
import type { GroupField, Template, TemplateField } from './template-schema'
import { resolveGroupPath, topLevelFields } from './template-walk'

/**
 * The items a group path names in one document, nested groups flattened in reading order: `areas.competences`
 * is every competence of every area. Matrices, references and the domain checks all see items this way.
 * Reading is tolerant: a malformed item is skipped here (validation reports it), never thrown on.
 */

export interface ItemRef {
  id: string
  title: string
}

export interface ResolvedItem extends ItemRef {
  /** 1-based position at each level: `[2, 3]` is the third competence of the second area. */
  position: number[]
  /** The enclosing items, outermost first. */
  parents: ItemRef[]
  values: Record<string, unknown>
  group: GroupField
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The well-formed items of a stored group value. */
export function itemsOf(value: unknown): GroupItem[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (item): item is GroupItem => isRecord(item) && typeof item.id === 'string' && isRecord(item.values),
  )
}

/** The item's title: its `itemTitle` member, trimmed; '' when the group has none or it is empty. */
export function titleOf(group: GroupField, item: GroupItem): string {
  if (group.itemTitle === undefined) return ''
  const title = item.values[group.itemTitle]
  return typeof title === 'string' ? title.trim() : ''
}

export function groupItemsAt(
  template: Template,
  fields: Readonly<Record<string, unknown>>,
  path: string,
): ResolvedItem[] {
  const resolved = resolveGroupPath(template, path)
  if (!resolved.ok) return []
  const [outermost, ...inner] = resolved.chain
  const out: ResolvedItem[] = []
  const walk = (
    group: GroupField,
    value: unknown,
    rest: readonly GroupField[],
    position: number[],
    parents: ItemRef[],
  ) => {
    itemsOf(value).forEach((item, index) => {
      const here = { id: item.id, title: titleOf(group, item) }
      const next = rest[0]
      if (next) walk(next, item.values[next.id], rest.slice(1), [...position, index + 1], [...parents, here])
      else out.push({ ...here, position: [...position, index + 1], parents, values: item.values, group })
    })
  }
  walk(outermost!, Object.hasOwn(fields, outermost!.id) ? fields[outermost!.id] : undefined, inner, [], [])
  return out
}

/** One enclosing group item of a value: which group, which item, and where it stands. */
export interface ItemContext {
  group: GroupField
  item: GroupItem
  /** 0-based position among its siblings. */
  index: number
}

/** ` in “Modules” item 2 (“Mapping”)`, innermost item first; '' at the top level. For English messages. */
export function locationText(chain: readonly ItemContext[]): string {
  return [...chain]
    .reverse()
    .map(({ group, item, index }) => {
      const title = titleOf(group, item)
      return ` in “${group.label.en}” item ${index + 1}${title ? ` (“${title}”)` : ''}`
    })
    .join('')
}

/**
 * Visits every value of a document the template knows, group members included, with its path of field and
 * item ids (`['modules', '<itemId>', 'credits']`) and the items around it. Absent values are visited as undefined.
 */
export function eachValue(
  template: Template,
  fields: Readonly<Record<string, unknown>>,
  visit: (field: TemplateField, value: unknown, path: string[], chain: readonly ItemContext[]) => void,
): void {
  const walk = (field: TemplateField, value: unknown, path: string[], chain: readonly ItemContext[]) => {
    visit(field, value, path, chain)
    if (field.type !== 'group') return
    itemsOf(value).forEach((item, index) => {
      const inner = [...chain, { group: field, item, index }]
      for (const member of field.fields)
        walk(
          member,
          Object.hasOwn(item.values, member.id) ? item.values[member.id] : undefined,
          [...path, item.id, member.id],
          inner,
        )
    })
  }
  for (const { field } of topLevelFields(template))
    walk(field, Object.hasOwn(fields, field.id) ? fields[field.id] : undefined, [field.id], [])
}
