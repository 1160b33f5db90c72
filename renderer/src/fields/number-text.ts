import { numberFormat } from '../../../core/model/intl-formats'

/**
 * What an author types into a number field, read the way their language writes numbers: "3,5" is three and a
 * half in most of Europe. undefined means "not a number (yet)": the field keeps the text and stores nothing.
 */
export function parseNumber(text: string, language: string): number | null | undefined {
  const trimmed = text.trim().replace(/\s/g, '')
  if (trimmed === '') return null
  const decimal = numberFormat(language).format(1.5).includes(',') ? ',' : '.'
  const normalised =
    decimal === ',' ? trimmed.replace(/\./g, '').replace(',', '.') : trimmed.replace(/,/g, '')
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return undefined
  return Number(normalised)
}

export function formatEditableNumber(value: unknown, language: string): string {
  if (typeof value !== 'number') return ''
  return numberFormat(language, { useGrouping: false, maximumFractionDigits: 10 }).format(value)
}
