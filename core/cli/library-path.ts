import { join } from 'node:path'
import { APP_NAME } from '../api/deps'

export interface PathEnvironment {
  env: Record<string, string | undefined>
  platform: NodeJS.Platform
  homedir: string
}

/**
 * The library the desktop app uses, so that the CLI and the app see the same projects by default.
 * Mirrors Electron's `app.getPath('userData')` for our product name, plus the `library` folder main/ adds.
 */
export function defaultLibraryPath({ env, platform, homedir }: PathEnvironment): string {
  if (env.HECSOS_DATA) return env.HECSOS_DATA
  const appData =
    platform === 'win32'
      ? (env.APPDATA ?? join(homedir, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(homedir, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(homedir, '.config'))
  return join(appData, APP_NAME, 'library')
}
