import { z } from 'zod'
import { IdSchema, TimestampSchema, parseUntrustedJson } from '../model'
import type { HistoryFiles } from '../store/history-files'
import { StoreError } from '../store/library-store'
import { canonicalText } from '../history/canonical'
import type { MergeConflict } from './types'

/** `history/conflicts.json`: the conflicts merges left open, until someone settles them. */
const CONFLICTS_FILE = 'conflicts.json'
const CONFLICTS_FORMAT = 1

const SideSchema = z.strictObject({
  value: z.json().optional(),
  author: z.strictObject({ name: z.string().max(200), organisation: z.string().max(200) }),
  at: TimestampSchema,
})

const ConflictSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  documentId: IdSchema.nullable(),
  title: z.string().max(300),
  path: z.string().max(400),
  kind: z.enum(['value', 'paragraphs', 'deleted-vs-edited']),
  base: z.json().optional(),
  ours: SideSchema,
  theirs: SideSchema,
})

const ConflictsFileSchema = z.strictObject({
  formatVersion: z.literal(CONFLICTS_FORMAT),
  conflicts: z.array(ConflictSchema).max(100_000),
})

export async function readConflicts(files: HistoryFiles): Promise<MergeConflict[]> {
  const text = await files.read(CONFLICTS_FILE)
  if (text === undefined) return []
  let parsed: unknown
  try {
    parsed = parseUntrustedJson(text)
  } catch {
    parsed = undefined
  }
  const result = ConflictsFileSchema.safeParse(parsed)
  if (!result.success)
    throw new StoreError(
      'damaged',
      'The list of open merge conflicts of this project (history/conflicts.json) is damaged. The documents are not affected; the conflicts can be settled by editing the documents directly.',
    )
  return result.data.conflicts as MergeConflict[]
}

export async function writeConflicts(
  files: HistoryFiles,
  conflicts: readonly MergeConflict[],
): Promise<void> {
  if (conflicts.length === 0) return files.remove(CONFLICTS_FILE)
  await files.write(CONFLICTS_FILE, canonicalText({ formatVersion: CONFLICTS_FORMAT, conflicts }))
}
