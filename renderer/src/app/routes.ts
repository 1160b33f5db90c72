/**
 * Where the user is, kept in the URL hash so that a reload (and the e2e tests' reload) returns to the same screen.
 * Ids are checked against the store's id shape before they are ever sent anywhere.
 */
export type Route =
  | { screen: 'library' }
  | { screen: 'project'; projectId: string }
  | { screen: 'document'; projectId: string; documentId: string }
  /** A project's versions, or one document's (exchange: renderer/src/history). */
  | { screen: 'history'; projectId: string; documentId?: string }
  /** What a merge left to decide (renderer/src/exchange). */
  | { screen: 'conflicts'; projectId: string }

const ID = '([a-z0-9][a-z0-9-]{7,63})'
const PROJECT = new RegExp(`^#/projects/${ID}$`)
const DOCUMENT = new RegExp(`^#/projects/${ID}/documents/${ID}$`)
const HISTORY = new RegExp(`^#/projects/${ID}(?:/documents/${ID})?/history$`)
const CONFLICTS = new RegExp(`^#/projects/${ID}/conflicts$`)

export function parseRoute(hash: string): Route {
  const history = HISTORY.exec(hash)
  if (history?.[1])
    return history[2]
      ? { screen: 'history', projectId: history[1], documentId: history[2] }
      : { screen: 'history', projectId: history[1] }
  const conflicts = CONFLICTS.exec(hash)
  if (conflicts?.[1]) return { screen: 'conflicts', projectId: conflicts[1] }
  const document = DOCUMENT.exec(hash)
  if (document?.[1] && document[2])
    return { screen: 'document', projectId: document[1], documentId: document[2] }
  const project = PROJECT.exec(hash)
  if (project?.[1]) return { screen: 'project', projectId: project[1] }
  return { screen: 'library' }
}

export function formatRoute(route: Route): string {
  switch (route.screen) {
    case 'library':
      return '#/'
    case 'project':
      return `#/projects/${route.projectId}`
    case 'document':
      return `#/projects/${route.projectId}/documents/${route.documentId}`
    case 'history':
      return route.documentId
        ? `#/projects/${route.projectId}/documents/${route.documentId}/history`
        : `#/projects/${route.projectId}/history`
    case 'conflicts':
      return `#/projects/${route.projectId}/conflicts`
  }
}
