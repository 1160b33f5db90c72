import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { PARTNER_LANGUAGES, isPartnerLanguage, type PartnerLanguage } from '../../../core/model/languages'
import { LANGUAGE_STORAGE_KEY, pickInterfaceLanguage } from './languages'
import de from './locales/de.json'
import el from './locales/el.json'
import en from './locales/en.json'
import es from './locales/es.json'
import it from './locales/it.json'
import ro from './locales/ro.json'

export const resources = {
  en: { translation: en },
  de: { translation: de },
  el: { translation: el },
  it: { translation: it },
  ro: { translation: ro },
  es: { translation: es },
} as const satisfies Record<PartnerLanguage, { translation: unknown }>

function readStoredLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY)
  } catch {
    // Storage can be unavailable (a locked-down profile); the system language is a fine fallback.
    return null
  }
}

export function initI18n(): void {
  const lng = pickInterfaceLanguage(readStoredLanguage(), navigator.languages ?? [navigator.language])
  // Resources are bundled, so initialising synchronously lets the first render already be translated.
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    supportedLngs: [...PARTNER_LANGUAGES],
    initAsync: false,
    interpolation: { escapeValue: false },
    returnEmptyString: false,
  })
  document.documentElement.lang = lng
}

export async function setInterfaceLanguage(code: string): Promise<void> {
  if (!isPartnerLanguage(code)) return
  await i18next.changeLanguage(code)
  document.documentElement.lang = code
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, code)
  } catch {
    // Not remembering the choice is better than failing to switch.
  }
}
