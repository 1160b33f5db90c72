import { runCli } from './cli'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/**
 * The CLI run in this process on the library in `dataDir`, with its output captured: as a Linux user whose home
 * holds no library, so nothing on the machine running the tests is read or written.
 */
export async function runCliOn(dataDir: string, argv: readonly string[]): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { HECSOS_DATA: dataDir },
    platform: 'linux',
    homedir: '/home/nobody',
  })
  return { code, stdout, stderr }
}
