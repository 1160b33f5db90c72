import { createContext, useContext, useEffect, type JSX, type MouseEvent, type ReactNode } from 'react'
import { formatRoute, type Route } from './routes'

/** Work that must finish before the current screen goes away; resolves false when it could not (e.g. a failed save). */
export type LeaveGuard = () => Promise<boolean>

export interface Navigation {
  route: Route
  /** Resolves true once the route changed, false when the user chose to stay (a guard failed). */
  navigate(to: Route): Promise<boolean>
  addLeaveGuard(guard: LeaveGuard): () => void
  /**
   * Runs the leave guards without leaving: pending edits are saved before something else writes the same file
   * (a comment). Resolves false when a guard failed.
   */
  settle(): Promise<boolean>
}

export const NavigationContext = createContext<Navigation | null>(null)

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext)
  if (!navigation) throw new Error('useNavigation needs the app shell above it.')
  return navigation
}

/** Keeps `guard` registered while the calling screen is mounted. */
export function useLeaveGuard(guard: LeaveGuard): void {
  const { addLeaveGuard } = useNavigation()
  useEffect(() => addLeaveGuard(guard), [addLeaveGuard, guard])
}

/** A real link (it shows its target and can be focused like one) that still goes through the leave guards. */
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
    void navigate(to)
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
