/**
 * Where the app's own UI lives. The renderer is served from a privileged custom scheme rather than file://, so the
 * page has a real origin that CSP 'self', the navigation guard and the IPC sender check can all name.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'hecsos'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * Whether `url` belongs to the app: the app scheme and host, or, in development, the origin of the electron-vite
 * dev server.
 */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  // Node's URL reports the origin of a non-special scheme as "null", so the scheme and host are compared instead.
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true
  if (devServerUrl === undefined) return false
  const dev = parseUrl(devServerUrl)
  return dev !== undefined && parsed.origin !== 'null' && parsed.origin === dev.origin
}

function parseUrl(url: string): URL | undefined {
  return URL.canParse(url) ? new URL(url) : undefined
}
