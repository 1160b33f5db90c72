import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from './csp'

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/)
      return [name, sources]
    }),
  )
}

describe('the content security policy', () => {
  const production = directives(contentSecurityPolicy())

  it.each([
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['connect-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['form-action', ["'none'"]],
  ])('sets %s to exactly %j', (name, sources) => {
    expect(production.get(name)).toEqual(sources)
  })

  it('never allows eval, inline script or a remote host', () => {
    const policy = contentSecurityPolicy()
    expect(policy).not.toContain('unsafe-eval')
    expect(production.get('script-src')).not.toContain("'unsafe-inline'")
    expect(policy).not.toMatch(/https?:|\*/)
  })

  it('adds only the dev server WebSocket in development', () => {
    const development = directives(contentSecurityPolicy({ devServerUrl: 'http://localhost:5173/' }))
    expect(development.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173'])
    for (const [name, sources] of production) {
      if (name !== 'connect-src') expect(development.get(name), name).toEqual(sources)
    }
  })
})
