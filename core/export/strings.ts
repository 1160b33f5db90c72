import { PARTNER_LANGUAGES, type PartnerLanguage } from '../model'

/**
 * The words an export prints that come from neither the template nor the author. They follow the language of
 * the document (or publication) being exported, not the app's interface language: a Greek case study printed
 * from an English interface still says "Περιεχόμενα". Languages beyond the partners' fall back to English.
 */
export interface ExportStrings {
  contents: string
  /** "Page 3 of 12" */
  pageOf: (page: number, pages: number) => string
  figure: string
  table: string
  notes: string
  /** The title of the curriculum's competence × module table. */
  coverage: string
  competence: string
  /** An item of a group that has no title yet: "Item 2". */
  item: (position: number) => string
  /** In a source without a year. */
  noDate: string
}

const STRINGS: Record<PartnerLanguage, ExportStrings> = {
  en: {
    contents: 'Contents',
    pageOf: (page, pages) => `Page ${page} of ${pages}`,
    figure: 'Figure',
    table: 'Table',
    notes: 'Notes',
    coverage: 'Competences developed by each module (target levels)',
    competence: 'Competence',
    item: (position) => `Item ${position}`,
    noDate: 'n.d.',
  },
  de: {
    contents: 'Inhalt',
    pageOf: (page, pages) => `Seite ${page} von ${pages}`,
    figure: 'Abbildung',
    table: 'Tabelle',
    notes: 'Anmerkungen',
    coverage: 'In den Modulen entwickelte Kompetenzen (Zielniveaus)',
    competence: 'Kompetenz',
    item: (position) => `Eintrag ${position}`,
    noDate: 'o. J.',
  },
  el: {
    contents: 'Περιεχόμενα',
    pageOf: (page, pages) => `Σελίδα ${page} από ${pages}`,
    figure: 'Εικόνα',
    table: 'Πίνακας',
    notes: 'Σημειώσεις',
    coverage: 'Ικανότητες που αναπτύσσει κάθε ενότητα (επίπεδα-στόχοι)',
    competence: 'Ικανότητα',
    item: (position) => `Στοιχείο ${position}`,
    noDate: 'χ.χ.',
  },
  it: {
    contents: 'Indice',
    pageOf: (page, pages) => `Pagina ${page} di ${pages}`,
    figure: 'Figura',
    table: 'Tabella',
    notes: 'Note',
    coverage: 'Competenze sviluppate da ciascun modulo (livelli attesi)',
    competence: 'Competenza',
    item: (position) => `Voce ${position}`,
    noDate: 's.d.',
  },
  ro: {
    contents: 'Cuprins',
    pageOf: (page, pages) => `Pagina ${page} din ${pages}`,
    figure: 'Figura',
    table: 'Tabelul',
    notes: 'Note',
    coverage: 'Competențe dezvoltate de fiecare modul (niveluri țintă)',
    competence: 'Competență',
    item: (position) => `Elementul ${position}`,
    noDate: 'f.a.',
  },
  es: {
    contents: 'Índice',
    pageOf: (page, pages) => `Página ${page} de ${pages}`,
    figure: 'Figura',
    table: 'Tabla',
    notes: 'Notas',
    coverage: 'Competencias desarrolladas por cada módulo (niveles objetivo)',
    competence: 'Competencia',
    item: (position) => `Elemento ${position}`,
    noDate: 's. f.',
  },
}

export const EXPORT_LANGUAGES: readonly PartnerLanguage[] = PARTNER_LANGUAGES

export function exportStrings(language: string): ExportStrings {
  return (STRINGS as Record<string, ExportStrings | undefined>)[language] ?? STRINGS.en
}
