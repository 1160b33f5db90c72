import { homedir } from 'node:os'
import { runCli } from './cli'

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  platform: process.platform,
  homedir: homedir(),
})
