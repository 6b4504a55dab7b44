/**
 * A topic's timeline (办理进程), oldest first: every state change and the entries modules add without
 * one. The public sees public entries; staff who may screen the topic (`topic.triage` in its scope)
 * also see internal notes. Actors appear by display name — the author of an anonymous topic as
 * 匿名居民 — with the role they acted in, and system events (threshold reached, all items done)
 * without an actor (shown as 系统).
 *
 * The role is worked out when the timeline is read: the actor's grant that covers the room the topic
 * was in at that moment (召集人, 政协委员, 联席会议办公室…; 职能部门 for the department the entry
 * names), else 群众. An escalated topic changed rooms: each `accept_escalation` entry records the
 * room it came from and went to, so the village convener's escalation is judged in the village room
 * and the town convener's acceptance in the town room. Cost: one users query for all actors, plus the
 * rooms the topic left behind (only when it was escalated) and, when an actor holds a unit-wide grant
 * (office staff, department, grid), the unit tree around the scopes.
 */
import type { Connection } from 'mongoose'
import { ROLE_LABELS, TOPIC_EVENT_LABELS } from '../../../../shared/domain/labels'
import {
  grantCovers,
  type ResourceScope,
  type RoleGrant,
} from '../../../../shared/domain/permissions'
import { TOPIC_EVENTS, type TopicEvent } from '../../../../shared/domain/topic-machine'
import { isOneOf, type Role } from '../../../../shared/domain/types'
import { UnitTree } from '../../../../shared/domain/unit-tree'
import { roomModel } from '../org/model'
import { unitTreeFor } from '../org/unit-scope'
import { userModel } from '../users/model'
import type { Caller } from './caller'
import { topicEventModel, type TopicDoc, type TopicEventDoc } from './model'
import type { TimelineActor, TimelineEntry } from './schema'
import { loadTopic } from './transition'
import { ANONYMOUS_NAME, authorHidden, visibleStanding } from './topic-view'

/** Labels of timeline entries that are not state-machine events. */
export const TIMELINE_LABELS: Record<string, string> = {
  created: '提出议题',
  note: '备注',
  reply: '答复',
  merged_in: '合并重复议题',
}

const UNKNOWN_NAME = '已注销用户'

/**
 * When several of an actor's grants cover the topic, the one named on the timeline: the room's own
 * roles first, then the department, the office above, the grid; admin only when nothing else fits.
 */
const ROLE_PRECEDENCE: ReadonlyArray<Exclude<Role, 'resident'>> = [
  'convener',
  'member',
  'dept_officer',
  'office_staff',
  'grid_worker',
  'admin',
]

export function timelineLabel(event: string): string {
  if (isOneOf<TopicEvent>(TOPIC_EVENTS, event)) return TOPIC_EVENT_LABELS[event]
  return TIMELINE_LABELS[event] ?? '办理动态'
}

function idIn(data: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = data?.[key]
  return typeof value === 'string' && /^[0-9a-fA-F]{24}$/.test(value) ? value : undefined
}

/**
 * The room each entry was made in: the topic's room at that moment, except that accepting or
 * returning an escalation is the parent room's act.
 */
function actingRooms(topic: TopicDoc, entries: readonly TopicEventDoc[]): string[] {
  const firstHop = entries.find((entry) => entry.event === 'accept_escalation')
  let room = idIn(firstHop?.data, 'fromRoomId') ?? String(topic.roomId)
  return entries.map((entry) => {
    if (entry.event === 'accept_escalation') {
      room = idIn(entry.data, 'toRoomId') ?? room
      return room
    }
    if (entry.event === 'return_escalation') return idIn(entry.data, 'fromRoomId') ?? room
    return room
  })
}

interface ActorRow {
  displayName: string
  grants: RoleGrant[]
}

/** Display names and grants of the timeline's actors, one query. */
async function loadActors(db: Connection, ids: readonly string[]): Promise<Map<string, ActorRow>> {
  if (ids.length === 0) return new Map()
  const users = await userModel(db)
    .find({ _id: { $in: ids } }, { displayName: 1, grants: 1 })
    .lean()
  return new Map(
    users.map((user) => [
      String(user._id),
      {
        displayName: user.displayName,
        grants: (user.grants ?? []).map((grant) => {
          const out: RoleGrant = { role: grant.role }
          if (grant.unitId) out.unitId = String(grant.unitId)
          if (grant.roomId) out.roomId = String(grant.roomId)
          return out
        }),
      },
    ]),
  )
}

