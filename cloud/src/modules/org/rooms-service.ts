/**
 * Rooms (协商议事室): opening a room from its QR code, the public list, and administration
 * (create, update, duty rota). Every change writes its audit entry in the same transaction.
 */
import { Types, type Connection } from 'mongoose'
import type { ResourceScope } from '../../../../shared/domain/permissions'
import { DomainError } from '../../../../shared/errors'
import { userModel } from '../users/model'
import { auditOrgChange, type Actor } from './actor'
import { roomModel, unitModel, type RoomDoc, type UnitDoc } from './model'
import { findRoomOrThrow, toRoomAdmin, toRoomLites, toRoomPublic, toUnitRef } from './room-view'
import { generateScene, isDuplicateKey, SCENE_ATTEMPTS } from './scene-code'
import type {
  CreateRoomBody,
  DutyBody,
  RoomAdmin,
  RoomLite,
  RoomPublic,
  UnitRef,
  UpdateRoomBody,
} from './schema'

/** What the audit log keeps of a room. */
export function roomSnapshot(room: RoomDoc): Record<string, unknown> {
  return {
    name: room.name,
    unitId: String(room.unitId),
    scene: room.scene,
    address: room.address ?? null,
    description: room.description ?? null,
    supportThreshold: room.supportThreshold ?? null,
    archived: room.archived,
    duty: room.duty.map((slot) => ({ userId: String(slot.userId), weekday: slot.weekday })),
  }
}

/** The room's unit and that unit's ancestors, for audit entries. */
export function roomAuditUnit(room: Pick<RoomDoc, 'unitId' | 'unitAncestors'>) {
  const ancestors = room.unitAncestors.map(String)
  const unitId = String(room.unitId)
  return { id: unitId, ancestors: ancestors.filter((id) => id !== unitId) }
}

/** Scope of an existing room for `access.scoped`: ROOM_NOT_FOUND when there is none. */
export async function roomScope(db: Connection, id: string): Promise<ResourceScope> {
  const room = await roomModel(db).findById(id, { unitId: 1 }).lean()
  if (!room) throw new DomainError('ROOM_NOT_FOUND')
  return { roomId: String(room._id), unitId: String(room.unitId) }
}

export async function getRoomByScene(db: Connection, scene: string): Promise<RoomPublic> {
  const room = await roomModel(db).findOne({ scene, archived: false }).lean<RoomDoc>()
  if (!room) throw new DomainError('ROOM_CODE_UNKNOWN')
  return toRoomPublic(db, room)
}

export async function getRoom(db: Connection, id: string): Promise<RoomPublic> {
  return toRoomPublic(db, await findRoomOrThrow(db, id))
}

/**
 * The government departments that can work on a room's topics: departments directly under the
 * room's unit or any unit above it (a district's bureaus, a city's), for the convener's pickers
 * (research consultations, micro-suggestions, meeting invitations, action-item owners). Public: which
 * bureaus a district has is no secret.
 */
export async function listRoomDepartments(db: Connection, id: string): Promise<UnitRef[]> {
  const room = await findRoomOrThrow(db, id)
  const units = await unitModel(db)
    // Served by the { parentId, name } index: one range per unit on the room's path, by name.
    .find({ parentId: { $in: room.unitAncestors }, kind: 'department' }, { name: 1, kind: 1 })
    .sort({ name: 1 })
    .lean()
  return units.map(toUnitRef)
}

export async function getRoomAdmin(db: Connection, id: string): Promise<RoomAdmin> {
  return toRoomAdmin(db, await findRoomOrThrow(db, id))
}

export interface RoomListQuery {
  unitId?: string
  limit: number
  cursor?: string
}

/** Open rooms, oldest first, optionally within a unit's subtree; `cursor` = last id seen. */
export async function listRooms(
  db: Connection,
  query: RoomListQuery,
): Promise<{ items: RoomLite[]; nextCursor: string | null }> {
  const filter: Record<string, unknown> = { archived: false }
  if (query.unitId) {
    const exists = await unitModel(db).exists({ _id: query.unitId })
    if (!exists) throw new DomainError('UNIT_NOT_FOUND')
    filter.unitAncestors = new Types.ObjectId(query.unitId)
  }
  if (query.cursor) filter._id = { $gt: new Types.ObjectId(query.cursor) }
  const rows = await roomModel(db)
    .find(filter, { name: 1, scene: 1, unitId: 1 })
    .sort({ _id: 1 })
    .limit(query.limit + 1)
    .lean<Array<Pick<RoomDoc, '_id' | 'name' | 'scene' | 'unitId'>>>()
  const page = rows.slice(0, query.limit)
  const nextCursor = rows.length > query.limit ? String(page[page.length - 1]._id) : null
  return { items: await toRoomLites(db, page), nextCursor }
}

