import { beforeAll, describe, expect, it } from 'vitest'
import { richTextFromParagraphs } from '../model'
import { documentToPrint, sourceInlines } from './document-to-print'
import {
  blockText,
  inlineText,
  type Block,
  type HeadingBlock,
  type LabelledValuesBlock,
  type ListBlock,
  type TableBlock,
} from './print-model'
import { exportStrings } from './strings'
import { loadExampleFixture, type ExampleFixture } from './test-support'

let fixture: ExampleFixture
beforeAll(async () => {
  fixture = await loadExampleFixture()
})

const headings = (blocks: readonly Block[]) =>
  blocks.filter((block): block is HeadingBlock => block.kind === 'heading')
const labelled = (blocks: readonly Block[]) =>
  new Map(
    blocks
      .filter((block): block is LabelledValuesBlock => block.kind === 'labelledValues')
      .flatMap((block) => block.entries.map((entry) => [entry.label, inlineText(entry.value)] as const)),
  )
const tables = (blocks: readonly Block[]) =>
  blocks.filter((block): block is TableBlock => block.kind === 'table')
const cellText = (table: TableBlock, row: number, column: number) =>
  blockText(table.rows[row]?.[column]?.blocks ?? [])

describe('documentToPrint on the Greek case study', () => {
  it('numbers the sections in template order, titled in the document’s language', () => {
    const model = fixture.printOf('case-open-schoolyards')
    const sections = headings(model.blocks).filter((heading) => heading.numbering !== '')
    expect(sections.map((heading) => `${heading.numbering} ${heading.text}`)).toEqual([
      '1 Η πρακτική με μια ματιά',
      '2 Πού και γιατί',
      '3 Ποιοι συμμετέχουν',
      '4 Πώς λειτουργεί',
      '5 Αποτελέσματα και δυσκολίες',
      '6 Μεταφορά και διδάγματα',
      '7 Πηγές και επαφές',
    ])
    expect(sections.every((heading) => heading.level === 1 && heading.inContents)).toBe(true)
    expect(model.metadata).toMatchObject({
      title: fixture.byKey('case-open-schoolyards').title,
      language: 'el',
      authors: ['Ελένη Σταυροπούλου', 'Νίκος Παπαδάκης'],
      subject: 'Μελέτη περίπτωσης πρακτικής',
    })
    expect(model.metadata.keywords).toContain('σχολικά προαύλια')
  })

  it('prints short fields as labelled values with Greek vocabulary labels, dates and units', () => {
    const values = labelled(fixture.printOf('case-open-schoolyards').blocks)
    expect(values.get('Χώρα')).toBe('Ελλάδα')
    expect(values.get('Έναρξη')).toBe('1 Σεπτεμβρίου 2021')
    expect(values.get('Κατάσταση')).toBe('Σε εξέλιξη')
    expect(values.get('Στόχοι Βιώσιμης Ανάπτυξης')).toMatch(/^11\. .+; 4\. .+; 10\. /)
    expect([...values.values()].some((value) => /26\.000 EUR/.test(value))).toBe(true)
  })

  it('prints groups as item headings, tables with a header row, lists and sources in one style', () => {
    const model = fixture.printOf('case-open-schoolyards')
    const itemHeadings = headings(model.blocks).filter(
      (heading) => heading.numbering === '' && heading.inContents,
    )
    expect(itemHeadings.map((heading) => heading.text)).toContain('Γειτονιές Αλληλεγγύης')
    const [results] = tables(model.blocks)
    expect(results!.headerRows).toBe(1)
    expect(cellText(results!, 0, 0)).toBe('Αποτέλεσμα ή δείκτης')
    expect(cellText(results!, 1, 0)).toBe('Σχολικά προαύλια ανοιχτά στη γειτονιά')
    const lists = model.blocks.filter((block): block is ListBlock => block.kind === 'list')
    expect(lists.some((list) => blockText(list.items[0]!.blocks) === 'σχολικά προαύλια')).toBe(true)
    expect(blockText(model.blocks)).toContain(
      'Σταυροπούλου, Ε. και Παπαδάκης, Ν. (2024). Ανοιχτές Αυλές: έκθεση αξιολόγησης 2021–2024. Πανεπιστήμιο Θερμαϊκού.',
    )
  })

  it('gives every heading an id of its own', () => {
    const ids = headings(fixture.printOf('case-open-schoolyards').blocks).map((heading) => heading.id)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('documentToPrint on other documents', () => {
  it('prints the Romanian report with ș and ț (comma below) and Romanian labels', () => {
    const model = fixture.printOf('workshop-cluj')
    const text = blockText(model.blocks)
    expect(text).toMatch(/[\u0219\u021B]/u)
    expect(text).not.toMatch(/[\u015F\u0163]/u)
    expect(labelled(model.blocks).get('Țara')).toBe('România')
    expect(tables(model.blocks)[0]!.caption).toBe('Participanți pe tipuri de părți interesate')
  })

  it('prints the curriculum’s references as titles and its coverage matrix as a table', () => {
    const model = fixture.printOf('curriculum')
    const values = labelled(model.blocks)
    expect(values.get('Competency framework')).toBe(fixture.byKey('framework').title)
    const coverage = tables(model.blocks).find((table) => table.caption === exportStrings('en').coverage)
    expect(coverage).toBeDefined()
    expect(cellText(coverage!, 0, 0)).toBe('Competence')
    expect(cellText(coverage!, 0, 1)).toBe('HEC-M01')
    expect(coverage!.rows.length).toBeGreaterThan(2)
    expect(coverage!.rows.slice(1).every((row) => row.length === coverage!.rows[0]!.length)).toBe(true)
    // The outcomes of module 1 develop "facilitation" at level 4.
    expect(coverage!.rows.some((row) => blockText(row[1]!.blocks) === '4')).toBe(true)
  })

  it('never goes deeper than heading level 4: learning outcomes inside modules print as bold lines', () => {
    const model = fixture.printOf('curriculum')
    expect(headings(model.blocks).every((heading) => heading.level <= 4)).toBe(true)
    const statement =
      'Explain the aims and limits of a university–community project to residents in plain language.'
    const line = model.blocks.find((block) => block.kind === 'paragraph' && blockText([block]) === statement)
    expect(line).toEqual({
      kind: 'paragraph',
      inlines: [{ kind: 'text', text: statement, marks: { bold: true } }],
    })
    const moduleHeading = headings(model.blocks).find(
      (heading) => heading.text === 'Foundations of community engagement',
    )
    expect(moduleHeading).toMatchObject({ level: 3, inContents: true })
  })

  it('prints the framework’s level matrix as a wide table of competences × levels', () => {
    const matrix = tables(fixture.printOf('framework').blocks).find((table) => table.rowHeaders)
    expect(matrix).toBeDefined()
    expect(matrix!.wide).toBe(true)
    expect(matrix!.rows[0]).toHaveLength(9)
  })

  it('leaves out empty fields, empty sections and fields the template no longer has', () => {
    const document = { ...fixture.byKey('case-open-schoolyards') }
    const template = fixture.catalogue.templates.get(document.templateId)!
    const model = documentToPrint({
      document: {
        ...document,
        fields: { practiceTitle: 'Only this', oldField: 'retired', summary: richTextFromParagraphs(['']) },
      },
      template,
      vocabularies: fixture.catalogue.vocabularies,
    })
    expect(model.blocks.map((block) => block.kind)).toEqual(['heading', 'labelledValues'])
    expect(blockText(model.blocks)).toBe('1 Η πρακτική με μια ματιά\nΌνομα της πρακτικής: Only this')
  })
})

describe('sourceInlines', () => {
  it('writes Author (Year). Title. Publisher. URL and says when there is no year', () => {
    const source = {
      id: 'src-00000001',
      author: 'Weiß, K.',
      title: 'Nachbarschaft',
      year: null,
      publisher: 'Verlag',
      url: 'https://example.org/a',
    }
    const inlines = sourceInlines(source, exportStrings('de'))
    expect(inlineText(inlines)).toBe('Weiß, K. (o. J.). Nachbarschaft. Verlag. https://example.org/a')
    expect(inlines.find((inline) => inline.kind === 'link')).toMatchObject({ href: 'https://example.org/a' })
  })
})
