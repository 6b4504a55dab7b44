/**
 * `app.storage`: where uploaded files live (see `storage.ts`). `DATA_DIR/uploads` by default; memory
 * when `DATA_DIR` is null (tests); any other implementation (object storage) through `options.storage`.
 */
import path from 'node:path'
import fp from 'fastify-plugin'
import type { Config } from '../config'
import { createLocalStorage } from './local'
import { createMemoryStorage } from './memory'
import type { Storage } from './storage'

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage
  }
}

export interface StoragePluginOptions {
  config: Config
  /** An implementation to use instead of the local folder (e.g. object storage). */
  storage?: Storage
}

export function defaultStorage(config: Config): Storage {
  return config.dataDir
    ? createLocalStorage(path.join(config.dataDir, 'uploads'))
    : createMemoryStorage()
}

export default fp<StoragePluginOptions>(
  async (app, options) => {
    app.decorate('storage', options.storage ?? defaultStorage(options.config))
  },
  { name: 'storage' },
)
