/**
 * The European flag (the EU emblem) as geometry, so every exporter draws it as vectors and no image file ships
 * or is downloaded. Proportions from the EU's graphic specifications: the flag is 1.5 times as wide as it is
 * high; twelve five-pointed gold stars, each inscribed in a circle whose radius is one eighteenth of the height,
 * stand upright at the hours of a clock on a circle whose radius is a third of the height, centred on the flag.
 */

export const EU_BLUE = '#003399'
export const EU_GOLD = '#FFCC00'

export type Point = [number, number]

export interface Emblem {
  width: number
  height: number
  /** Each star as ten points (outer and inner corners in turn), in a coordinate system whose y grows downwards. */
  stars: Point[][]
}

/** Inner corners of a regular five-pointed star sit at this fraction of its outer radius (sin 18° / sin 54°). */
const INNER = Math.sin(Math.PI / 10) / Math.sin((3 * Math.PI) / 10)

export function euEmblem(height: number): Emblem {
  const width = height * 1.5
  const centre: Point = [width / 2, height / 2]
  const ring = height / 3
  const outer = height / 18
  const stars: Point[][] = []
  for (let hour = 0; hour < 12; hour++) {
    const angle = (hour * Math.PI) / 6
    const cx = centre[0] + ring * Math.sin(angle)
    const cy = centre[1] - ring * Math.cos(angle)
    const star: Point[] = []
    for (let corner = 0; corner < 10; corner++) {
      // Upright: the first corner points straight up, whatever the star's place on the ring.
      const a = (corner * Math.PI) / 5
      const r = corner % 2 === 0 ? outer : outer * INNER
      star.push([round(cx + r * Math.sin(a)), round(cy - r * Math.cos(a))])
    }
    stars.push(star)
  }
  return { width, height, stars }
}

const round = (value: number) => Math.round(value * 1000) / 1000

/** The emblem as an SVG document (for DOCX, where Word draws SVG pictures as vectors). */
export function euEmblemSvg(height: number): string {
  const emblem = euEmblem(height)
  const stars = emblem.stars
    .map((star) => `<polygon fill="${EU_GOLD}" points="${star.map(([x, y]) => `${x},${y}`).join(' ')}"/>`)
    .join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${emblem.width}" height="${emblem.height}" ` +
    `viewBox="0 0 ${emblem.width} ${emblem.height}"><rect width="${emblem.width}" height="${emblem.height}" ` +
    `fill="${EU_BLUE}"/>${stars}</svg>`
  )
}

/** True when the point lies inside the polygon (even-odd rule). */
function inside(point: Point, polygon: readonly Point[]): boolean {
  let result = false
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!
    const [xj, yj] = polygon[j]!
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi)
      result = !result
  }
  return result
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

/**
 * The emblem as a small PNG: Word requires a bitmap beside every SVG picture for older readers. Written with
 * uncompressed ("stored") deflate blocks, so it needs no compression library and runs anywhere the builder runs.
 */
export function euEmblemPng(height: number): Uint8Array {
  const emblem = euEmblem(height)
  const width = Math.round(emblem.width)
  const gold = [0xff, 0xcc, 0x00]
  const blue = [0x00, 0x33, 0x99]
  const row = width * 3 + 1
  const raw = new Uint8Array(row * height)
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0
    for (let x = 0; x < width; x++) {
      const point: Point = [x + 0.5, y + 0.5]
      const colour = emblem.stars.some((star) => inside(point, star)) ? gold : blue
      raw.set(colour, y * row + 1 + x * 3)
    }
  }
  const blocks: number[] = [0x78, 0x01]
  for (let offset = 0; offset < raw.length; offset += 65535) {
    const size = Math.min(65535, raw.length - offset)
    const last = offset + size >= raw.length ? 1 : 0
    blocks.push(last, size & 0xff, size >> 8, ~size & 0xff, (~size >> 8) & 0xff)
    for (let index = 0; index < size; index++) blocks.push(raw[offset + index]!)
  }
  let a = 1
  let b = 0
  for (const byte of raw) {
    a = (a + byte) % 65521
    b = (b + a) % 65521
  }
  const adler = ((b << 16) | a) >>> 0
  blocks.push(adler >>> 24, (adler >>> 16) & 0xff, (adler >>> 8) & 0xff, adler & 0xff)
  const chunk = (type: string, data: Uint8Array): number[] => {
    const typed = new Uint8Array(4 + data.length)
    for (let index = 0; index < 4; index++) typed[index] = type.charCodeAt(index)
    typed.set(data, 4)
    const crc = crc32(typed)
    return [...uint32(data.length), ...typed, ...uint32(crc)]
  }
  const header = new Uint8Array([...uint32(width), ...uint32(height), 8, 2, 0, 0, 0])
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', header),
    ...chunk('IDAT', new Uint8Array(blocks)),
    ...chunk('IEND', new Uint8Array()),
  ])
}

function uint32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]
}
