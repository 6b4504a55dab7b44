/**
 * Escalation up the room hierarchy (提级, 村→镇→区): the sending room passes a topic to a room of an
 * ancestor unit (by default the nearest), the parent room accepts it — the topic then belongs to the
 * parent room, which screens it afresh and may escalate it further — or returns it with a reason to
 * the sending room's screening. Every hop is one `escalations` record.
 */
import type { Static } from '@sinclair/typebox'
import type { ClientSession, Connection } from 'mongoose'
import { replyDueAt } from '../../../../shared/domain/deadlines'
import type { ResourceScope } from '../../../../shared/domain/permissions'
import { canAcceptEscalation } from '../../../../shared/domain/topic-guards'
import { pickParentRoom } from '../../../../shared/domain/triage-rules'
import { DomainError } from '../../../../shared/errors'
import { roomModel, unitModel, type RoomDoc } from '../org/model'
import { type TopicDoc, toObjectId } from '../topics/model'
import { fireTopicEvent, loadTopic, topicFacts } from '../topics/transition'
import { auditDecision, iso, loadEscalation, loadRoom, type Ref, type StaffActor } from './context'
import { escalationModel, type EscalationDoc } from './model'
import type { EscalationDecisionSchema } from './schema'

export interface ParentRoom {
  room: Ref
  doc: RoomDoc
}

export type ParentRoomResult =
  | { ok: true; hasCandidates: true; parent: ParentRoom }
  | { ok: false; hasCandidates: boolean; code: 'NO_PARENT_ROOM' | 'ESCALATION_TARGET_INVALID' }

/** The room a topic would escalate to from its current room (see `pickParentRoom`). */
export async function chooseParentRoom(
  db: Connection,
  topic: TopicDoc,
  requestedRoomId?: string,
): Promise<ParentRoomResult> {
  const unit = await unitModel(db).findById(topic.unitId, { ancestors: 1 }).lean()
  const ancestors = (unit?.ancestors ?? topic.unitAncestors.slice(0, -1)).map(String)
  const rooms =
    ancestors.length === 0
      ? []
      : await roomModel(db)
          .find({ unitId: { $in: ancestors }, archived: false })
          .sort({ createdAt: 1, _id: 1 })
          .lean<RoomDoc[]>()
  const choice = pickParentRoom(
    ancestors,
    rooms.map((room) => ({ id: String(room._id), unitId: String(room.unitId) })),
    requestedRoomId,
  )
  if (!choice.ok) {
    return { ok: false, hasCandidates: choice.code !== 'NO_PARENT_ROOM', code: choice.code }
  }
  const doc = rooms.find((room) => String(room._id) === choice.room.id) as RoomDoc
  return {
    ok: true,
    hasCandidates: true,
    parent: { room: { id: choice.room.id, name: doc.name }, doc },
  }
}

/** Records one hop, inside the transaction that moves the topic to `escalated_up`. */
export async function createEscalation(
  db: Connection,
  session: ClientSession,
  input: {
    topic: TopicDoc
    parent: ParentRoom
    reason: string
    byId: string
    now: Date
    dueAt: Date
  },
): Promise<string> {
  const Escalations = escalationModel(db)
  const level = await Escalations.countDocuments({
    topicId: input.topic._id,
    status: 'accepted',
  }).session(session)
  const [created] = await Escalations.create(
    [
      {
        topicId: input.topic._id,
        fromRoomId: input.topic.roomId,
        fromUnitId: input.topic.unitId,
        toRoomId: input.parent.doc._id,
        toUnitId: input.parent.doc.unitId,
        toUnitAncestors: input.parent.doc.unitAncestors,
        level,
        reason: input.reason,
        status: 'pending',
        createdAt: input.now,
        createdBy: toObjectId(input.byId),
        dueAt: input.dueAt,
      },
    ],
    { session },
  )
  return String(created._id)
}

/** `room` is the room handling the topic after the decision. */
export type EscalationDecision = Static<typeof EscalationDecisionSchema>

/** Marks the escalation decided unless someone decided it meanwhile (then CONFLICT). */
async function decide(
  db: Connection,
  session: ClientSession,
  escalation: EscalationDoc,
  set: Partial<EscalationDoc>,
): Promise<void> {
  const result = await escalationModel(db)
    .updateOne({ _id: escalation._id, status: 'pending' }, { $set: set }, { session })
    .exec()
  if (result.modifiedCount !== 1) throw new DomainError('ESCALATION_DECIDED')
}

