import { z } from 'zod'
import { parseUntrustedJson } from '../model'
import type { HistoryFiles } from '../store/history-files'
import { StoreError } from '../store/library-store'
import { canonicalText, hashText } from './canonical'
import { findGraphProblem } from './graph'
import { HISTORY_FORMAT, HashSchema, VersionSchema, versionIdOf, type Version } from './version'

/**
 * Reading and writing the history folder of a project in the library. Everything read is checked as if it came
 * from outside (a version's id against its content, an object against its name): a history file changed or
 * damaged behind the app's back is reported, never trusted.
 */

const HeadSchema = z.strictObject({ formatVersion: z.literal(HISTORY_FORMAT), head: HashSchema })

export async function readHead(files: HistoryFiles): Promise<string | undefined> {
  const text = await files.read('head.json')
  if (text === undefined) return undefined
  return parseChecked(text, HeadSchema, 'head.json').head
}

export async function writeHead(files: HistoryFiles, head: string): Promise<void> {
  await files.write('head.json', canonicalText({ formatVersion: HISTORY_FORMAT, head }))
}

/**
 * Every version of the project, keyed by id; a damaged or foreign version file is reported. Versions never
 * change once written, so those in `known` (read earlier) are not read again.
 */
export async function readVersions(
  files: HistoryFiles,
  known: ReadonlyMap<string, Version> = new Map(),
): Promise<Map<string, Version>> {
  const versions = new Map(known)
  for (const name of await files.list('versions')) {
    if (versions.has(name.slice(0, -'.json'.length))) continue
    const text = await files.read(`versions/${name}`)
    if (text === undefined) continue
    const version = parseChecked(text, VersionSchema, `versions/${name}`)
    if (versionIdOf(version) !== version.id || `${version.id}.json` !== name)
      throw damaged(`versions/${name}`, 'its content does not match its name')
    versions.set(version.id, version)
  }
  const problem = findGraphProblem(versions)
  if (problem) throw damaged('versions/', problem)
  return versions
}

export async function writeVersion(files: HistoryFiles, version: Version): Promise<void> {
  await files.writeOnce(`versions/${version.id}.json`, canonicalText(version))
}

/** The value stored under `hash`, checked against it. */
export async function readObject(files: HistoryFiles, hash: string): Promise<unknown> {
  const name = `objects/${hash}.json`
  const text = await files.read(name)
  if (text === undefined) throw damaged(name, 'the file is missing')
  if (hashText(text) !== hash) throw damaged(name, 'its content does not match its name')
  return parseUntrustedJson(text)
}

/** Stores a value under its hash, once; returns the hash. */
export async function writeObject(files: HistoryFiles, value: unknown): Promise<string> {
  const text = canonicalText(value)
  const hash = hashText(text)
  await files.writeOnce(`objects/${hash}.json`, text)
  return hash
}

function parseChecked<T>(text: string, schema: z.ZodType<T>, name: string): T {
  let value: unknown
  try {
    value = parseUntrustedJson(text)
  } catch {
    throw damaged(name, 'it is not valid JSON')
  }
  const result = schema.safeParse(value)
  if (!result.success) throw damaged(name, result.error.issues[0]?.message ?? 'it is not valid')
  return result.data
}

function damaged(name: string, why: string): StoreError {
  return new StoreError(
    'damaged',
    `The history of this project cannot be read: history/${name} is damaged (${why}). Your documents are not affected; history before this point may be unavailable.`,
  )
}
