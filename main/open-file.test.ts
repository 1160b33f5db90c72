import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_PACKAGE_BYTES } from '../core/api/contract'
import { packagePathsIn, readPackageFile, watchOpenedPackages } from './open-file'
import { FakeEvent, app, resetFakeElectron } from './test-support/fake-electron'

vi.mock('electron', () => import('./test-support/fake-electron'))

let folder: string

beforeEach(async () => {
  resetFakeElectron()
  folder = await mkdtemp(join(tmpdir(), 'hecsos-open-file-'))
})
afterEach(async () => {
  await rm(folder, { recursive: true, force: true })
})

async function packageAt(name: string, text = 'PK-bytes'): Promise<string> {
  const path = join(folder, name)
  await writeFile(path, text)
  return path
}

describe('packages named on the command line', () => {
  it('picks the .hecsos files among Electron’s and Chromium’s own arguments, relative to the working folder', () => {
    const argv = [
      '/opt/HECSOs Studio/hecsos-studio',
      '--no-sandbox',
      '.',
      'Partner copy.HECSOS',
      '/home/ana/Downloads/PCCE.hecsos',
      'notes.txt',
      '--user-data-dir=/tmp/x.hecsos',
    ]
    expect(packagePathsIn(argv, '/home/ana/Desktop')).toEqual([
      resolve('/home/ana/Desktop', 'Partner copy.HECSOS'),
      '/home/ana/Downloads/PCCE.hecsos',
    ])
  })

  it('never takes the program itself for a package', () => {
    expect(packagePathsIn(['/tmp/odd-install.hecsos'], '/')).toEqual([])
  })
})

describe('watching for packages the system asks the app to open', () => {
  it('keeps the package that launched the app until the page takes it, then hands it out once', async () => {
    const path = await packageAt('PCCE.hecsos')
    const onWaiting = vi.fn()
    const opened = watchOpenedPackages({ argv: ['hecsos-studio', path], cwd: folder, onWaiting })
    expect(onWaiting).not.toHaveBeenCalled()
    const first = await opened.take()
    expect(first).toEqual([{ fileName: 'PCCE.hecsos', bytes: expect.any(Uint8Array) }])
    expect(new TextDecoder().decode((first[0] as { bytes: Uint8Array }).bytes)).toBe('PK-bytes')
    expect(await opened.take()).toEqual([])
  })

  it('takes a double-click on macOS (open-file), claiming the event so macOS reports no failure', async () => {
    const path = await packageAt('Cluj.hecsos')
    const onWaiting = vi.fn()
    const opened = watchOpenedPackages({ argv: ['HECSOs Studio'], cwd: '/', onWaiting })
    const event = new FakeEvent()
    app.emit('open-file', event, path)
    expect(event.defaultPrevented).toBe(true)
    expect(onWaiting).toHaveBeenCalledTimes(1)
    expect((await opened.take()).map((file) => file.fileName)).toEqual(['Cluj.hecsos'])
  })

  it('takes a double-click while the app runs on Windows and Linux (second-instance), from that launch’s folder', async () => {
    await packageAt('Patras.hecsos')
    const onWaiting = vi.fn()
    const opened = watchOpenedPackages({ argv: ['hecsos-studio'], cwd: '/', onWaiting })
    app.emit('second-instance', new FakeEvent(), ['hecsos-studio', 'Patras.hecsos'], folder)
    // A second launch without a package only brings the window forward (lifecycle.ts); nothing waits.
    app.emit('second-instance', new FakeEvent(), ['hecsos-studio'], folder)
    expect(onWaiting).toHaveBeenCalledTimes(1)
    expect((await opened.take()).map((file) => file.fileName)).toEqual(['Patras.hecsos'])
  })

  it('does not queue the same file twice when it is double-clicked again before the page took it', async () => {
    const path = await packageAt('PCCE.hecsos')
    const onWaiting = vi.fn()
    const opened = watchOpenedPackages({ argv: ['hecsos-studio', path], cwd: '/', onWaiting })
    app.emit('open-file', new FakeEvent(), path)
    expect(onWaiting).not.toHaveBeenCalled()
    expect(await opened.take()).toHaveLength(1)
  })
})

describe('reading a package the user pointed at', () => {
  it('says clearly when the file is gone, a folder, or too large, without reading a large one', async () => {
    expect(await readPackageFile(join(folder, 'gone.hecsos'))).toEqual({
      fileName: 'gone.hecsos',
      problem: 'The file is no longer there: it may have been moved, renamed or deleted.',
    })
    await mkdir(join(folder, 'odd.hecsos'))
    expect(await readPackageFile(join(folder, 'odd.hecsos'))).toEqual({
      fileName: 'odd.hecsos',
      problem: 'This is a folder, not a HECSOs project file.',
    })
    const huge = join(folder, 'huge.hecsos')
    await writeFile(huge, '')
    // A sparse file: its size is past the limit without the disk holding the bytes.
    const { truncate } = await import('node:fs/promises')
    await truncate(huge, MAX_PACKAGE_BYTES + 1)
    expect(await readPackageFile(huge)).toEqual({
      fileName: 'huge.hecsos',
      problem: 'This file is far larger than any HECSOs package; it was not opened.',
    })
  })
})
