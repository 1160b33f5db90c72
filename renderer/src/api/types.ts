import type { ChannelOutputs } from '../../../core/api/contract'

// The store's types reach the renderer through the contract's outputs, so the renderer never imports core/store.
export type ProjectSummary = ChannelOutputs['projects:list'][number]
export type ProjectView = ChannelOutputs['projects:get']
export type DocumentSummary = ProjectView['documents'][number]
export type StoredDocument = ChannelOutputs['documents:get']
export type DamageReport = NonNullable<ProjectSummary['damage']>
export type BackupInfo = DamageReport['backups'][number]
export type LockOwner = NonNullable<ProjectSummary['lockedBy']>
export type TemplateList = ChannelOutputs['templates:list']
export type TemplateSummary = TemplateList['templates'][number]
export type TemplateProblem = TemplateList['problems'][number]
export type TemplateImport = NonNullable<ChannelOutputs['templates:import']>
export type ProjectCheck = ChannelOutputs['projects:check']
export type DocumentCheck = ProjectCheck['documents'][number]