export async function createRoom(
  db: Connection,
  actor: Actor,
  body: CreateRoomBody,
): Promise<RoomAdmin> {
  const unit = await unitModel(db)
    .findById(body.unitId, { ancestors: 1 })
    .lean<Pick<UnitDoc, '_id' | 'ancestors'>>()
  if (!unit) throw new DomainError('UNIT_NOT_FOUND')
  const Room = roomModel(db)
  for (let attempt = 0; attempt < SCENE_ATTEMPTS; attempt += 1) {
    const scene = body.scene ?? generateScene()
    try {
      const room = await db.transaction(async (session) => {
        const [created] = await Room.create(
          [
            {
              name: body.name,
              unitId: unit._id,
              unitAncestors: [...unit.ancestors, unit._id],
              scene,
              address: body.address || undefined,
              description: body.description || undefined,
              supportThreshold: body.supportThreshold ?? null,
              duty: [],
              archived: false,
            },
          ],
          { session },
        )
        const doc = created.toObject() as RoomDoc
        await auditOrgChange(
          db,
          actor,
          {
            action: 'room.create',
            target: { kind: 'room', id: String(doc._id) },
            unit: roomAuditUnit(doc),
            after: roomSnapshot(doc),
          },
          session,
        )
        return doc
      })
      return await toRoomAdmin(db, room)
    } catch (error) {
      if (!isDuplicateKey(error, 'scene')) throw error
      if (body.scene) throw new DomainError('ROOM_SCENE_TAKEN')
    }
  }
  throw new DomainError('CONFLICT', '生成议事室码失败，请重试')
}

export async function updateRoom(
  db: Connection,
  actor: Actor,
  id: string,
  body: UpdateRoomBody,
): Promise<RoomAdmin> {
  const before = await findRoomOrThrow(db, id)
  const set: Record<string, unknown> = {}
  const unset: Record<string, ''> = {}
  if (body.name !== undefined) set.name = body.name
  if (body.supportThreshold !== undefined) set.supportThreshold = body.supportThreshold
  if (body.archived !== undefined) set.archived = body.archived
  for (const field of ['address', 'description'] as const) {
    const value = body[field]
    if (value === undefined) continue
    if (value === '') unset[field] = ''
    else set[field] = value
  }
  const after = await db.transaction(async (session) => {
    const updated = await roomModel(db)
      .findOneAndUpdate(
        { _id: before._id },
        { $set: set, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
        { returnDocument: 'after', session, runValidators: true },
      )
      .lean<RoomDoc>()
    if (!updated) throw new DomainError('ROOM_NOT_FOUND')
    await auditOrgChange(
      db,
      actor,
      {
        action: body.archived === true && !before.archived ? 'room.archive' : 'room.update',
        target: { kind: 'room', id },
        unit: roomAuditUnit(updated),
        before: roomSnapshot(before),
        after: roomSnapshot(updated),
      },
      session,
    )
    return updated
  })
  return toRoomAdmin(db, after)
}

/**
 * Replaces the duty rota. Everyone on it must be attached to the room (a member grant for it);
 * otherwise DUTY_MEMBER_NOT_ATTACHED with the offending user ids in `details`.
 */
export async function setRoomDuty(
  db: Connection,
  actor: Actor,
  id: string,
  body: DutyBody,
): Promise<RoomAdmin> {
  const before = await findRoomOrThrow(db, id)
  const seen = new Set<string>()
  const slots = body.slots.filter((slot) => {
    const key = `${slot.userId}:${slot.weekday}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  const userIds = [...new Set(slots.map((slot) => slot.userId))]
  const attached =
    userIds.length === 0
      ? []
      : await userModel(db)
          .find(
            {
              _id: { $in: userIds },
              grants: { $elemMatch: { role: 'member', roomId: before._id } },
            },
            { _id: 1 },
          )
          .lean()
  const attachedIds = new Set(attached.map((user) => String(user._id)))
  const missing = userIds.filter((userId) => !attachedIds.has(userId))
  if (missing.length > 0) {
    throw new DomainError(
      'DUTY_MEMBER_NOT_ATTACHED',
      undefined,
      missing.map((userId) => ({ userId })),
    )
  }
  const duty = slots
    .map((slot) => ({ userId: new Types.ObjectId(slot.userId), weekday: slot.weekday }))
    .sort((a, b) => a.weekday - b.weekday)
  const after = await db.transaction(async (session) => {
    const updated = await roomModel(db)
      .findOneAndUpdate(
        { _id: before._id },
        { $set: { duty } },
        { returnDocument: 'after', session },
      )
      .lean<RoomDoc>()
    if (!updated) throw new DomainError('ROOM_NOT_FOUND')
    await auditOrgChange(
      db,
      actor,
      {
        action: 'room.duty',
        target: { kind: 'room', id },
        unit: roomAuditUnit(updated),
        before: { duty: roomSnapshot(before).duty },
        after: { duty: roomSnapshot(updated).duty },
      },
      session,
    )
    return updated
  })
  return toRoomAdmin(db, after)
}
