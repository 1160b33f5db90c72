import { Component, type ReactNode } from 'react'

/**
 * A stored body this build cannot display must not take the whole screen down, and must never be replaced by
 * an empty editor that autosave would then write back: the fallback shows instead, and nothing is saved.
 */
export class EditorErrorBoundary extends Component<
  { fallback: ReactNode; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false }

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children
  }
}
