import type { Session, WebContents } from 'electron'
import { isAppUrl } from './app-origin'

export interface WebContentsPolicy {
  /** The only URLs a page may navigate or redirect to. */
  isAppUrl(url: string): boolean
  /** Receives every URL a page tries to open in a new window; it alone decides whether the user is asked. */
  openExternal(url: string): void
}

/**
 * Applied to every web contents the app creates: no navigation away from the app, no new windows (a link meant
 * for a new window goes to `openExternal` instead), no <webview>.
 */
export function hardenWebContents(contents: WebContents, policy: WebContentsPolicy): void {
  contents.on('will-navigate', (event) => {
    if (!policy.isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!policy.isAppUrl(event.url)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    policy.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export interface SessionPolicy {
  contentSecurityPolicy: string
  /** In development, the electron-vite dev server: the one network origin the page may reach. */
  devServerUrl?: string
}

/** Schemes that reach the network or the disk; every other scheme (app, data, blob, devtools) stays in-process. */
const OUTWARD_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:'])

/**
 * Applied to the session of the app's windows: every permission request and check is refused, no request leaves
 * the machine (except to the dev server in development), and every response of the app's own origin carries the
 * app's CSP, which is how the dev server's pages get it.
 */
export function hardenSession(session: Session, policy: SessionPolicy): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isRequestAllowed(details.url, policy.devServerUrl) })
  })
  session.webRequest.onHeadersReceived((details, callback) => {
    // Only the app's own pages: DevTools and Chromium's internal pages bring their own policies.
    if (!isAppUrl(details.url, policy.devServerUrl)) {
      callback({})
      return
    }
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [policy.contentSecurityPolicy],
      },
    })
  })
}

export function isRequestAllowed(url: string, devServerUrl?: string): boolean {
  if (!URL.canParse(url)) return false
  const target = new URL(url)
  if (!OUTWARD_SCHEMES.has(target.protocol)) return true
  if (devServerUrl === undefined) return false
  const dev = new URL(devServerUrl)
  const sameScheme =
    target.protocol === dev.protocol || target.protocol === (dev.protocol === 'https:' ? 'wss:' : 'ws:')
  return sameScheme && target.host === dev.host
}
