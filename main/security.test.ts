import { describe, expect, it, vi } from 'vitest'
import type { Session, WebContents } from 'electron'
import { isAppUrl } from './app-origin'
import { hardenSession, hardenWebContents, isRequestAllowed } from './security'
import { FakeEvent, FakeSession, FakeWebContents } from './test-support/fake-electron'

vi.mock('electron', () => import('./test-support/fake-electron'))

function hardened() {
  const contents = new FakeWebContents()
  const openExternal = vi.fn()
  hardenWebContents(contents as unknown as WebContents, { isAppUrl: (url) => isAppUrl(url), openExternal })
  const fire = (name: string, url?: string) => {
    const event = new FakeEvent({ url })
    contents.emit(name, event)
    return event
  }
  return { contents, openExternal, fire }
}

describe('web contents hardening', () => {
  it.each(['will-navigate', 'will-redirect'])('%s: blocks every destination outside the app', (name) => {
    const { fire } = hardened()
    for (const url of [
      'https://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,x',
      'app://evil/',
    ]) {
      expect(fire(name, url).defaultPrevented, url).toBe(true)
    }
    expect(fire(name, 'app://hecsos/index.html').defaultPrevented).toBe(false)
  })

  it('denies every new window and hands the URL to the confirm-then-open path', () => {
    const { contents, openExternal } = hardened()
    for (const url of [
      'https://example.com/',
      'mailto:someone@example.com',
      'file:///etc/passwd',
      'app://hecsos/',
    ]) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
      expect(openExternal).toHaveBeenLastCalledWith(url)
    }
  })

  it('prevents attaching a <webview>', () => {
    const { fire } = hardened()
    expect(fire('will-attach-webview').defaultPrevented).toBe(true)
  })
})

describe('session hardening', () => {
  function hardenedSession(devServerUrl?: string) {
    const session = new FakeSession()
    hardenSession(session as unknown as Session, {
      contentSecurityPolicy: "default-src 'self'",
      devServerUrl,
    })
    return session
  }

  it('denies every permission request', () => {
    const session = hardenedSession()
    const handler = session.setPermissionRequestHandler.mock.calls[0]?.[0]
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'fullscreen',
    ]) {
      const callback = vi.fn()
      handler(null, permission, callback, {})
      expect(callback, permission).toHaveBeenCalledWith(false)
    }
  })

  it('answers every permission check with no', () => {
    const session = hardenedSession()
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0]
    for (const permission of ['media', 'hid', 'serial', 'clipboard-sanitized-write']) {
      expect(check(null, permission, 'app://hecsos', {})).toBe(false)
    }
    expect(session.setDevicePermissionHandler.mock.calls[0]?.[0]({})).toBe(false)
  })

  it('cancels requests that would leave the machine', () => {
    const session = hardenedSession()
    const onBeforeRequest = session.webRequest.onBeforeRequest.mock.calls[0]?.[0]
    const decide = (url: string) => {
      const callback = vi.fn()
      onBeforeRequest({ url }, callback)
      return callback.mock.calls[0]?.[0]
    }
    expect(decide('https://fonts.example.com/font.woff2')).toEqual({ cancel: true })
    expect(decide('app://hecsos/assets/index.js')).toEqual({ cancel: false })
  })

  it('leaves responses from outside the app untouched', () => {
    const session = hardenedSession()
    const onHeadersReceived = session.webRequest.onHeadersReceived.mock.calls[0]?.[0]
    const callback = vi.fn()
    onHeadersReceived({ url: 'devtools://devtools/bundled/devtools_app.html', responseHeaders: {} }, callback)
    expect(callback).toHaveBeenCalledWith({})
  })

  it('adds the CSP to the app’s responses, keeping the other headers', () => {
    const session = hardenedSession('http://localhost:5173/')
    const onHeadersReceived = session.webRequest.onHeadersReceived.mock.calls[0]?.[0]
    const callback = vi.fn()
    onHeadersReceived(
      { url: 'http://localhost:5173/', responseHeaders: { 'Content-Type': ['text/html'] } },
      callback,
    )
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] },
    })
  })
})

describe('isRequestAllowed', () => {
  it('keeps the app, data, blob and DevTools in-process requests', () => {
    for (const url of [
      'app://hecsos/index.html',
      'data:image/png;base64,AA',
      'blob:app://hecsos/1',
      'devtools://devtools/x',
    ]) {
      expect(isRequestAllowed(url), url).toBe(true)
    }
  })

  it('refuses the network, the disk and unparsable URLs', () => {
    for (const url of [
      'http://example.com/',
      'https://example.com/',
      'ws://example.com/',
      'wss://example.com/',
      'ftp://example.com/',
      'file:///etc/passwd',
      '::',
    ]) {
      expect(isRequestAllowed(url), url).toBe(false)
    }
  })

  it('lets development reach the dev server (HTTP and its WebSocket) and nothing else', () => {
    const dev = 'http://localhost:5173/'
    expect(isRequestAllowed('http://localhost:5173/src/main.tsx', dev)).toBe(true)
    expect(isRequestAllowed('ws://localhost:5173/', dev)).toBe(true)
    expect(isRequestAllowed('http://localhost:5174/', dev)).toBe(false)
    expect(isRequestAllowed('https://example.com/', dev)).toBe(false)
    expect(isRequestAllowed('wss://localhost:5173/', dev)).toBe(false)
  })
})
