/**
 * Demo data, registered by the modules that own it and run once per database (see `run.ts`).
 * A module adds `registerSeed('topics', async ({ db }) => { ... })` in its own `seed.ts`, imported
 * from `seed/index.ts`. Seeds must only insert (never wipe): they run on a developer's real data.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Connection } from 'mongoose'

export interface SeedContext {
  db: Connection
  log: FastifyBaseLogger
}

export type SeedFn = (context: SeedContext) => Promise<void>

export class SeedRegistry {
  private readonly seeds = new Map<string, SeedFn>()

  register(name: string, fn: SeedFn): void {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`seed name must be kebab-case: ${name}`)
    if (this.seeds.has(name)) throw new Error(`seed already registered: ${name}`)
    this.seeds.set(name, fn)
  }

  /** In registration order, which is the order they run in. */
  entries(): Array<[string, SeedFn]> {
    return [...this.seeds]
  }
}

/** The registry `startStack` runs on first start when DEMO_MODE is on. */
export const demoSeeds = new SeedRegistry()

export function registerSeed(name: string, fn: SeedFn): void {
  demoSeeds.register(name, fn)
}
