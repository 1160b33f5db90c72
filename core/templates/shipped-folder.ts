import { join } from 'node:path'

/**
 * The repository's templates/ folder, for the faces that run from source (the CLI through tsx, the tests, the
 * benchmarks). The packaged app does not use this: main/ passes the folder inside its own resources.
 */
export const SHIPPED_TEMPLATES_DIR = join(import.meta.dirname, '..', '..', 'templates')
