import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
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

/** Answers a call of the page's API: the channel and its input as JSON text, the result as JSON text. */
export type CallAnswerer = (channel: string, input: string) => Promise<string>

/** Where the page posts its API calls: `${BRIDGE_PATH}<token>/<channel>`. */
export const BRIDGE_PATH = '/__bridge/'

export interface StaticServer {
  url: string
  /**
   * Routes the calls posted with the returned token to `answer`, until disposed. One browser's pages share the
   * server, and each app in it has its own handlers.
   */
  addBridge(answer: CallAnswerer): { token: string; dispose(): void }
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
  const bridges = new Map<string, CallAnswerer>()
  const answerCall = async (path: string, request: IncomingMessage, response: ServerResponse) => {
    const [token = '', channel = ''] = path.slice(BRIDGE_PATH.length).split('/')
    const answer = bridges.get(token)
    if (request.method !== 'POST' || !answer) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found')
      return
    }
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const result = await answer(channel, Buffer.concat(chunks).toString('utf8'))
    response.writeHead(200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' }).end(result)
  }
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
      if (path.startsWith(BRIDGE_PATH)) {
        await answerCall(path, request, response)
        return
      }
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
    addBridge: (answer) => {
      const token = randomUUID()
      bridges.set(token, answer)
      return { token, dispose: () => bridges.delete(token) }
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}
