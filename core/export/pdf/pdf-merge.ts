/**
 * Puts the laid-out parts of a publication together into one PDF, at the level of the file: the objects each
 * page needs are copied with new numbers (streams byte for byte: fonts, pictures and page contents are not decoded
 * or compressed again), and the document-wide objects are written anew — one page tree, one name tree of every
 * part's destinations (the links inside the parts name them, so contents, lists and cross-references lead across
 * parts), the bookmarks, the metadata. The footers come as a PDF of their own, laid out by pdfmake with the final
 * numbers, whose pages are drawn on the body pages as form XObjects.
 *
 * It reads only what pdfkit (through pdfmake 0.3.11) writes: a classic cross-reference table, no object streams,
 * generation 0, stream lengths given directly. A general PDF library (pdf-lib) took 0.6 s for 37 pages here, most
 * of it parsing and writing objects this copies as they are; this stays near the cost of copying the bytes.
 */

/** A PDF value as read: names and references are kept apart; strings and numbers keep their exact text. */
type PdfValue = PdfName | PdfRef | PdfToken | PdfValue[] | PdfDict

class PdfName {
  constructor(readonly name: string) {}
}
class PdfRef {
  constructor(readonly id: number) {}
}
/** A number, string, boolean or null, as written: copied through unchanged. */
class PdfToken {
  constructor(readonly text: string) {}
}
type PdfDict = Map<string, PdfValue>

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20])
const DELIMITER = new Set([...'()<>[]{}/%'].map((char) => char.charCodeAt(0)))

/** Reads PDF values from a file's text (latin1: one character per byte, so offsets are byte offsets). */
class Reader {
  position = 0
  constructor(readonly text: string) {}

  private skipWhite() {
    const { text } = this
    for (;;) {
      const code = text.charCodeAt(this.position)
      if (WHITE.has(code)) this.position++
      else if (code === 0x25 /* % */)
        while (this.position < text.length && text[this.position] !== '\n') this.position++
      else return
    }
  }

  private word(): string {
    const start = this.position
    const { text } = this
    while (this.position < text.length) {
      const code = text.charCodeAt(this.position)
      if (WHITE.has(code) || DELIMITER.has(code)) break
      this.position++
    }
    return text.slice(start, this.position)
  }

  value(): PdfValue {
    this.skipWhite()
    const { text } = this
    const char = text[this.position]
    if (char === '/') {
      this.position++
      return new PdfName(this.word())
    }
    if (char === '[') {
      this.position++
      const items: PdfValue[] = []
      for (;;) {
        this.skipWhite()
        if (text[this.position] === ']') {
          this.position++
          return items
        }
        items.push(this.value())
      }
    }
    if (char === '<' && text[this.position + 1] === '<') {
      this.position += 2
      const dict: PdfDict = new Map()
      for (;;) {
        this.skipWhite()
        if (text[this.position] === '>') {
          this.position += 2
          return dict
        }
        const key = this.value()
        if (!(key instanceof PdfName))
          throw new Error(`A PDF dictionary key is not a name at ${this.position}.`)
        dict.set(key.name, this.value())
      }
    }
    if (char === '<') {
      const end = text.indexOf('>', this.position)
      const token = new PdfToken(text.slice(this.position, end + 1))
      this.position = end + 1
      return token
    }
    if (char === '(') {
      const start = this.position
      let depth = 0
      for (;;) {
        const current = text[this.position++]
        if (current === '\\') this.position++
        else if (current === '(') depth++
        else if (current === ')' && --depth === 0) break
      }
      return new PdfToken(text.slice(start, this.position))
    }
    const word = this.word()
    if (word === '') throw new Error(`Unexpected "${char}" in a PDF at ${this.position}.`)
    // "12 0 R" is a reference: look ahead for the generation and the R.
    if (/^\d+$/.test(word)) {
      const saved = this.position
      this.skipWhite()
      const generation = this.word()
      this.skipWhite()
      if (/^\d+$/.test(generation) && text[this.position] === 'R') {
        this.position++
        return new PdfRef(Number(word))
      }
      this.position = saved
    }
    return new PdfToken(word)
  }
}

function write(value: PdfValue, renumber: (id: number) => number): string {
  if (value instanceof PdfRef) return `${renumber(value.id)} 0 R`
  if (value instanceof PdfName) return `/${value.name}`
  if (value instanceof PdfToken) return value.text
  if (Array.isArray(value)) return `[${value.map((item) => write(item, renumber)).join(' ')}]`
  const entries: string[] = []
  for (const [key, inner] of value) entries.push(`/${key} ${write(inner, renumber)}`)
  return `<<\n${entries.join('\n')}\n>>`
}

