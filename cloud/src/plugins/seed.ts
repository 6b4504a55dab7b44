/**
 * Loads demo data when the app becomes ready (after the DB connects, before it listens), so a
 * fresh `npm start` shows something. Runs only when asked (`startStack` on DEMO_MODE).
 */
import fp from 'fastify-plugin'
import { runSeeds } from '../seed/run'
import type { SeedRegistry } from '../seed/registry'

export default fp<{ registry: SeedRegistry }>(
  async (app, { registry }) => {
    app.addHook('onReady', async () => {
      await runSeeds(app.db, registry, app.log)
    })
  },
  { name: 'seed', dependencies: ['db'] },
)
