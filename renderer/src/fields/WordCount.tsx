import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { numberFormat } from '../../../core/model/intl-formats'

/**
 * Words written against the template's limits ("42 / 150 words"). Its box keeps one height whatever it says,
 * so the page does not move while the author types.
 */
export function WordCount({
  words,
  min,
  max,
  characters,
  maxLength,
}: {
  words: number
  min?: number | undefined
  max?: number | undefined
  characters?: number
  maxLength?: number | undefined
}): JSX.Element {
  const { t, i18n } = useTranslation()
  const number = (value: number) => numberFormat(i18n.language).format(value)
  const over =
    (max !== undefined && words > max) || (maxLength !== undefined && (characters ?? 0) > maxLength)
  const under = min !== undefined && words > 0 && words < min
  // Words are counted where the template limits them, or where nothing else is: a name limited to 200
  // characters only needs its characters counted.
  const countWords = min !== undefined || max !== undefined || maxLength === undefined
  const parts: string[] = []
  if (countWords)
    parts.push(
      max !== undefined
        ? t('fields.count.wordsOfMax', { count: words, words: number(words), max: number(max) })
        : t('fields.count.words', { count: words, words: number(words) }),
    )
  if (min !== undefined) parts.push(t('fields.count.minWords', { min: number(min) }))
  if (maxLength !== undefined && characters !== undefined)
    parts.push(t('fields.count.characters', { count: characters, max: number(maxLength) }))
  return (
    <p className="word-count" data-state={over ? 'over' : under ? 'under' : undefined}>
      {parts.join(' · ')}
    </p>
  )
}
