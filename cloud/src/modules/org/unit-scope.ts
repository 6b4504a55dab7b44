/**
 * Building the part of the unit tree a permission check needs: the units a resource and a user's
 * grants sit in, with their ancestors. Two indexed queries instead of loading the whole tree, which
 * for a province is tens of thousands of units.
 */
import { Types, type Connection } from 'mongoose'
import { UnitTree, type UnitNode } from '../../../../shared/domain/unit-tree'
import { batchedLookup } from '../../plugins/batched-lookup'
import { unitModel, type UnitDoc } from './model'

type UnitRow = Pick<UnitDoc, '_id' | 'kind' | 'parentId' | 'ancestors'>

function toNode(unit: UnitRow): UnitNode {
  return {
    id: String(unit._id),
    parentId: unit.parentId ? String(unit.parentId) : null,
    kind: unit.kind,
  }
}

/** Reads unit rows by id (a `batchedLookup` shares one query among concurrent callers). */
export type UnitRows = (ids: readonly string[]) => Promise<Map<string, UnitRow>>

const UNIT_FIELDS = { kind: 1, parentId: 1, ancestors: 1 } as const

/** Unit rows by id, concurrent callers on `db` sharing one query (see `batchedLookup`). */
export function unitRowsOf(db: Connection): UnitRows {
  const Unit = unitModel(db)
  return batchedLookup(
    (ids) => Unit.find({ _id: { $in: ids } }, UNIT_FIELDS).lean<UnitRow[]>(),
    (unit) => String(unit._id),
  )
}

/** `unitTreeFor` reading its rows through `rows`. */
export async function unitTreeWith(rows: UnitRows, unitIds: readonly string[]): Promise<UnitTree> {
  const ids = [
    ...new Set(
      unitIds
        .filter((id) => Types.ObjectId.isValid(id))
        .map((id) => new Types.ObjectId(id).toHexString()),
    ),
  ]
  if (ids.length === 0) return new UnitTree([])
  const units = [...(await rows(ids)).values()]
  const ancestorIds = new Set<string>()
  for (const unit of units) for (const id of unit.ancestors) ancestorIds.add(String(id))
  for (const unit of units) ancestorIds.delete(String(unit._id))
  const ancestors = ancestorIds.size === 0 ? [] : [...(await rows([...ancestorIds])).values()]
  return new UnitTree([...units, ...ancestors].map(toNode))
}

/** A UnitTree holding the given units and all their ancestors. Unknown ids are simply absent. */
export async function unitTreeFor(db: Connection, unitIds: readonly string[]): Promise<UnitTree> {
  const Unit = unitModel(db)
  return unitTreeWith(async (ids) => {
    const units = await Unit.find({ _id: { $in: ids } }, UNIT_FIELDS).lean<UnitRow[]>()
    return new Map(units.map((unit) => [String(unit._id), unit]))
  }, unitIds)
}
