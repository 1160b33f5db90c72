import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { localise } from '../../../core/templates/localise'
import type { LocalisedText } from '../../../core/templates/template-schema'
import { languageName } from '../i18n/languages'
import { useOutline } from './outline-context'

/**
 * Says that a text is in English because the document's language has no translation of it yet: the author
 * should know the words are a stand-in, not what the export will print in their language.
 */
export function FallbackTag(): JSX.Element {
  const { t, i18n } = useTranslation()
  const { lang } = useOutline()
  return (
    <span
      className="tag-fallback"
      title={t('outline.fellBack', { language: languageName(lang, i18n.language) })}
    >
      {languageName('en', i18n.language)}
    </span>
  )
}

/** A template text in the document's language, or in English with the tag that says so. */
export function Localised({ text }: { text: LocalisedText }): JSX.Element {
  const { lang } = useOutline()
  const result = localise(text, lang)
  return (
    <>
      <span lang={result.language}>{result.text}</span>
      {result.fellBack && (
        <>
          {' '}
          <FallbackTag />
        </>
      )}
    </>
  )
}
