/**
 * The template engine's pure side, importable by the renderer as well as by Node. Reading and writing files is
 * in load-from-disk.ts, which only Node code imports.
 */
export * from './catalogue'
export * from './completeness'
export * from './consistency'
export * from './domain-checks'
export * from './field-values'
export * from './group-paths'
export * from './localise'
export * from './migrate-document'
export * from './problems'
export * from './template-checks'
export * from './template-schema'
export * from './template-walk'
export * from './example-project'
