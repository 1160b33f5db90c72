import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import type * as PdfMake from 'pdfmake'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CatalogueSource } from '../core/api/template-catalogue'
import { writePdf } from '../core/export/pdf/write-pdf'
import type { LibraryStore } from '../core/store/library-store'
import type * as FakeElectron from './test-support/fake-electron'

vi.mock('electron', () => import('./test-support/fake-electron'))
vi.mock('../core/api/deps', () => ({ createAppDeps: vi.fn() }))

/**
 * Nothing leaves the machine at run time. The page's side is proven in Chromium (e2e/no-network.e2e.test.ts);
 * here, the two places in the main process that could reach out: the window's session, and pdfmake, which can
 * fetch images and fonts by URL.
 */

/** Requests a page could make, or that an injected page would try: every one must be cancelled. */
const OUTWARD = [
  'https://fonts.googleapis.com/css2?family=Roboto',
  'http://example.org/tracker.gif',
  'http://127.0.0.1:8080/',
  'http://localhost:5173/src/main.tsx',
  'ws://example.org/socket',
  'wss://example.org/socket',
  'ftp://example.org/file',
  'file:///etc/passwd',
  'HTTPS://EXAMPLE.ORG/',
  'https://user:pass@example.org:443/',
]

describe('the window’s session, as the packaged app sets it up', () => {
  async function bootPackaged() {
    const electron = (await import('electron')) as unknown as typeof FakeElectron
    electron.resetFakeElectron()
    const { createAppDeps } = await import('../core/api/deps')
    vi.mocked(createAppDeps).mockResolvedValueOnce({
      store: { root: '/library' } as LibraryStore,
      catalogue: { builtInDir: '/app/templates', userDir: '/library/templates' } as CatalogueSource,
      newId: () => 'a1b2c3d4-0000-4000-8000-000000000000',
      clock: () => new Date('2026-05-12T09:30:00Z'),
      app: { name: 'HECSOs Studio', version: '0.1.0' },
      close: async () => undefined,
    })
    electron.app.isPackaged = true
    electron.app.requestSingleInstanceLock.mockReturnValue(true)
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const { startApp } = await import('./lifecycle')
    startApp({ outDir: '/opt/hecsos/out/main', env: {} })
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1))
    const onBeforeRequest = electron.session.defaultSession.webRequest.onBeforeRequest.mock.calls[0]?.[0] as (
      details: { url: string },
      callback: (response: { cancel: boolean }) => void,
    ) => void
    expect(onBeforeRequest).toBeTypeOf('function')
    return (url: string) => {
      let decision: { cancel: boolean } | undefined
      onBeforeRequest({ url }, (response) => (decision = response))
      return decision
    }
  }

  it('cancels every request to the network or the disk, and lets the app’s own pages load', async () => {
    const decide = await bootPackaged()
    for (const url of OUTWARD) expect(decide(url), url).toEqual({ cancel: true })
    for (const url of [
      'app://hecsos/index.html',
      'app://hecsos/assets/index.js',
      'data:image/png;base64,AA',
    ]) {
      expect(decide(url), url).toEqual({ cancel: false })
    }
  })
})

describe('pdfmake, once the app’s PDF writer has run', () => {
  const require = createRequire(import.meta.url)
  const pdfmake = require('pdfmake') as typeof PdfMake
  let server: Server
  let requests = 0
  let origin: string

  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests += 1
      response.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await writePdf(
      { metadata: { title: 'Probe', language: 'en', authors: [] }, blocks: [] },
      { now: new Date(0) },
    )
  })

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  it('refuses an image by URL without sending a request', async () => {
    // pdfmake fetches the URLs of its `images` dictionary (and of fonts) before layout; with the policy open,
    // this very definition reaches the server.
    await expect(
      pdfmake
        .createPdf({ content: [{ image: 'logo', width: 10 }], images: { logo: `${origin}/logo.png` } })
        .getBuffer(),
    ).rejects.toThrow(/denied by resource access policy/)
    expect(requests).toBe(0)
  })

  it('reads no local file but its own fonts', async () => {
    await expect(
      pdfmake.createPdf({ content: [{ image: '/etc/hostname', width: 10 }] }).getBuffer(),
    ).rejects.toThrow()
  })
})