interface PdfObject {
  value: PdfValue
  /** The stream's bytes, as stored (still compressed). */
  stream?: Uint8Array
}

/** One PDF as pdfkit wrote it: its objects, read when asked for. */
class SourcePdf {
  private readonly text: string
  private readonly offsets: number[] = []
  private readonly objects = new Map<number, PdfObject>()
  readonly trailer: PdfDict

  constructor(private readonly bytes: Uint8Array) {
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
    const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(this.text.slice(-64))
    if (!start) throw new Error('A laid-out part is not a complete PDF.')
    const xref = Number(start[1])
    const header = /^xref\s+0\s+(\d+)\s+/.exec(this.text.slice(xref, xref + 32))
    if (!header) throw new Error('A laid-out part has no classic cross-reference table.')
    const count = Number(header[1])
    let at = xref + header[0].length
    for (let id = 0; id < count; id++, at += 20) this.offsets.push(Number(this.text.slice(at, at + 10)))
    const reader = new Reader(this.text)
    reader.position = this.text.indexOf('trailer', at) + 'trailer'.length
    this.trailer = reader.value() as PdfDict
  }

  object(id: number): PdfObject {
    const known = this.objects.get(id)
    if (known) return known
    const reader = new Reader(this.text)
    reader.position = this.text.indexOf('obj', this.offsets[id]!) + 3
    const value = reader.value()
    let object: PdfObject = { value }
    const after = /^\s*stream\r?\n/.exec(this.text.slice(reader.position, reader.position + 16))
    if (after && value instanceof Map) {
      const length = value.get('Length')
      if (!(length instanceof PdfToken)) throw new Error('A stream of a laid-out part has no direct length.')
      const begin = reader.position + after[0].length
      object = { value, stream: this.bytes.subarray(begin, begin + Number(length.text)) }
    }
    this.objects.set(id, object)
    return object
  }

  dict(value: PdfValue | undefined): PdfDict {
    const resolved = value instanceof PdfRef ? this.object(value.id).value : value
    if (!(resolved instanceof Map)) throw new Error('A laid-out part is missing a dictionary it should have.')
    return resolved
  }

  get catalog(): PdfDict {
    return this.dict(this.trailer.get('Root'))
  }

  /** The page objects' ids, in order (pdfkit writes one flat page tree). */
  pages(): number[] {
    const kids = this.dict(this.catalog.get('Pages')).get('Kids')
    if (!Array.isArray(kids)) throw new Error('A laid-out part has no pages.')
    return kids.map((kid) => (kid as PdfRef).id)
  }

  /** The named destinations: name (as written) → the destination array. */
  destinations(): Array<[PdfToken, PdfValue[]]> {
    const names = this.catalog.get('Names')
    if (!names) return []
    const tree = this.dict(this.dict(names).get('Dests'))
    const flat = tree.get('Names')
    if (!Array.isArray(flat)) return []
    const found: Array<[PdfToken, PdfValue[]]> = []
    for (let index = 0; index + 1 < flat.length; index += 2)
      found.push([flat[index] as PdfToken, flat[index + 1] as PdfValue[]])
    return found
  }
}

/** Every reference in a value, but not a page's Parent: the page tree is written anew. */
function referencesOf(value: PdfValue, found: number[] = []): number[] {
  if (value instanceof PdfRef) found.push(value.id)
  else if (Array.isArray(value)) for (const item of value) referencesOf(item, found)
  else if (value instanceof Map)
    for (const [key, inner] of value) if (key !== 'Parent') referencesOf(inner, found)
  return found
}

/** A PDF text string in UTF-16BE with its byte order mark, as pdfkit writes text that is not plain ASCII. */
function textString(value: string): PdfToken {
  let hex = 'FEFF'
  for (let index = 0; index < value.length; index++)
    hex += value.charCodeAt(index).toString(16).padStart(4, '0')
  return new PdfToken(`<${hex}>`)
}

/** A date as PDF metadata writes it (D:YYYYMMDDHHmmssZ), in UTC as pdfkit does. */
function pdfDate(date: Date): PdfToken {
  const iso = date.toISOString()
  return new PdfToken(`(D:${iso.slice(0, 19).replace(/[-T:]/g, '')}Z)`)
}

export interface MergeOutlineEntry {
  id: string
  title: string
  parentId?: string
  /** The page within the merged file, from 0. */
  page: number
}

export interface MergeInput {
  /** The parts in order. The footers' PDF has one page for each page of the parts after the first. */
  parts: readonly Uint8Array[]
  footers: Uint8Array
  outline: readonly MergeOutlineEntry[]
  info: {
    title: string
    author: string
    subject?: string
    keywords?: string
    creator: string
    producer: string
    date: Date
  }
  language: string
}

