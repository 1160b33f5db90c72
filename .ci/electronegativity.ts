/**
 * Static security scan: Electronegativity over the app's own sources (main, preload, renderer/src), its SARIF
 * counted. Exits 1 when a high or medium finding is not justified in `.ci/electronegativity-allow.json`, when an
 * allow-list entry no longer matches anything, or when the scan fails, skips a file or writes no SARIF.
 *
 * The scanned sources are staged together in one folder so that the global checks (navigation limits,
 * permission handler, CSP) see main and renderer at once. Tests are left out: they do not ship.
 *
 * Electronegativity's CLI cannot run in this tree (it imports `commander` without depending on it and gets our
 * v14), so its runner is called directly with the CLI's options: `-x AvailableSecurityFixesGlobalCheck -o x.sarif`.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'

interface Issue {
  id: string
  file: string
  location: { line: number; column: number }
  severity: { name: string }
  confidence: { name: string }
}
interface ScanResult {
  errors: { file: string; message: string; tolerable: boolean }[]
  issues: Issue[]
}
type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<ScanResult>

interface SarifResult {
  ruleId: string
  level?: string
  locations?: {
    physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } }
  }[]
}
interface AllowEntry {
  rule: string
  file: string
  reason: string
}

const root = resolve(import.meta.dirname, '..')
const SOURCES = ['main', 'preload', 'renderer/src']
const BLOCKING = new Set(['HIGH', 'MEDIUM'])

const isTestFile = (path: string): boolean =>
  /\.test\.tsx?$/.test(path) || basename(path) === 'test-support' || path.includes('/test-support/')

function stageSources(stage: string): void {
  for (const source of SOURCES) {
    cpSync(join(root, source), join(stage, source), { recursive: true, filter: (path) => !isTestFile(path) })
  }
  // Electronegativity reads the Electron version from package.json to judge defaults (sandbox, isolation…).
  cpSync(join(root, 'package.json'), join(stage, 'package.json'))
}

function readAllowList(): AllowEntry[] {
  const parsed: unknown = JSON.parse(readFileSync(join(root, '.ci/electronegativity-allow.json'), 'utf8'))
  if (!Array.isArray(parsed)) throw new Error('the allow-list must be a JSON array')
  return parsed.map((entry: Partial<AllowEntry>, index) => {
    const { rule, file, reason } = entry
    if (
      typeof rule !== 'string' ||
      typeof file !== 'string' ||
      typeof reason !== 'string' ||
      reason.trim() === ''
    ) {
      throw new Error(`allow-list entry ${index} needs a rule, a file and a reason`)
    }
    return { rule, file, reason }
  })
}

/** A global finding has no file: the SARIF names it `file:///`, the runner `N/A`. */
const normalise = (uri: string): string =>
  uri === 'N/A' ? '' : uri.replace(/^file:\/\//, '').replace(/^\/+/, '')

/** The runner writes the report with a callback it does not wait for: poll until it is complete JSON. */
async function readSarif(path: string): Promise<unknown> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (existsSync(path)) {
      try {
        return JSON.parse(readFileSync(path, 'utf8'))
      } catch {
        // still being written
      }
    }
    await new Promise((done) => setTimeout(done, 50))
  }
  return undefined
}

async function main(): Promise<number> {
  const allowList = readAllowList()
  const stage = mkdtempSync(join(tmpdir(), 'electronegativity-'))
  try {
    stageSources(stage)
    const sarifPath = join(stage, 'report.sarif')
    const require = createRequire(import.meta.url)
    const loaded = require('@doyensec/electronegativity') as Runner | { default: Runner }
    const run = typeof loaded === 'function' ? loaded : loaded.default
    const electronVersion = (require('electron/package.json') as { version: string }).version
    const scan = await run(
      {
        input: stage,
        output: sarifPath,
        isSarif: true,
        customScan: [],
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
        isRelative: true,
        isVerbose: false,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    )

    let failures = 0
    for (const error of scan.errors) {
      console.log(
        `${error.tolerable ? 'WARN' : 'FAIL'}  could not fully parse ${error.file}: ${error.message}`,
      )
      if (!error.tolerable) failures++
    }
    const sarif = (await readSarif(sarifPath)) as { runs?: { results?: SarifResult[] }[] } | undefined
    if (sarif === undefined) {
      console.log('FAIL  Electronegativity wrote no SARIF report')
      return 1
    }
    const results = sarif.runs?.[0]?.results
    if (!Array.isArray(results)) {
      console.log('FAIL  the SARIF report has no results array')
      return 1
    }

    // SARIF carries only note/warning levels; the severity is per issue in the runner's result.
    const severityOf = new Map(
      scan.issues.map((issue) => [
        `${issue.id}|${normalise(issue.file)}|${Math.max(issue.location.line, 1)}`,
        issue,
      ]),
    )
    const used = new Set<AllowEntry>()
    const counts = { blocking: 0, allowed: 0, minor: 0 }
    for (const result of results) {
      const location = result.locations?.[0]?.physicalLocation
      const file = normalise(location?.artifactLocation?.uri ?? '')
      const line = location?.region?.startLine ?? 0
      const issue = severityOf.get(`${result.ruleId}|${file}|${line}`)
      const severity = issue?.severity.name.toUpperCase() ?? 'UNKNOWN'
      const where = `${result.ruleId} [${severity}/${issue?.confidence.name ?? '?'}] ${file || '(global)'}:${line}`
      const allowed = allowList.find((entry) => entry.rule === result.ruleId && entry.file === file)
      if (allowed) {
        used.add(allowed)
        counts.allowed++
        console.log(`ALLOWED  ${where}\n         ${allowed.reason}`)
      } else if (BLOCKING.has(severity) || severity === 'UNKNOWN') {
        counts.blocking++
        console.log(`FAIL     ${where}  (not in .ci/electronegativity-allow.json)`)
      } else {
        counts.minor++
        console.log(`INFO     ${where}  (low/informational, does not block)`)
      }
    }
    const stale = allowList.filter((entry) => !used.has(entry))
    for (const entry of stale)
      console.log(`FAIL     allow-list entry matches nothing: ${entry.rule} ${entry.file}`)
    failures += counts.blocking + stale.length

    console.log(
      `Electronegativity (Electron ${electronVersion}): ${results.length} findings, ` +
        `${counts.blocking} blocking, ${counts.allowed} allow-listed, ${counts.minor} low/informational`,
    )
    return failures === 0 ? 0 : 1
  } finally {
    rmSync(stage, { recursive: true, force: true })
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.log(`FAIL  the scan itself failed: ${error instanceof Error ? error.stack : String(error)}`)
    process.exit(1)
  },
)
