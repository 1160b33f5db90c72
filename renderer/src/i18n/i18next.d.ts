import 'i18next'
import type { translations } from './translations'

// English is the reference locale: typing keys against it makes a missing or misspelt key a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof translations.en }
  }
}
