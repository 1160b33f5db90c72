import type { ChannelOutputs } from '../../../core/api/contract'
import { call } from './client'

export type TemplateDetails = ChannelOutputs['templates:get']

/**
 * Templates change only when the user imports one, so a screen asks for a template's details once per session
 * instead of on every visit. A failed request is forgotten, so the next visit tries again.
 */
const cache = new Map<string, Promise<TemplateDetails>>()

export function templateDetails(templateId: string): Promise<TemplateDetails> {
  const cached = cache.get(templateId)
  if (cached) return cached
  const request = call('templates:get', { templateId })
  cache.set(templateId, request)
  request.catch(() => cache.delete(templateId))
  return request
}

/** After an import: the imported file may have replaced a template already held here. */
export function forgetTemplateDetails(): void {
  cache.clear()
}
