import { crc32, deflateSync } from 'node:zlib'

/**
 * Encodes 8-bit RGB pixels as a PNG, for the pictures the app and its benches and tests make up themselves (the
 * export worker's warm-up, the reference deliverable's annex): no image library for a few lines of format.
 */
export function rgbPng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => readonly [number, number, number],
): Uint8Array {
  const rowBytes = width * 3 + 1
  // Each row starts with its filter type, 0: the bytes as they are.
  const rows = Buffer.alloc(rowBytes * height)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), y * rowBytes + 1 + x * 3)
  const chunk = (type: string, data: Uint8Array) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const check = Buffer.alloc(4)
    check.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, check])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  // Bit depth 8, colour type 2 (RGB), default compression and filtering, no interlace.
  header.set([8, 2, 0, 0, 0], 8)
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', new Uint8Array()),
  ])
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength)
}
