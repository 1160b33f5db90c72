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
  /** The title of the curriculum's competence × module table. */
  coverage: string
  competence: string
  /** An item of a group that has no title yet: "Item 2". */
  item: (position: number) => string
  /** In a source without a year. */
  noDate: string
  /** "Annex 1" */
  annex: (position: number) => string
  listOfTables: string
  listOfFigures: string
  /** Beside the EU emblem (the official wording of each language). */
  coFunded: string
  funded: string
  /** The standard Erasmus+ disclaimer; `authority` is the granting authority as the author wrote it. */
  disclaimer: (authority: string) => string
  /** In the disclaimer when the deliverable names no granting authority. */
  grantingAuthority: string
}

const STRINGS: Record<PartnerLanguage, ExportStrings> = {
  en: {
    contents: 'Contents',
    pageOf: (page, pages) => `Page ${page} of ${pages}`,
    figure: 'Figure',
    table: 'Table',
    coverage: 'Competences developed by each module (target levels)',
    competence: 'Competence',
    item: (position) => `Item ${position}`,
    noDate: 'n.d.',
    annex: (position) => `Annex ${position}`,
    listOfTables: 'List of tables',
    listOfFigures: 'List of figures',
    coFunded: 'Co-funded by the European Union',
    funded: 'Funded by the European Union',
    disclaimer: (authority) =>
      `Funded by the European Union. Views and opinions expressed are however those of the author(s) only and do not necessarily reflect those of the European Union or ${authority}. Neither the European Union nor the granting authority can be held responsible for them.`,
    grantingAuthority: 'the granting authority',
  },
  de: {
    contents: 'Inhalt',
    pageOf: (page, pages) => `Seite ${page} von ${pages}`,
    figure: 'Abbildung',
    table: 'Tabelle',
    coverage: 'In den Modulen entwickelte Kompetenzen (Zielniveaus)',
    competence: 'Kompetenz',
    item: (position) => `Eintrag ${position}`,
    noDate: 'o. J.',
    annex: (position) => `Anhang ${position}`,
    listOfTables: 'Tabellenverzeichnis',
    listOfFigures: 'Abbildungsverzeichnis',
    coFunded: 'Kofinanziert von der Europäischen Union',
    funded: 'Finanziert von der Europäischen Union',
    disclaimer: (authority) =>
      `Finanziert von der Europäischen Union. Die geäußerten Ansichten und Meinungen entsprechen jedoch ausschließlich denen des Autors bzw. der Autoren und spiegeln nicht zwingend die der Europäischen Union oder ${authority} wider. Weder die Europäische Union noch die bewilligende Behörde können dafür verantwortlich gemacht werden.`,
    grantingAuthority: 'der bewilligenden Behörde',
  },
  el: {
    contents: 'Περιεχόμενα',
    pageOf: (page, pages) => `Σελίδα ${page} από ${pages}`,
    figure: 'Εικόνα',
    table: 'Πίνακας',
    coverage: 'Ικανότητες που αναπτύσσει κάθε ενότητα (επίπεδα-στόχοι)',
    competence: 'Ικανότητα',
    item: (position) => `Στοιχείο ${position}`,
    noDate: 'χ.χ.',
    annex: (position) => `Παράρτημα ${position}`,
    listOfTables: 'Κατάλογος πινάκων',
    listOfFigures: 'Κατάλογος εικόνων',
    coFunded: 'Με τη συγχρηματοδότηση της Ευρωπαϊκής Ένωσης',
    funded: 'Χρηματοδοτείται από την Ευρωπαϊκή Ένωση',
    disclaimer: (authority) =>
      `Χρηματοδοτείται από την Ευρωπαϊκή Ένωση. Οι απόψεις και οι γνώμες που διατυπώνονται εκφράζουν αποκλειστικά τις απόψεις των συντακτών και δεν αντιπροσωπεύουν κατ’ ανάγκη τις απόψεις της Ευρωπαϊκής Ένωσης ή ${authority}. Η Ευρωπαϊκή Ένωση και η αρχή χορήγησης δεν μπορούν να θεωρηθούν υπεύθυνες για τις εκφραζόμενες απόψεις.`,
    grantingAuthority: 'της αρχής χορήγησης',
  },
  it: {
    contents: 'Indice',
    pageOf: (page, pages) => `Pagina ${page} di ${pages}`,
    figure: 'Figura',
    table: 'Tabella',
    coverage: 'Competenze sviluppate da ciascun modulo (livelli attesi)',
    competence: 'Competenza',
    item: (position) => `Voce ${position}`,
    noDate: 's.d.',
    annex: (position) => `Allegato ${position}`,
    listOfTables: 'Elenco delle tabelle',
    listOfFigures: 'Elenco delle figure',
    coFunded: "Cofinanziato dall'Unione europea",
    funded: "Finanziato dall'Unione europea",
    disclaimer: (authority) =>
      `Finanziato dall'Unione europea. Le opinioni espresse appartengono, tuttavia, al solo o ai soli autori e non riflettono necessariamente le opinioni dell'Unione europea o ${authority}. Né l'Unione europea né l'amministrazione erogatrice possono esserne ritenute responsabili.`,
    grantingAuthority: "dell'autorità concedente",
  },
  ro: {
    contents: 'Cuprins',
    pageOf: (page, pages) => `Pagina ${page} din ${pages}`,
    figure: 'Figura',
    table: 'Tabelul',
    coverage: 'Competențe dezvoltate de fiecare modul (niveluri țintă)',
    competence: 'Competență',
    item: (position) => `Elementul ${position}`,
    noDate: 'f.a.',
    annex: (position) => `Anexa ${position}`,
    listOfTables: 'Lista tabelelor',
    listOfFigures: 'Lista figurilor',
    coFunded: 'Cofinanțat de Uniunea Europeană',
    funded: 'Finanțat de Uniunea Europeană',
    disclaimer: (authority) =>
      `Finanțat de Uniunea Europeană. Punctele de vedere și opiniile exprimate aparțin însă exclusiv autorului (autorilor) și nu reflectă neapărat punctele de vedere și opiniile Uniunii Europene sau ale ${authority}. Nici Uniunea Europeană și nici autoritatea care acordă finanțarea nu pot fi considerate răspunzătoare pentru acestea.`,
    grantingAuthority: 'autorității care acordă finanțarea',
  },
  es: {
    contents: 'Índice',
    pageOf: (page, pages) => `Página ${page} de ${pages}`,
    figure: 'Figura',
    table: 'Tabla',
    coverage: 'Competencias desarrolladas por cada módulo (niveles objetivo)',
    competence: 'Competencia',
    item: (position) => `Elemento ${position}`,
    noDate: 's. f.',
    annex: (position) => `Anexo ${position}`,
    listOfTables: 'Índice de tablas',
    listOfFigures: 'Índice de figuras',
    coFunded: 'Cofinanciado por la Unión Europea',
    funded: 'Financiado por la Unión Europea',
    disclaimer: (authority) =>
      `Financiado por la Unión Europea. Las opiniones y puntos de vista expresados solo comprometen a su(s) autor(es) y no reflejan necesariamente los de la Unión Europea o ${authority}. Ni la Unión Europea ni la autoridad otorgante pueden ser considerados responsables de ellos.`,
    grantingAuthority: 'de la autoridad otorgante',
  },
}

export const EXPORT_LANGUAGES: readonly PartnerLanguage[] = PARTNER_LANGUAGES

export function exportStrings(language: string): ExportStrings {
  return (STRINGS as Record<string, ExportStrings | undefined>)[language] ?? STRINGS.en
}
