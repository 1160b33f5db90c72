import { resolve } from 'node:path'
import { defineConfig, externalizeDepsPlugin } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { lexicalLongTexts } from './build/lexical-long-texts'

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('main/index.ts') } },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        // A sandboxed preload must be CommonJS: with "type": "module" electron-vite would emit ESM,
        // which Electron only loads with sandbox off.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), lexicalLongTexts()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      // One local bundle read from disk at start-up: the web's chunk-size advice does not apply to a desktop app.
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
})