/** Output objects: written in order, numbered from 1. */
class Output {
  private readonly chunks: Uint8Array[] = []
  private readonly offsets: number[] = []
  private length = 0
  private next = 1

  constructor() {
    this.push('%PDF-1.3\n%\xff\xff\xff\xff\n')
  }

  private push(data: string | Uint8Array) {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'latin1') : data
    this.chunks.push(chunk)
    this.length += chunk.length
  }

  reserve(): number {
    return this.next++
  }

  write(id: number, text: string, stream?: Uint8Array) {
    this.offsets[id] = this.length
    this.push(`${id} 0 obj\n${text}\n`)
    if (stream) {
      this.push('stream\n')
      this.push(stream)
      this.push('\nendstream\n')
    }
    this.push('endobj\n')
  }

  finish(root: number, info: number): Uint8Array {
    const xref = this.length
    const lines = [`xref\n0 ${this.next}\n0000000000 65535 f \n`]
    for (let id = 1; id < this.next; id++)
      lines.push(`${String(this.offsets[id]).padStart(10, '0')} 00000 n \n`)
    lines.push(
      `trailer\n<<\n/Size ${this.next}\n/Root ${root} 0 R\n/Info ${info} 0 R\n>>\nstartxref\n${xref}\n%%EOF\n`,
    )
    this.push(lines.join(''))
    const file = Buffer.concat(this.chunks)
    // A plain Uint8Array, as the one-piece writer gives: a Buffer does not cross every bridge as bytes.
    return new Uint8Array(file.buffer, file.byteOffset, file.byteLength)
  }
}

/** Copies objects of one source into the output, each once, renumbered on first sight. */
function copier(source: SourcePdf, output: Output) {
  const numbers = new Map<number, number>()
  const renumber = (id: number): number => {
    let number = numbers.get(id)
    if (number === undefined) {
      number = output.reserve()
      numbers.set(id, number)
    }
    return number
  }
  /** Writes an object and everything it refers to that is not written yet; Parent links are left to the caller. */
  const copy = (ids: readonly number[], written = new Set<number>()) => {
    const queue = [...ids]
    while (queue.length > 0) {
      const id = queue.shift()!
      if (written.has(id)) continue
      written.add(id)
      const { value, stream } = source.object(id)
      output.write(renumber(id), write(value, renumber), stream)
      for (const inner of referencesOf(value)) if (!written.has(inner)) queue.push(inner)
    }
    return written
  }
  return { renumber, copy }
}

