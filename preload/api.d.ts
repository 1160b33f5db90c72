import type { PreloadApi } from '../core/api/contract'

declare global {
  interface Window {
    /** Installed by the preload script: the page's only way to reach the rest of the app. */
    hecsos: PreloadApi
  }
}

export {}
