/**
 * The unit hierarchy (city → district → town → village, plus parks, companies, sectors and
 * departments) as a small immutable helper built from plain `{ id, parentId, kind }` rows, so the
 * service can build it from a query and the mini program from an API response. Scope checks in
 * `permissions.ts` only ask "is unit X inside unit Y's subtree?".
 */
import type { UnitKind } from './types'

export interface UnitNode {
  id: string
  parentId?: string | null
  kind: UnitKind
}

export class UnitTree {
  private readonly byId: ReadonlyMap<string, UnitNode>

  constructor(units: readonly UnitNode[]) {
    this.byId = new Map(units.map((unit) => [unit.id, unit]))
  }

  /** A tree that knows only the given chain, e.g. a resource's ancestry fetched by the service. */
  static fromAncestry(chain: readonly UnitNode[]): UnitTree {
    return new UnitTree(chain)
  }

  has(unitId: string): boolean {
    return this.byId.has(unitId)
  }

  get(unitId: string): UnitNode | undefined {
    return this.byId.get(unitId)
  }

  /**
   * Ancestors from the parent up to the root. The walk stops at an unknown parent or after as many
   * steps as there are units, so bad data with a cycle cannot loop forever.
   */
  ancestorsOf(unitId: string): UnitNode[] {
    const result: UnitNode[] = []
    let current = this.byId.get(unitId)
    for (let steps = 0; current && steps < this.byId.size; steps += 1) {
      const parentId = current.parentId
      const parent = parentId ? this.byId.get(parentId) : undefined
      if (!parent || parent.id === unitId) break
      result.push(parent)
      current = parent
    }
    return result
  }

  /** True when `unitId` is `ancestorId` itself or lies anywhere below it. */
  isWithin(unitId: string, ancestorId: string): boolean {
    if (unitId === ancestorId) return true
    return this.ancestorsOf(unitId).some((unit) => unit.id === ancestorId)
  }

  /** The nearest ancestor of the given kind, e.g. the town a village belongs to. */
  nearest(unitId: string, kind: UnitKind): UnitNode | undefined {
    const self = this.byId.get(unitId)
    if (self?.kind === kind) return self
    return this.ancestorsOf(unitId).find((unit) => unit.kind === kind)
  }

  /** Direct children, in input order. */
  childrenOf(unitId: string): UnitNode[] {
    return [...this.byId.values()].filter((unit) => unit.parentId === unitId)
  }
}
