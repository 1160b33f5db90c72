import { call } from './client'

/**
 * Puts the newest backup of a damaged file back in place. The list is asked for afresh: the one shown may be
 * stale (another window may have restored or saved since). Resolves false when there is no backup at all.
 */
export async function restoreNewestBackup(projectId: string, file: string): Promise<boolean> {
  const backups = await call('backups:list', { projectId, file })
  const newest = [...backups].sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0]
  if (!newest) return false
  await call('backups:restore', { projectId, file, backupId: newest.id })
  return true
}
