import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { protocol } from 'electron'
import {
  createAppRequestHandler,
  registerAppScheme,
  resolveRendererFile,
  serveAppProtocol,
} from './app-protocol'

vi.mock('electron', () => import('./test-support/fake-electron'))

const CSP = "default-src 'self'"
let base: string
let root: string

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hecsos-protocol-'))
  root = join(base, 'out', 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>')
  await writeFile(join(root, 'assets', 'index-Ab_1.js'), 'console.log(1)')
  await writeFile(join(root, 'assets', 'style.css'), 'body{}')
  await writeFile(join(root, '.env'), 'SECRET=1')
  await writeFile(join(base, 'out', 'secret.txt'), 'outside the renderer')
  await mkdir(join(base, 'outside-dir'))
  await writeFile(join(base, 'outside-dir', 'data.js'), 'outside')
  await symlink(join(base, 'out', 'secret.txt'), join(root, 'assets', 'link.js'))
  await symlink(join(base, 'outside-dir'), join(root, 'linked-dir'), 'dir')
  await writeFile(join(base, 'out', 'renderer-evil.js'), 'sibling with a shared prefix')
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

const handler = () => createAppRequestHandler({ root, contentSecurityPolicy: CSP })
const get = (url: string, method = 'GET') => handler()(new Request(url, { method }))

describe('the app protocol handler', () => {
  it('serves the entry page for the bare origin and for /', async () => {
    for (const url of ['app://hecsos', 'app://hecsos/', 'app://hecsos/index.html']) {
      const response = await get(url)
      expect(response.status, url).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await response.text()).toContain('<title>app</title>')
    }
  })

  it('serves assets with their content type, the CSP and nosniff', async () => {
    const script = await get('app://hecsos/assets/index-Ab_1.js')
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('content-security-policy')).toBe(CSP)
    expect(script.headers.get('x-content-type-options')).toBe('nosniff')
    expect((await get('app://hecsos/assets/style.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    )
  })

  it('answers HEAD without a body', async () => {
    const response = await get('app://hecsos/index.html', 'HEAD')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://hecsos/index.html', 'POST')).status).toBe(404)
  })

  it.each([
    ['dot segments', 'app://hecsos/../secret.txt'],
    ['dot segments below a folder', 'app://hecsos/assets/../../secret.txt'],
    ['encoded dots', 'app://hecsos/%2e%2e/secret.txt'],
    ['encoded slash', 'app://hecsos/..%2fsecret.txt'],
    ['fully encoded', 'app://hecsos/%2e%2e%2fsecret.txt'],
    ['double-encoded', 'app://hecsos/%252e%252e%252fsecret.txt'],
    ['backslash', 'app://hecsos/..%5csecret.txt'],
    ['raw backslash', 'app://hecsos/assets\\..\\..\\secret.txt'],
    ['absolute path', 'app://hecsos/%2Fetc%2Fpasswd'],
    ['absolute path after a double slash', 'app://hecsos//etc/passwd'],
    ['drive letter', 'app://hecsos/C:%5CWindows%5Cwin.ini'],
    ['NUL byte', 'app://hecsos/index.html%00.js'],
    ['malformed percent-encoding', 'app://hecsos/%E0%A4%A'],
    ['a dot file', 'app://hecsos/.env'],
    ['a sibling folder sharing the prefix', 'app://hecsos/../renderer-evil.js'],
    ['a symbolic link to a file outside', 'app://hecsos/assets/link.js'],
    ['a symbolic link to a folder outside', 'app://hecsos/linked-dir/data.js'],
    ['a folder', 'app://hecsos/assets'],
    ['a folder with a trailing slash', 'app://hecsos/assets/'],
    ['a missing file', 'app://hecsos/missing.js'],
    ['another host', 'app://evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
  ])('answers 404 for %s', async (_case, url) => {
    const response = await get(url)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('outside')
    expect(response.headers.get('content-security-policy')).toBe(CSP)
  })

  it('resolves only regular files inside the root', async () => {
    expect(await resolveRendererFile(root, 'app://hecsos/assets/index-Ab_1.js')).toBe(
      join(root, 'assets', 'index-Ab_1.js'),
    )
    expect(await resolveRendererFile(root, 'not a url')).toBeUndefined()
    expect(await resolveRendererFile(join(base, 'missing-root'), 'app://hecsos/index.html')).toBeUndefined()
  })
})

describe('scheme registration', () => {
  it('registers the scheme as standard and secure, without CORS and without bypassing CSP', () => {
    registerAppScheme()
    const [schemes] = vi.mocked(protocol.registerSchemesAsPrivileged).mock.calls[0] ?? []
    expect(schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ])
  })

  it('handles the app scheme with the request handler', async () => {
    serveAppProtocol({ root, contentSecurityPolicy: CSP })
    const [scheme, handle] = vi.mocked(protocol.handle).mock.calls[0] ?? []
    expect(scheme).toBe('app')
    const response = await handle!(new Request('app://hecsos/'))
    expect(response.status).toBe(200)
  })
})
