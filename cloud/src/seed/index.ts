/**
 * The demo data set: importing this file registers every module's seed on `demoSeeds`, in import
 * order (which is the order they run in). Each module adds one import line, e.g.
 * `import '../modules/topics/seed'`, after the ones it builds on.
 */
import './demo'

export { demoSeeds, registerSeed, SeedRegistry } from './registry'
export type { SeedContext, SeedFn } from './registry'
export { runSeeds } from './run'
