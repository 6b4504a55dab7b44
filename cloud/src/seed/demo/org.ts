/**
 * Seed `demo-org`: the demo unit tree and rooms from `places.ts`. Inserts only what is missing
 * (units by code, rooms by scene), so a retry after a half-finished run completes it and a
 * developer's own data is never touched.
 */
import type { Connection, Types } from 'mongoose'
import { roomModel, unitModel } from '../../modules/org/model'
import { DEMO_ROOMS, DEMO_UNITS } from './places'

interface PlacedUnit {
  _id: Types.ObjectId
  ancestors: Types.ObjectId[]
}

export async function seedDemoOrg(db: Connection): Promise<void> {
  const Unit = unitModel(db)
  const Room = roomModel(db)
  const placed = new Map<string, PlacedUnit>()

  for (const unit of DEMO_UNITS) {
    const parent = unit.parent === null ? undefined : placed.get(unit.parent)
    if (unit.parent !== null && !parent) {
      throw new Error(`demo unit ${unit.code} is listed before its parent ${unit.parent}`)
    }
    const existing = await Unit.findOne({ code: unit.code }, { ancestors: 1 }).lean()
    if (existing) {
      placed.set(unit.code, existing)
      continue
    }
    const created = await Unit.create({
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      parentId: parent?._id ?? null,
      ancestors: parent ? [...parent.ancestors, parent._id] : [],
    })
    placed.set(unit.code, { _id: created._id, ancestors: created.ancestors })
  }

  for (const room of DEMO_ROOMS) {
    if (await Room.exists({ scene: room.scene })) continue
    const unit = placed.get(room.unit)
    if (!unit) throw new Error(`demo room ${room.scene} names an unknown unit ${room.unit}`)
    await Room.create({
      name: room.name,
      scene: room.scene,
      unitId: unit._id,
      unitAncestors: [...unit.ancestors, unit._id],
      address: room.address,
      description: room.description,
      supportThreshold: room.supportThreshold,
    })
  }
}
