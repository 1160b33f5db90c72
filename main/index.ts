import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startApp } from './lifecycle'

startApp({ outDir: dirname(fileURLToPath(import.meta.url)), env: process.env })
