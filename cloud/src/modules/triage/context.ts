/**
 * Pieces every triage use case shares: who is acting (with the guard context the shared guards
 * take), the route scope resolvers, the department check, when the current room received a topic
 * (its reply clock starts there) and the audit entry of a staff decision.
 */
import type { ClientSession, Connection, Types } from 'mongoose'
import type { ResourceScope } from '../../../../shared/domain/permissions'
import type { GuardContext } from '../../../../shared/domain/topic-rules'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { roomModel, unitModel, type RoomDoc, type UnitDoc } from '../org/model'
import type { TopicDoc } from '../topics/model'
import { loadTopic, topicScope } from '../topics/transition'
import { escalationModel, type EscalationDoc } from './model'

export interface StaffActor {
  userId: string
  ctx: GuardContext
  requestId?: string
  ip?: string
}

export interface Ref {
  id: string
  name: string
}

/** The scope of a topic's room (the reply and the room's views of one topic). */
export async function topicScopeById(db: Connection, topicId: string): Promise<ResourceScope> {
  return topicScope(await loadTopic(db, topicId))
}

export async function loadEscalation(db: Connection, id: string): Promise<EscalationDoc> {
  const escalation = await escalationModel(db).findById(id).lean<EscalationDoc>()
  if (!escalation) throw new DomainError('ESCALATION_NOT_FOUND')
  return escalation
}

/** The parent room an escalation went to: who may accept or return it. */
export async function escalationScope(db: Connection, id: string): Promise<ResourceScope> {
  const escalation = await loadEscalation(db, id)
  return { roomId: String(escalation.toRoomId), unitId: String(escalation.toUnitId) }
}

/** A room's scope for the room's queue and escalation inbox; ROOM_NOT_FOUND when missing. */
export async function roomScopeById(db: Connection, roomId: string): Promise<ResourceScope> {
  const room = await roomModel(db).findById(roomId, { unitId: 1 }).lean()
  if (!room) throw new DomainError('ROOM_NOT_FOUND')
  return { roomId: String(room._id), unitId: String(room.unitId) }
}

export async function loadRoom(db: Connection, roomId: Types.ObjectId): Promise<RoomDoc> {
  const room = await roomModel(db).findById(roomId).lean<RoomDoc>()
  if (!room) throw new DomainError('ROOM_NOT_FOUND')
  return room
}

/** The unit a research or a micro-suggestion goes to: it must exist and be a department. */
export async function requireDepartment(db: Connection, unitId: string): Promise<UnitDoc> {
  const unit = await unitModel(db).findById(unitId).lean<UnitDoc>()
  if (!unit) throw new DomainError('UNIT_NOT_FOUND')
  if (unit.kind !== 'department') throw new DomainError('NOT_A_DEPARTMENT')
  return unit
}

/**
 * When each topic's current room received it: the last time it was accepted into that room or
 * returned to it from above, else its creation (or the hotline ticket's import). Keyed by topic id.
 */
export async function receivedAtFor(
  db: Connection,
  topics: ReadonlyArray<Pick<TopicDoc, '_id' | 'roomId' | 'createdAt'>>,
): Promise<Map<string, Date>> {
  const result = new Map(topics.map((topic) => [String(topic._id), topic.createdAt]))
  if (topics.length === 0) return result
  const roomOf = new Map(topics.map((topic) => [String(topic._id), String(topic.roomId)]))
  const decided = await escalationModel(db)
    .find(
      {
        topicId: { $in: topics.map((topic) => topic._id) },
        status: { $in: ['accepted', 'returned'] },
      },
      { topicId: 1, fromRoomId: 1, toRoomId: 1, status: 1, decidedAt: 1 },
    )
    .lean<EscalationDoc[]>()
  for (const entry of decided) {
    const topicId = String(entry.topicId)
    const roomId = roomOf.get(topicId)
    const arrived =
      (entry.status === 'accepted' && String(entry.toRoomId) === roomId) ||
      (entry.status === 'returned' && String(entry.fromRoomId) === roomId)
    const current = result.get(topicId)
    if (arrived && entry.decidedAt && current && entry.decidedAt > current) {
      result.set(topicId, entry.decidedAt)
    }
  }
  return result
}

export async function receivedAtOf(db: Connection, topic: TopicDoc): Promise<Date> {
  return (await receivedAtFor(db, [topic])).get(String(topic._id)) ?? topic.createdAt
}

/** Names of rooms by id (missing rooms are left out). */
export async function roomRefs(
  db: Connection,
  ids: readonly Types.ObjectId[],
): Promise<Map<string, Ref>> {
  const unique = [...new Set(ids.map(String))]
  if (unique.length === 0) return new Map()
  const rooms = await roomModel(db)
    .find({ _id: { $in: unique } }, { name: 1 })
    .lean<Array<Pick<RoomDoc, '_id' | 'name'>>>()
  return new Map(rooms.map((room) => [String(room._id), { id: String(room._id), name: room.name }]))
}

/** A room reference, or a placeholder when the room was deleted. */
export function refOf(refs: Map<string, Ref>, id: Types.ObjectId): Ref {
  return refs.get(String(id)) ?? { id: String(id), name: '（已删除的议事室）' }
}

/** An instant as the API shows it (ISO 8601, UTC). */
export function iso(instant: Date): string {
  return new Date(instant).toISOString()
}

/** The unit and its ancestors as the audit log wants them, from a root-first chain ending in it. */
export function auditUnit(chain: readonly Types.ObjectId[]): { id: string; ancestors: string[] } {
  const ids = chain.map(String)
  return { id: ids[ids.length - 1], ancestors: ids.slice(0, -1) }
}

export async function auditDecision(
  db: Connection,
  actor: Pick<StaffActor, 'userId' | 'requestId' | 'ip'>,
  entry: {
    action: string
    target: { kind: string; id: string }
    unitChain: readonly Types.ObjectId[]
    before?: unknown
    after?: unknown
  },
  session: ClientSession,
): Promise<void> {
  await recordAudit(
    db,
    {
      actorId: actor.userId,
      requestId: actor.requestId,
      ip: actor.ip,
      action: entry.action,
      target: entry.target,
      unit: entry.unitChain.length > 0 ? auditUnit(entry.unitChain) : null,
      before: entry.before,
      after: entry.after,
    },
    session,
  )
}
