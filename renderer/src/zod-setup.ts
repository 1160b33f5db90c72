import { z } from 'zod'

// zod 4 builds fast object parsers with `new Function`, which the renderer's CSP (no 'unsafe-eval') refuses and
// reports as a violation. This module must be the first import of the entry so it runs before any schema exists.
z.config({ jitless: true })
