/** Persistence for memory-only servers (no dbpath): nothing is written, nothing is recovered. */
import type {
  CollectionImage,
  EffectBatch,
  Persistence,
  RecoveredState,
} from '../persistence/types'

export class MemoryPersistence implements Persistence {
  readonly journalBytes = 0

  async open(): Promise<RecoveredState> {
    return { collections: [], batches: [], notes: [] }
  }

  async append(_batch: EffectBatch): Promise<void> {}

  async checkpoint(_collections: Iterable<CollectionImage>): Promise<void> {}

  async close(): Promise<void> {}
}
