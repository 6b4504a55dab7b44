/**
 * Turning room documents into the views the API returns: the public room view (unit path, conveners,
 * attached members, who is on duty today) and the lite list item. People are shown by display name
 * only; who convenes or is attached comes from the users' grants, never from the room.
 */
import { Types, type Connection } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import { beijingWeekday } from '../../plugins/auth'
import { userModel, type UserDoc } from '../users/model'
import { roomModel, unitModel, type RoomDoc, type UnitDoc } from './model'
import type { PersonRef, RoomAdmin, RoomLite, RoomPublic, UnitRef } from './schema'

type UnitRow = Pick<UnitDoc, '_id' | 'name' | 'kind' | 'ancestors'>

export function toUnitRef(unit: Pick<UnitDoc, '_id' | 'name' | 'kind'>): UnitRef {
  return { id: String(unit._id), name: unit.name, kind: unit.kind }
}

/** Root → unit (inclusive) for the given unit, in one query. */
export async function unitPath(db: Connection, unit: UnitRow): Promise<UnitRef[]> {
  if (unit.ancestors.length === 0) return [toUnitRef(unit)]
  const rows = await unitModel(db)
    .find({ _id: { $in: unit.ancestors } }, { name: 1, kind: 1 })
    .lean<Array<Pick<UnitDoc, '_id' | 'name' | 'kind'>>>()
  const byId = new Map(rows.map((row) => [String(row._id), row]))
  const path: UnitRef[] = []
  for (const id of unit.ancestors) {
    const row = byId.get(String(id))
    if (row) path.push(toUnitRef(row))
  }
  path.push(toUnitRef(unit))
  return path
}

interface RoomPeople {
  conveners: PersonRef[]
  members: PersonRef[]
  names: Map<string, string>
}

/** Conveners and attached members of a room, from the users' grants (enabled accounts only). */
export async function roomPeople(db: Connection, roomId: Types.ObjectId): Promise<RoomPeople> {
  const users = await userModel(db)
    .find(
      { 'grants.roomId': roomId, disabled: { $ne: true } },
      { displayName: 1, 'grants.role': 1, 'grants.roomId': 1 },
    )
    .sort({ _id: 1 })
    .lean<Array<Pick<UserDoc, '_id' | 'displayName' | 'grants'>>>()
  const conveners: PersonRef[] = []
  const members: PersonRef[] = []
  const names = new Map<string, string>()
  for (const user of users) {
    const person = { id: String(user._id), displayName: user.displayName }
    const roles = new Set(
      user.grants.filter((g) => g.roomId && g.roomId.equals(roomId)).map((g) => g.role),
    )
    if (roles.has('convener')) conveners.push(person)
    if (roles.has('member')) {
      members.push(person)
      names.set(person.id, person.displayName)
    }
  }
  return { conveners, members, names }
}

/** The public view of one room. */
export async function toRoomPublic(
  db: Connection,
  room: RoomDoc,
  now: Date = new Date(),
): Promise<RoomPublic> {
  const [unit, people] = await Promise.all([
    unitModel(db).findById(room.unitId, { name: 1, kind: 1, ancestors: 1 }).lean<UnitRow | null>(),
    roomPeople(db, room._id),
  ])
  // A room always has a unit (deleting a unit with rooms is refused); degrade rather than fail.
  const path = unit ? await unitPath(db, unit) : []
  const today = beijingWeekday(now)
  const onDuty = new Set<string>()
  for (const slot of room.duty) {
    if (slot.weekday === today) onDuty.add(String(slot.userId))
  }
  const view: RoomPublic = {
    id: String(room._id),
    name: room.name,
    scene: room.scene,
    supportThreshold: room.supportThreshold ?? null,
    archived: room.archived,
    unit: unit ? toUnitRef(unit) : { id: String(room.unitId), name: '', kind: 'village' },
    path,
    conveners: people.conveners,
    members: people.members,
    // Only people still attached: a member detached after the rota was set is not on duty.
    onDutyToday: [...onDuty]
      .filter((id) => people.names.has(id))
      .map((id) => ({ id, displayName: people.names.get(id) ?? '' })),
  }
  if (room.address) view.address = room.address
  if (room.description) view.description = room.description
  return view
}

/** The admin view: the public view plus the whole duty rota and timestamps. */
export async function toRoomAdmin(db: Connection, room: RoomDoc): Promise<RoomAdmin> {
  const view = await toRoomPublic(db, room)
  const ids = [...new Set(room.duty.map((slot) => String(slot.userId)))]
  const users =
    ids.length === 0
      ? []
      : await userModel(db)
          .find({ _id: { $in: ids } }, { displayName: 1 })
          .lean()
  const names = new Map(users.map((user) => [String(user._id), user.displayName]))
  return {
    ...view,
    duty: [...room.duty]
      .sort((a, b) => a.weekday - b.weekday)
      .map((slot) => ({
        userId: String(slot.userId),
        displayName: names.get(String(slot.userId)) ?? '',
        weekday: slot.weekday,
      })),
    createdAt: new Date(room.createdAt).toISOString(),
    updatedAt: new Date(room.updatedAt).toISOString(),
  }
}

/** List items: name, scene and unit, with the units fetched in one query. */
export async function toRoomLites(
  db: Connection,
  rooms: ReadonlyArray<Pick<RoomDoc, '_id' | 'name' | 'scene' | 'unitId'>>,
): Promise<RoomLite[]> {
  const unitIds = [...new Set(rooms.map((room) => String(room.unitId)))]
  const units =
    unitIds.length === 0
      ? []
      : await unitModel(db)
          .find({ _id: { $in: unitIds } }, { name: 1, kind: 1 })
          .lean<Array<Pick<UnitDoc, '_id' | 'name' | 'kind'>>>()
  const byId = new Map(units.map((unit) => [String(unit._id), unit]))
  return rooms.map((room) => {
    const unit = byId.get(String(room.unitId))
    return {
      id: String(room._id),
      name: room.name,
      scene: room.scene,
      unit: unit ? toUnitRef(unit) : { id: String(room.unitId), name: '', kind: 'village' },
    }
  })
}

/** A room by id, archived or not, or ROOM_NOT_FOUND. */
export async function findRoomOrThrow(db: Connection, id: string): Promise<RoomDoc> {
  const room = Types.ObjectId.isValid(id) ? await roomModel(db).findById(id).lean<RoomDoc>() : null
  if (!room) throw new DomainError('ROOM_NOT_FOUND')
  return room
}
