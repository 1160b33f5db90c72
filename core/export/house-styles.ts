import { HOUSE_STYLE_IDS } from '../model'

/**
 * House styles: the typographic choices an export makes, named, so a coordinator picks one and both formats
 * follow it. Sizes are in points; the DOCX builder converts them to Word's half-points and twips.
 */

export { HOUSE_STYLE_IDS }
export type HouseStyleId = (typeof HOUSE_STYLE_IDS)[number]

export interface HouseStyle {
  id: HouseStyleId
  /** The accent of titles, headings and rules when the project chooses none, as RRGGBB. */
  accent: string
  bodySize: number
  lineHeight: number
  /** Heading sizes, level 1 to 4. */
  headings: [number, number, number, number]
  /** Page margins: left, top, right, bottom. */
  margins: [number, number, number, number]
  /** Space after a paragraph. */
  paragraphSpace: number
}

const STYLES: Record<HouseStyleId, HouseStyle> = {
  // The Erasmus+ report look: generous margins and line spacing, a dark-blue accent beside the EU emblem.
  classic: {
    id: 'classic',
    accent: '1F4E79',
    bodySize: 10,
    lineHeight: 1.25,
    headings: [16, 13, 11.5, 10.5],
    margins: [56, 56, 56, 64],
    paragraphSpace: 6,
  },
  // For long annexes and working drafts: more on a page, fewer pages to print.
  compact: {
    id: 'compact',
    accent: '00626F',
    bodySize: 9,
    lineHeight: 1.15,
    headings: [13.5, 11.5, 10, 9.5],
    margins: [42, 42, 42, 50],
    paragraphSpace: 4,
  },
}

export function isHouseStyleId(value: unknown): value is HouseStyleId {
  return typeof value === 'string' && (HOUSE_STYLE_IDS as readonly string[]).includes(value)
}

export function houseStyles(): HouseStyle[] {
  return HOUSE_STYLE_IDS.map((id) => STYLES[id])
}

export function houseStyle(id: HouseStyleId = 'classic'): HouseStyle {
  return STYLES[id]
}

/** An accent written as RRGGBB or #RRGGBB, or undefined when it is not one. */
export function normaliseAccent(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^#?([0-9a-f]{6})$/i.exec(value.trim())
  return match ? match[1]!.toUpperCase() : undefined
}
