import { createContext, useContext, useEffect, type JSX, type MouseEvent, type ReactNode } from 'react'
import { formatRoute, type Route } from './routes'

/**
 * Writes what the screen on show has not saved yet; resolves false when it could not (e.g. a failed save). Leaving
 * does not wait for it (the document's save carries on in the background); reading or writing the project's files
 * and closing the window do.
 */
export type UnsavedWork = () => Promise<boolean>

export interface Navigation {
  route: Route
  /** Goes at once: a document's save carries on after its editor has gone (see BackgroundSaves). */
  navigate(to: Route): void
  addUnsavedWork(work: UnsavedWork): () => void
  /**
   * Saves what the screen on show has not, and waits for the saves of documents left before, so what is read or
   * written next (a comment, a search, an export) sees every edit. Resolves false when the screen's save failed.
   */
  settle(): Promise<boolean>
}

export const NavigationContext = createContext<Navigation | null>(null)

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext)
  if (!navigation) throw new Error('useNavigation needs the app shell above it.')
  return navigation
}

/** Keeps `work` registered while the calling screen is mounted. */
export function useUnsavedWork(work: UnsavedWork): void {
  const { addUnsavedWork } = useNavigation()
  useEffect(() => addUnsavedWork(work), [addUnsavedWork, work])
}

/** A real link (it shows its target and can be focused like one) that navigates within the app. */
export function RouteLink({
  to,
  className,
  current,
  children,
}: {
  to: Route
  className?: string
  /** The link to the page on show: announced as the current page. */
  current?: boolean
  children: ReactNode
}): JSX.Element {
  const { navigate } = useNavigation()
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  return (
    <a
      href={formatRoute(to)}
      className={className}
      onClick={follow}
      aria-current={current ? 'page' : undefined}
    >
      {children}
    </a>
  )
}