export function mergeParts(input: MergeInput): Uint8Array {
  const output = new Output()
  const pagesId = output.reserve()
  const pageIds: number[] = []
  const destinations = new Map<string, string>()
  const footers = new SourcePdf(input.footers)
  const footerPages = footers.pages()
  const footerCopier = copier(footers, output)
  const footerWritten = new Set<number>()
  let footerIndex = 0
  // pdfkit flips the page's coordinates at the start of its content and never restores them: the body's content
  // is put between q and Q, so the footer form is drawn in the page's own coordinates.
  const save = Buffer.from('q', 'latin1')
  const saveId = output.reserve()
  output.write(saveId, `<<\n/Length ${save.length}\n>>`, save)
  const call = Buffer.from('Q /HecsosFooter Do', 'latin1')
  for (const [partIndex, bytes] of input.parts.entries()) {
    const source = new SourcePdf(bytes)
    const { renumber, copy } = copier(source, output)
    const pages = source.pages()
    const written = new Set<number>(pages)
    for (const id of pages) {
      const page = new Map(source.dict(new PdfRef(id)))
      page.delete('Parent')
      if (partIndex > 0) {
        // The footer: the footers' page drawn on this one, as a form carrying its own resources (font, state).
        const footerPage = footers.dict(new PdfRef(footerPages[footerIndex++]!))
        const contents = footerPage.get('Contents') as PdfRef
        const form = new Map(footers.dict(contents))
        form.set('Type', new PdfName('XObject'))
        form.set('Subtype', new PdfName('Form'))
        form.set('BBox', footerPage.get('MediaBox')!)
        form.set('Resources', footerPage.get('Resources')!)
        const formId = output.reserve()
        output.write(formId, write(form, footerCopier.renumber), footers.object(contents.id).stream)
        footerCopier.copy(referencesOf(form), footerWritten)
        const callId = output.reserve()
        output.write(callId, `<<\n/Length ${call.length}\n>>`, call)
        // The page's resources, with the footer form added under a name pdfkit never gives.
        const resources = new Map(source.dict(page.get('Resources')))
        const xobjects = new Map(resources.has('XObject') ? source.dict(resources.get('XObject')) : [])
        xobjects.set('HecsosFooter', new PdfToken(`${formId} 0 R`))
        resources.set('XObject', xobjects)
        page.set('Resources', resources)
        page.set('Contents', [
          new PdfToken(`${saveId} 0 R`),
          page.get('Contents')!,
          new PdfToken(`${callId} 0 R`),
        ])
      }
      page.set('Parent', new PdfToken(`${pagesId} 0 R`))
      output.write(renumber(id), write(page, renumber))
      copy(referencesOf(page), written)
    }
    pageIds.push(...pages.map((id) => renumber(id)))
    for (const [name, destination] of source.destinations())
      destinations.set(name.text, write(destination, renumber))
  }

  output.write(
    pagesId,
    `<<\n/Type /Pages\n/Count ${pageIds.length}\n/Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}]\n>>`,
  )
  // Name trees are sorted by key; the ids are ASCII in literal strings, so their text sorts the same.
  const names = [...destinations.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const namesId = output.reserve()
  output.write(
    namesId,
    `<<\n/Dests <<\n/Names [\n${names.map((name) => `${name} ${destinations.get(name)!}`).join('\n')}\n]\n>>\n>>`,
  )
  const outlineId =
    input.outline.length > 0 ? writeOutline(output, input.outline, destinations, pageIds) : undefined
  const info: PdfDict = new Map<string, PdfValue>([
    ['Title', textString(input.info.title)],
    ['Author', textString(input.info.author)],
  ])
  if (input.info.subject) info.set('Subject', textString(input.info.subject))
  if (input.info.keywords) info.set('Keywords', textString(input.info.keywords))
  info.set('Creator', textString(input.info.creator))
  info.set('Producer', textString(input.info.producer))
  info.set('CreationDate', pdfDate(input.info.date))
  info.set('ModDate', pdfDate(input.info.date))
  const infoId = output.reserve()
  output.write(
    infoId,
    write(info, (id) => id),
  )
  const catalog: PdfDict = new Map<string, PdfValue>([
    ['Type', new PdfName('Catalog')],
    ['Pages', new PdfToken(`${pagesId} 0 R`)],
    ['Names', new PdfToken(`${namesId} 0 R`)],
    ['Lang', textString(input.language)],
  ])
  if (outlineId !== undefined) {
    catalog.set('Outlines', new PdfToken(`${outlineId} 0 R`))
    catalog.set('PageMode', new PdfName('UseOutlines'))
  }
  const rootId = output.reserve()
  output.write(
    rootId,
    write(catalog, (id) => id),
  )
  return output.finish(rootId, infoId)
}

/**
 * The bookmarks: one per heading, under the heading its entry names as parent (as pdfmake nests them), closed as
 * pdfmake leaves them, each leading to the heading's own destination (its page, when it has none).
 */
function writeOutline(
  output: Output,
  entries: readonly MergeOutlineEntry[],
  destinations: ReadonlyMap<string, string>,
  pageIds: readonly number[],
): number {
  interface Item {
    id: number
    fields: string[]
    children: Item[]
  }
  const root: Item = { id: output.reserve(), fields: ['/Type /Outlines'], children: [] }
  const byId = new Map<string, Item>()
  for (const entry of entries) {
    const parent = (entry.parentId !== undefined ? byId.get(entry.parentId) : undefined) ?? root
    const destination = destinations.get(`(${entry.id})`) ?? `[${pageIds[entry.page]!} 0 R /Fit]`
    const item: Item = {
      id: output.reserve(),
      fields: [`/Title ${textString(entry.title).text}`, `/Parent ${parent.id} 0 R`, `/Dest ${destination}`],
      children: [],
    }
    parent.children.push(item)
    byId.set(entry.id, item)
  }
  const emit = (item: Item) => {
    const { children } = item
    if (children.length > 0) {
      item.fields.push(`/First ${children[0]!.id} 0 R`, `/Last ${children[children.length - 1]!.id} 0 R`)
      // Closed: a negative count of the items beneath; the root counts the top level, which shows.
      item.fields.push(`/Count ${item === root ? children.length : -children.length}`)
    }
    children.forEach((child, index) => {
      if (index > 0) child.fields.push(`/Prev ${children[index - 1]!.id} 0 R`)
      if (index < children.length - 1) child.fields.push(`/Next ${children[index + 1]!.id} 0 R`)
      emit(child)
    })
    output.write(item.id, `<<\n${item.fields.join('\n')}\n>>`)
  }
  emit(root)
  return root.id
}
