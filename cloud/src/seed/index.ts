/**
 * The demo data set: importing this file registers every module's seed on `demoSeeds`.
 * No domain module exists yet (identity and topics come later), so nothing is registered here;
 * each module adds one import line, e.g. `import '../modules/topics/seed'`.
 */
export { demoSeeds, registerSeed, SeedRegistry } from './registry'
export type { SeedContext, SeedFn } from './registry'
export { runSeeds } from './run'
