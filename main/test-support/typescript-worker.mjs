// Starts a worker thread from TypeScript source, for tests: tsx's loader is registered inside the thread (a
// loader given in the worker's execArgv is not applied under vitest), then the module named in argv[2] runs.
import { register } from 'tsx/esm/api'

register()
await import(process.argv[2])
