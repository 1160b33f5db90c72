/**
 * The Content-Security-Policy of every page the app shows. No script can come from anywhere but the app's own
 * files (no inline script, no eval), nothing can be framed, posted or loaded from the network.
 *
 * `style-src 'unsafe-inline'` is the one relaxation: Radix UI injects small <style> elements at run time and the
 * Vite dev server injects CSS the same way; styles cannot run code.
 */
export function contentSecurityPolicy(options: { devServerUrl?: string } = {}): string {
  const connect = ["'self'"]
  if (options.devServerUrl !== undefined) {
    // Vite's hot reload talks to the dev server over a WebSocket on the same host and port.
    const dev = new URL(options.devServerUrl)
    connect.push(`${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`)
  }
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': connect,
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'none'"],
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}
