import { promises as fsp } from 'node:fs'
import { join } from 'node:path'
import { parseUntrustedJson } from '../model'
import { readTemplateFile } from './load-from-disk'

/**
 * Reads the Example project's files (templates/example/*.json) for buildExampleProject. The files ship with
 * the app, so a file that cannot be read or parsed is a bug in our data: it throws, naming the file.
 */
export async function loadExampleFiles(dir: string): Promise<unknown[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true })
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('.'))
    .map((entry) => join(dir, entry.name))
    // Sorted, so that problems name the files in the same order on every system.
    .sort()
  const values: unknown[] = []
  for (const file of files) {
    const read = await readTemplateFile(file)
    if (!read.ok)
      throw new Error(`The example file ${read.problem.file} cannot be used: ${read.problem.message}`)
    try {
      values.push(parseUntrustedJson(read.text))
    } catch (error) {
      throw new Error(
        `The example file ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      )
    }
  }
  return values
}
