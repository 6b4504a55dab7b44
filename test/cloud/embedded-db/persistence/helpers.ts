/** Test helpers: temp dbpaths and a tiny reference model that applies effects the way an engine would. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EJSON } from 'bson'
import type { Document } from 'bson'
import type {
  CollectionImage,
  EffectBatch,
  RecoveredState,
} from '../../../../cloud/embedded-db/src/persistence/types'

const made: string[] = []

export function tempDbpath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edb-persist-'))
  made.push(dir)
  return dir
}

export function removeTempDbpaths(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true })
}

const key = (id: unknown): string => EJSON.stringify({ id }, { relaxed: false })

interface Coll {
  options: Document
  indexes: Document[]
  docs: Map<string, Document>
}

/** Applies effects to plain maps; `images()` gives what an engine would pass to checkpoint(). */
export class Model {
  readonly colls = new Map<string, Coll>()

  static from(state: RecoveredState): Model {
    const m = new Model()
    for (const c of state.collections) {
      const docs = new Map<string, Document>()
      for (const d of c.docs) docs.set(key(d._id), d)
      m.colls.set(`${c.db}.${c.coll}`, { options: c.options, indexes: c.indexes, docs })
    }
    for (const b of state.batches) m.apply(b)
    return m
  }

  private coll(db: string, coll: string): Coll {
    const ns = `${db}.${coll}`
    let c = this.colls.get(ns)
    if (!c) {
      c = { options: {}, indexes: [{ v: 2, key: { _id: 1 }, name: '_id_' }], docs: new Map() }
      this.colls.set(ns, c)
    }
    return c
  }

  apply(batch: EffectBatch): void {
    for (const e of batch) {
      if (e.op === 'put') this.coll(e.db, e.coll).docs.set(key(e.doc._id), e.doc)
      else if (e.op === 'del') this.coll(e.db, e.coll).docs.delete(key(e.id))
      else if (e.op === 'createCollection') this.coll(e.db, e.coll).options = e.options
      else if (e.op === 'dropCollection') this.colls.delete(`${e.db}.${e.coll}`)
      else if (e.op === 'createIndex') this.coll(e.db, e.coll).indexes.push(e.spec)
      else if (e.op === 'dropIndex') {
        const c = this.coll(e.db, e.coll)
        c.indexes = c.indexes.filter((i) => i.name !== e.name)
      } else if (e.op === 'dropDatabase') {
        for (const ns of [...this.colls.keys()])
          if (ns.startsWith(`${e.db}.`)) this.colls.delete(ns)
      }
    }
  }

  images(): CollectionImage[] {
    return [...this.colls].map(([ns, c]) => {
      const dot = ns.indexOf('.')
      return {
        db: ns.slice(0, dot),
        coll: ns.slice(dot + 1),
        options: c.options,
        indexes: c.indexes,
        docs: c.docs.values(),
      }
    })
  }

  /** Canonical text of the whole state, for equality checks. */
  dump(): string {
    const out = [...this.colls.entries()].sort(([a], [b]) => a.localeCompare(b))
    return EJSON.stringify(
      out.map(([ns, c]) => ({
        ns,
        options: c.options,
        indexes: c.indexes,
        docs: [...c.docs.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, d]) => d),
      })),
      { relaxed: false },
    )
  }
}

/** A batch inserting one small document numbered `n` into test.items. */
export const putBatch = (n: number, extra: Document = {}): EffectBatch => [
  { op: 'put', db: 'test', coll: 'items', doc: { _id: n, n, label: `item ${n}`, ...extra } },
]
