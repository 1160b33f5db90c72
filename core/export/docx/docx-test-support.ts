import { inflateRawSync } from 'node:zlib'

/**
 * The parts of a .docx, read straight from its zip, so the builder's tests can look at the XML it writes without
 * a zip library or an unzip binary. Reads the central directory; stored and deflated entries only (all docx writes).
 */
export function readZipParts(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let end = bytes.length - 22
  // The end-of-central-directory record: its signature, searched from the end past any comment.
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end -= 1
  if (end < 0) throw new Error('not a zip file')
  const count = view.getUint16(end + 10, true)
  let entry = view.getUint32(end + 16, true)
  const decoder = new TextDecoder()
  const parts = new Map<string, string>()
  for (let index = 0; index < count; index++) {
    const method = view.getUint16(entry + 10, true)
    const compressedSize = view.getUint32(entry + 20, true)
    const nameLength = view.getUint16(entry + 28, true)
    const extraLength = view.getUint16(entry + 30, true)
    const commentLength = view.getUint16(entry + 32, true)
    const localHeader = view.getUint32(entry + 42, true)
    const name = decoder.decode(bytes.subarray(entry + 46, entry + 46 + nameLength))
    const dataStart =
      localHeader + 30 + view.getUint16(localHeader + 26, true) + view.getUint16(localHeader + 28, true)
    const data = bytes.subarray(dataStart, dataStart + compressedSize)
    parts.set(name, decoder.decode(method === 8 ? inflateRawSync(data) : data))
    entry += 46 + nameLength + extraLength + commentLength
  }
  return parts
}
