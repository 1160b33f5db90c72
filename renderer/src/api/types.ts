import type { ChannelOutputs } from '../../../core/api/contract'

// The store's types reach the renderer through the contract's outputs, so the renderer never imports core/store.
export type ProjectSummary = ChannelOutputs['projects:list'][number]
export type ProjectView = ChannelOutputs['projects:get']
export type DocumentSummary = ProjectView['documents'][number]
export type StoredDocument = ChannelOutputs['documents:get']
export type DamageReport = NonNullable<ProjectSummary['damage']>
export type BackupInfo = DamageReport['backups'][number]
export type LockOwner = NonNullable<ProjectSummary['lockedBy']>
