/**
 * Moving a unit: its `parentId` and `ancestors` change, and so do the `ancestors` of every unit below
 * it and the `unitAncestors` of every room in the subtree — the prefix above the moved unit is
 * replaced, the part below it is kept. Runs inside the caller's transaction.
 */
import type { ClientSession, Connection, Types } from 'mongoose'
import { roomModel, unitModel, type UnitDoc } from './model'

function rebase(
  chain: readonly Types.ObjectId[],
  moved: Types.ObjectId,
  prefix: readonly Types.ObjectId[],
): Types.ObjectId[] {
  const at = chain.findIndex((id) => id.equals(moved))
  return [...prefix, moved, ...chain.slice(at + 1)]
}

export async function moveSubtree(
  db: Connection,
  session: ClientSession,
  unit: Pick<UnitDoc, '_id'>,
  newParent: Pick<UnitDoc, '_id' | 'ancestors'> | null,
): Promise<{ units: number; rooms: number }> {
  const Unit = unitModel(db)
  const Room = roomModel(db)
  const prefix = newParent ? [...newParent.ancestors, newParent._id] : []
  await Unit.updateOne(
    { _id: unit._id },
    { $set: { parentId: newParent?._id ?? null, ancestors: prefix } },
    { session },
  )
  const below = await Unit.find({ ancestors: unit._id }, { ancestors: 1 })
    .session(session)
    .lean<Array<Pick<UnitDoc, '_id' | 'ancestors'>>>()
  if (below.length > 0) {
    await Unit.bulkWrite(
      below.map((row) => ({
        updateOne: {
          filter: { _id: row._id },
          update: { $set: { ancestors: rebase(row.ancestors, unit._id, prefix) } },
        },
      })),
      { session },
    )
  }
  const rooms = await Room.find({ unitAncestors: unit._id }, { unitAncestors: 1 })
    .session(session)
    .lean()
  if (rooms.length > 0) {
    await Room.bulkWrite(
      rooms.map((row) => ({
        updateOne: {
          filter: { _id: row._id },
          update: { $set: { unitAncestors: rebase(row.unitAncestors, unit._id, prefix) } },
        },
      })),
      { session },
    )
  }
  return { units: below.length, rooms: rooms.length }
}
