/**
 * Building the part of the unit tree a permission check needs: the units a resource and a user's
 * grants sit in, with their ancestors. Two indexed queries instead of loading the whole tree, which
 * for a province is tens of thousands of units.
 */
import { Types, type Connection } from 'mongoose'
import { UnitTree, type UnitNode } from '../../../../shared/domain/unit-tree'
import { unitModel, type UnitDoc } from './model'

type UnitRow = Pick<UnitDoc, '_id' | 'kind' | 'parentId' | 'ancestors'>

function toNode(unit: UnitRow): UnitNode {
  return {
    id: String(unit._id),
    parentId: unit.parentId ? String(unit.parentId) : null,
    kind: unit.kind,
  }
}

/** A UnitTree holding the given units and all their ancestors. Unknown ids are simply absent. */
export async function unitTreeFor(db: Connection, unitIds: readonly string[]): Promise<UnitTree> {
  const ids = [...new Set(unitIds)].filter((id) => Types.ObjectId.isValid(id))
  if (ids.length === 0) return new UnitTree([])
  const Unit = unitModel(db)
  const units = await Unit.find({ _id: { $in: ids } }, { kind: 1, parentId: 1, ancestors: 1 }).lean<
    UnitRow[]
  >()
  const ancestorIds = new Set<string>()
  for (const unit of units) for (const id of unit.ancestors) ancestorIds.add(String(id))
  for (const unit of units) ancestorIds.delete(String(unit._id))
  const ancestors =
    ancestorIds.size === 0
      ? []
      : await Unit.find(
          { _id: { $in: [...ancestorIds] } },
          { kind: 1, parentId: 1, ancestors: 1 },
        ).lean<UnitRow[]>()
  return new UnitTree([...units, ...ancestors].map(toNode))
}
