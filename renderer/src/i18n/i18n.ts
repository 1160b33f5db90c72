import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { PARTNER_LANGUAGES, isPartnerLanguage, type PartnerLanguage } from '../../../core/model/languages'
import { LANGUAGE_STORAGE_KEY, pickInterfaceLanguage } from './languages'
import { translations } from './translations'

export const resources = {
  en: { translation: translations.en },
  de: { translation: translations.de },
  el: { translation: translations.el },
  it: { translation: translations.it },
  ro: { translation: translations.ro },
  es: { translation: translations.es },
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
