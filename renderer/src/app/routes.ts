/**
 * Where the user is, kept in the URL hash so that a reload (and the e2e tests' reload) returns to the same screen.
 * Ids are checked against the store's id shape before they are ever sent anywhere.
 */
export type Route =
  | { screen: 'library' }
  | { screen: 'project'; projectId: string }
  | { screen: 'document'; projectId: string; documentId: string }

const ID = '([a-z0-9][a-z0-9-]{7,63})'
const PROJECT = new RegExp(`^#/projects/${ID}$`)
const DOCUMENT = new RegExp(`^#/projects/${ID}/documents/${ID}$`)

export function parseRoute(hash: string): Route {
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
  }
}
