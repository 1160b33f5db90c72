/** Languages the partnership writes in; the interface and the export strings exist in each. */
export const PARTNER_LANGUAGES = ['en', 'de', 'el', 'it', 'ro', 'es'] as const
export type PartnerLanguage = (typeof PARTNER_LANGUAGES)[number]

/** The 24 official languages of the EU: a document may be written in any of them. */
export const EU_LANGUAGES = [
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fi',
  'fr',
  'ga',
  'hr',
  'hu',
  'it',
  'lt',
  'lv',
  'mt',
  'nl',
  'pl',
  'pt',
  'ro',
  'sk',
  'sl',
  'sv',
] as const
export type LanguageCode = (typeof EU_LANGUAGES)[number]

export function isPartnerLanguage(code: string): code is PartnerLanguage {
  return (PARTNER_LANGUAGES as readonly string[]).includes(code)
}
