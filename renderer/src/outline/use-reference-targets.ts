import { useEffect, useMemo, useState } from 'react'
import { referencesIn } from '../../../core/templates/consistency'
import { groupItemsAt } from '../../../core/templates/group-paths'
import type { Template } from '../../../core/templates/template-schema'
import { call } from '../api/client'
import { templateDetails } from '../api/template-details'

export interface TargetItem {
  title: string
  /** 1-based position at each level, for items without a title: "2.3". */
  position: number[]
}

/** Items of other documents that this document's references name, by document id and then item id. */
export type TargetItems = ReadonlyMap<string, ReadonlyMap<string, TargetItem>>

/**
 * A reference to an item ("module 2 develops competence C3") stores ids; to show the competence's name the
 * outline reads the target documents once, with their templates, and looks the items up. Documents that
 * cannot be read are left out: the reference then says only which document it points to.
 */
export function useReferenceTargets(
  projectId: string,
  template: Template | undefined,
  fields: Readonly<Record<string, unknown>>,
): TargetItems {
  const wanted = useMemo(() => {
    const byDocument = new Map<string, Set<string>>()
    if (!template) return byDocument
    for (const { field, target } of referencesIn(template, fields)) {
      if (target.itemId === undefined || field.target.items === undefined) continue
      byDocument.set(
        target.documentId,
        (byDocument.get(target.documentId) ?? new Set()).add(field.target.items),
      )
    }
    return byDocument
  }, [template, fields])
  const [items, setItems] = useState<TargetItems>(new Map())

  useEffect(() => {
    let current = true
    const load = async (documentId: string, paths: ReadonlySet<string>) => {
      const stored = await call('documents:get', { projectId, documentId })
      const { template: targetTemplate } = await templateDetails(stored.document.templateId)
      const found = new Map<string, TargetItem>()
      for (const path of paths)
        for (const item of groupItemsAt(targetTemplate, stored.document.fields, path))
          found.set(item.id, { title: item.title, position: item.position })
      if (current) setItems((previous) => new Map(previous).set(documentId, found))
    }
    for (const [documentId, paths] of wanted) load(documentId, paths).catch(() => undefined)
    return () => {
      current = false
    }
  }, [projectId, wanted])

  return items
}
