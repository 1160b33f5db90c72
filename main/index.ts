/// <reference types="electron-vite/node" />
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startApp } from './lifecycle'
// electron-vite bundles the worker on its own (?modulePath), so it shares no chunk with this bundle.
import exportWorkerPath from './export-worker.entry?modulePath'
// The export worker starts a few of these to lay out a publication's parts side by side.
import partWorkerPath from '../core/export/pdf/part-worker.entry?modulePath'

startApp({
  outDir: dirname(fileURLToPath(import.meta.url)),
  env: process.env,
  exportWorkerPath,
  partWorkerPath,
})
