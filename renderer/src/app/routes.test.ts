import { describe, expect, it } from 'vitest'
import { formatRoute, parseRoute, type Route } from './routes'

describe('routes', () => {
  it('round-trips every screen', () => {
    const routes: Route[] = [
      { screen: 'library' },
      { screen: 'project', projectId: '0f8e2c1a-1111-4222-8333-944455556666' },
      { screen: 'document', projectId: '0f8e2c1a-1111-4222-8333-944455556666', documentId: 'abcdef12-3456' },
      { screen: 'history', projectId: '0f8e2c1a-1111-4222-8333-944455556666' },
      { screen: 'history', projectId: '0f8e2c1a-1111-4222-8333-944455556666', documentId: 'abcdef12-3456' },
      { screen: 'conflicts', projectId: '0f8e2c1a-1111-4222-8333-944455556666' },
    ]
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route)
  })

  it('falls back to the library for anything it does not recognise', () => {
    for (const hash of [
      '',
      '#',
      '#/projects/',
      '#/projects/../etc',
      '#/projects/ABCDEFGHIJ',
      '#/projects/short',
      '#/x/abcdefgh',
      '#/projects/0f8e2c1a-1111-4222-8333-944455556666/history/extra',
      '#/projects/0f8e2c1a-1111-4222-8333-944455556666/conflicts/../../etc',
    ]) {
      expect(parseRoute(hash)).toEqual({ screen: 'library' })
    }
  })
})
