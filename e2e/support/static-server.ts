import { createServer, type Server } from 'node:http'
import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import { contentSecurityPolicy } from '../../main/csp'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js ships its worker as .mjs; main/app-protocol.ts serves it with the same type.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

export interface StaticServer {
  url: string
  close(): Promise<void>
}

/**
 * Serves the built renderer on 127.0.0.1 with the header the app's protocol handler sends, so a CSP violation
 * here is one the app would have too.
 */
export async function startStaticServer(root: string): Promise<StaticServer> {
  const realRoot = await realpath(root)
  const headers = {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  }
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
      const file = resolve(realRoot, `.${path === '/' ? '/index.html' : path}`)
      const inside = file.startsWith(realRoot + sep)
      const info = inside ? await stat(file).catch(() => undefined) : undefined
      if (!info?.isFile()) {
        response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found')
        return
      }
      const body = await readFile(file)
      response.writeHead(200, {
        ...headers,
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      })
      response.end(body)
    })().catch(() => response.writeHead(500).end())
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}
