import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { protocol } from 'electron'
import { APP_HOST, APP_SCHEME } from './app-origin'

/**
 * Must run before the app is ready. `standard` gives the scheme real origins and relative URLs, `secure` makes
 * it a secure context, `supportFetchAPI` lets the page fetch its own assets. `corsEnabled` stays off on purpose:
 * it would let other origins read the app's files.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ])
}

/** Serves the built renderer (`root` = out/renderer) on the app scheme. Call once the app is ready. */
export function serveAppProtocol(options: AppRequestHandlerOptions): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(options))
}

export interface AppRequestHandlerOptions {
  /** The folder holding the built renderer; nothing outside it is ever served. */
  root: string
  /** Sent with every response, so the policy holds even if the page's own meta tag is missing. */
  contentSecurityPolicy: string
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
}

/**
 * Only names a bundler emits: no dot files, no '.' or '..', no backslashes, colons (drive letters, streams)
 * or control characters, whatever way they were percent-encoded.
 */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.@~+-]*$/

export function createAppRequestHandler(
  options: AppRequestHandlerOptions,
): (request: Request) => Promise<Response> {
  const headers = {
    'Content-Security-Policy': options.contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  }
  const notFound = () =>
    new Response('Not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain' } })
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound()
    try {
      const file = await resolveRendererFile(options.root, request.url)
      if (file === undefined) return notFound()
      const body = await readFile(file)
      const contentType = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
        status: 200,
        headers: { ...headers, 'Content-Type': contentType },
      })
    } catch {
      // A file that vanished or cannot be read is, to the page, simply not there.
      return notFound()
    }
  }
}

/**
 * Maps an app URL to a file inside `root`, or undefined when the URL is not ours, names something outside
 * `root` (by `..`, encoding, an absolute path or a symbolic link) or names no regular file.
 */
export async function resolveRendererFile(root: string, requestUrl: string): Promise<string | undefined> {
  if (!URL.canParse(requestUrl)) return undefined
  const url = new URL(requestUrl)
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return undefined
  }
  const segments = pathname.split('/').filter((segment) => segment !== '')
  if (segments.length === 0) segments.push('index.html')
  if (!segments.every((segment) => SAFE_SEGMENT.test(segment))) return undefined

  const candidate = resolve(root, ...segments)
  if (!isInside(resolve(root), candidate)) return undefined
  // The lexical check above cannot see symbolic links; the real paths can.
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]).catch(() => [])
  if (realRoot === undefined || realFile === undefined || !isInside(realRoot, realFile)) return undefined
  const info = await stat(realFile)
  return info.isFile() ? realFile : undefined
}

function isInside(parent: string, child: string): boolean {
  const path = relative(parent, child)
  return path !== '' && !isAbsolute(path) && path.split(sep)[0] !== '..'
}