/** The scope of each entry: the room, its unit, the department involved. */
async function entryScopes(
  db: Connection,
  topic: TopicDoc,
  entries: readonly TopicEventDoc[],
): Promise<ResourceScope[]> {
  const rooms = actingRooms(topic, entries)
  const unitOfRoom = new Map<string, string>([[String(topic.roomId), String(topic.unitId)]])
  const others = [...new Set(rooms)].filter((id) => !unitOfRoom.has(id))
  if (others.length > 0) {
    const docs = await roomModel(db)
      .find({ _id: { $in: others } }, { unitId: 1 })
      .lean()
    for (const doc of docs) unitOfRoom.set(String(doc._id), String(doc.unitId))
  }
  return entries.map((entry, index) => {
    const scope: ResourceScope = { roomId: rooms[index] }
    const unitId = unitOfRoom.get(rooms[index])
    if (unitId) scope.unitId = unitId
    const department =
      idIn(entry.data, 'departmentUnitId') ??
      (topic.departmentUnitId ? String(topic.departmentUnitId) : undefined)
    if (department) scope.departmentUnitId = department
    return scope
  })
}

/** The unit tree around the scopes, needed only when some actor holds a unit-wide grant. */
async function unitsAround(
  db: Connection,
  scopes: readonly ResourceScope[],
  actors: ReadonlyMap<string, ActorRow>,
): Promise<UnitTree> {
  const unitWide = [...actors.values()].some((actor) =>
    actor.grants.some((grant) => grant.unitId !== undefined && grant.role !== 'admin'),
  )
  if (!unitWide) return new UnitTree([])
  const ids = scopes.flatMap((scope) => [scope.unitId, scope.departmentUnitId])
  return unitTreeFor(
    db,
    ids.filter((id): id is string => id !== undefined),
  )
}

/** The role the actor acted in on a resource in `scope`: their covering grant, else resident. */
export function actingRole(
  grants: readonly RoleGrant[],
  scope: ResourceScope,
  units: UnitTree,
): Role {
  for (const role of ROLE_PRECEDENCE) {
    if (grants.some((grant) => grant.role === role && grantCovers(grant, scope, units))) {
      return role
    }
  }
  return 'resident'
}

function actorView(displayName: string, role: Role): TimelineActor {
  return { displayName, role, roleLabel: ROLE_LABELS[role] }
}

export async function getTopicTimeline(
  db: Connection,
  caller: Caller | null,
  topicId: string,
): Promise<TimelineEntry[]> {
  const topic = await loadTopic(db, topicId)
  const standing = await visibleStanding(topic, caller)
  const staff = standing?.permissions.has('topic.triage') ?? false
  const entries = await topicEventModel(db)
    .find({ topicId: topic._id, ...(staff ? {} : { public: true }) })
    .sort({ at: 1, _id: 1 })
    .lean<TopicEventDoc[]>()
  const actorIds = [
    ...new Set(entries.flatMap((entry) => (entry.actorId ? [String(entry.actorId)] : []))),
  ]
  const [actors, scopes] = await Promise.all([
    loadActors(db, actorIds),
    entryScopes(db, topic, entries),
  ])
  const units = await unitsAround(db, scopes, actors)
  const hideAuthor = authorHidden(topic, caller, standing)
  const authorId = String(topic.authorId)
  return entries.map((entry, index) => {
    const out: TimelineEntry = {
      at: entry.at.toISOString(),
      event: entry.event,
      label: timelineLabel(entry.event),
      public: entry.public,
      actor: null,
    }
    if (entry.actorId) {
      const id = String(entry.actorId)
      const actor = actors.get(id)
      // An anonymous author stays a resident among residents: neither name nor role gives them away.
      out.actor =
        hideAuthor && id === authorId
          ? actorView(ANONYMOUS_NAME, 'resident')
          : actorView(
              actor?.displayName ?? UNKNOWN_NAME,
              actor ? actingRole(actor.grants, scopes[index], units) : 'resident',
            )
    }
    if (entry.from) out.from = entry.from
    if (entry.to) out.to = entry.to
    if (entry.note) out.note = entry.note
    return out
  })
}
