import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AtomicWriter, hostTagOf, parseTempName } from './atomic-write'
import { nodeFileSystem } from './file-system'
import { faultyFileSystem } from './faulty-file-system'
import type { FaultyFileSystem, FileSystemStep } from './faulty-file-system'
import { KeyedQueue } from './keyed-queue'
import { makeTempDir } from './test-support'

let dir: string
let fs: FaultyFileSystem
let writer: AtomicWriter

beforeEach(async () => {
  dir = await makeTempDir('atomic')
  fs = faultyFileSystem(nodeFileSystem)
  writer = new AtomicWriter(fs, { pid: 4242, hostname: 'test-host' })
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the atomic writer', () => {
  it('names each temp file uniquely, next to its target, after the writing process', () => {
    const names = Array.from({ length: 50 }, () => writer.tempPathFor(join(dir, 'doc.json')))
    expect(new Set(names).size).toBe(50)
    for (const name of names) {
      expect(name.startsWith(join(dir, '.doc.json.'))).toBe(true)
      expect(parseTempName(name.slice(dir.length + 1))).toEqual({
        hostTag: hostTagOf('test-host'),
        pid: 4242,
      })
    }
    expect(parseTempName('doc.json')).toBeUndefined()
    expect(parseTempName('.doc.json.tmp')).toBeUndefined()
  })

  it.each(['open', 'write', 'fsync', 'fstat', 'close', 'rename'] satisfies FileSystemStep[])(
    'leaves the old file whole and no temp file behind when %s fails',
    async (step) => {
      const target = join(dir, 'doc.json')
      await writeFile(target, '{"old":true}')
      fs.setRule((call) => (call.step === step ? 'EIO' : undefined))
      await expect(writer.write(target, '{"new":true}')).rejects.toMatchObject({ code: 'EIO' })
      expect(await readFile(target, 'utf8')).toBe('{"old":true}')
      expect(await readdir(dir)).toEqual(['doc.json'])
    },
  )

  it('runs the caller’s backup step after the temp file is complete and before the rename', async () => {
    const target = join(dir, 'doc.json')
    await writeFile(target, 'old')
    const seen: string[] = []
    await writer.write(target, 'new', async () => {
      seen.push(await readFile(target, 'utf8'))
      seen.push(fs.calls.map((call) => call.step).join(','))
    })
    expect(seen).toEqual(['old', 'open,write,fsync,fstat,close'])
    expect(await readFile(target, 'utf8')).toBe('new')
  })

  it('removes only the leftovers it is told are abandoned, and temp folders too', async () => {
    const mine = `.a.json.${hostTagOf('test-host')}-999-1.tmp`
    const theirs = `.b.json.${hostTagOf('other-host')}-999-2.tmp`
    await writeFile(join(dir, mine), 'x')
    await writeFile(join(dir, theirs), 'x')
    await mkdir(join(dir, `.staging.${hostTagOf('test-host')}-999-3.tmp`, 'documents'), { recursive: true })
    await writeFile(join(dir, 'keep.json'), 'x')
    await writer.removeLeftovers(dir, (owner) => owner.hostTag === hostTagOf('test-host'))
    expect((await readdir(dir)).sort()).toEqual([theirs, 'keep.json'].sort())
    await writer.removeLeftovers(join(dir, 'missing'), () => true)
  })
})

describe('the keyed queue', () => {
  it('runs tasks of one key in order, even when one fails, and tasks of different keys side by side', async () => {
    const queue = new KeyedQueue()
    const order: string[] = []
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const first = queue.run('a', async () => {
      await gate
      order.push('a1')
      throw new Error('a1 failed')
    })
    const second = queue.run('a', async () => void order.push('a2'))
    await queue.run('b', async () => void order.push('b1'))
    release()
    await expect(first).rejects.toThrow('a1 failed')
    await second
    await queue.idle()
    expect(order).toEqual(['b1', 'a1', 'a2'])
  })
})