async function pendingWithTopic(
  db: Connection,
  escalationId: string,
): Promise<{ escalation: EscalationDoc; topic: TopicDoc; scope: ResourceScope }> {
  const escalation = await loadEscalation(db, escalationId)
  if (escalation.status !== 'pending') throw new DomainError('ESCALATION_DECIDED')
  const topic = await loadTopic(db, String(escalation.topicId))
  // The topic moved on without this record being decided: data from an interrupted change.
  if (String(topic.roomId) !== String(escalation.fromRoomId)) throw new DomainError('CONFLICT')
  const scope = { roomId: String(escalation.toRoomId), unitId: String(escalation.toUnitId) }
  return { escalation, topic, scope }
}

/** The parent room takes the topic over: it now sits in the parent room's screening. */
export async function acceptEscalation(
  db: Connection,
  actor: StaffActor,
  escalationId: string,
  now: Date,
): Promise<EscalationDecision> {
  const { escalation, topic, scope } = await pendingWithTopic(db, escalationId)
  const verdict = canAcceptEscalation(topicFacts(topic), actor.ctx, scope, 'accept')
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  const parent = await loadRoom(db, escalation.toRoomId)
  const dueAt = replyDueAt(now, 'answer')
  await fireTopicEvent(db, {
    topicId: String(topic._id),
    event: 'accept_escalation',
    actor: { userId: actor.userId, ctx: actor.ctx },
    resource: scope,
    set: {
      roomId: parent._id,
      unitId: parent.unitId,
      unitAncestors: parent.unitAncestors,
      replyDueAt: dueAt,
    },
    note: `${parent.name}已受理，转由该议事室研判办理`,
    data: {
      escalationId,
      fromRoomId: String(escalation.fromRoomId),
      toRoomId: String(parent._id),
      level: escalation.level,
    },
    within: async (session, result) => {
      await decide(db, session, escalation, {
        status: 'accepted',
        decidedAt: now,
        decidedBy: toObjectId(actor.userId),
      })
      // notify: the sending room's conveners that the parent room took it up (the author and
      // supporters hear through fireTopicEvent's announcement)
      await auditDecision(
        db,
        actor,
        {
          action: 'escalation.accept',
          target: { kind: 'topic', id: String(topic._id) },
          unitChain: parent.unitAncestors,
          before: { state: result.from, roomId: String(topic.roomId) },
          after: { state: result.to, roomId: String(parent._id), escalationId },
        },
        session,
      )
    },
  })
  return {
    escalationId,
    topicId: String(topic._id),
    status: 'accepted',
    room: { id: String(parent._id), name: parent.name },
    decidedAt: iso(now),
    replyDueAt: iso(dueAt),
  }
}

/** The parent room sends the topic back, with a reason, to the sending room's screening. */
export async function returnEscalation(
  db: Connection,
  actor: StaffActor,
  escalationId: string,
  reason: string | undefined,
  now: Date,
): Promise<EscalationDecision> {
  const { escalation, topic, scope } = await pendingWithTopic(db, escalationId)
  const cleanReason = reason?.trim() ?? ''
  const verdict = canAcceptEscalation(topicFacts(topic), actor.ctx, scope, 'return', {
    reason: cleanReason,
  })
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  const [parent, sender] = await Promise.all([
    loadRoom(db, escalation.toRoomId),
    loadRoom(db, escalation.fromRoomId),
  ])
  // The sending room's clock restarts: it has received the topic back.
  const dueAt = replyDueAt(now, 'answer')
  await fireTopicEvent(db, {
    topicId: String(topic._id),
    event: 'return_escalation',
    actor: { userId: actor.userId, ctx: actor.ctx },
    resource: scope,
    set: { replyDueAt: dueAt },
    note: `${parent.name}退回：${cleanReason}`,
    data: { escalationId, fromRoomId: String(parent._id), toRoomId: String(sender._id) },
    within: async (session, result) => {
      await decide(db, session, escalation, {
        status: 'returned',
        decidedAt: now,
        decidedBy: toObjectId(actor.userId),
        decisionReason: cleanReason,
      })
      // notify: the sending room's conveners that the topic came back, with the reason
      await auditDecision(
        db,
        actor,
        {
          action: 'escalation.return',
          target: { kind: 'topic', id: String(topic._id) },
          unitChain: parent.unitAncestors,
          before: { state: result.from },
          after: { state: result.to, escalationId, reason: cleanReason },
        },
        session,
      )
    },
  })
  return {
    escalationId,
    topicId: String(topic._id),
    status: 'returned',
    room: { id: String(sender._id), name: sender.name },
    decidedAt: iso(now),
    decisionReason: cleanReason,
    replyDueAt: iso(dueAt),
  }
}
