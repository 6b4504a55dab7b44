/**
 * Who hears of what: a topic's people (its author, the petitioner and every supporter), the officers
 * of a unit (users holding a `dept_officer` grant on it or on a unit above it — the scope rule of
 * `permissions.ts`, the same as for meeting invitations), a unit's office staff, a meeting's
 * invitees. Every read runs in the announcing transaction's session.
 */
import type { ClientSession, Connection, Types } from 'mongoose'
import { unitModel } from '../org/model'
import { supportModel, type TopicDoc } from '../topics/model'
import { userModel } from '../users/model'

export interface TopicPeople {
  /** Whose problem it is: the petitioner, else the author unless raised on someone's behalf. */
  petitioner?: string
  /** Author, petitioner and (when asked for) supporters, each once. */
  all: string[]
}

export async function topicPeople(
  db: Connection,
  session: ClientSession,
  topic: Pick<TopicDoc, '_id' | 'authorId' | 'petitionerId' | 'onBehalf'>,
  options: { supporters: boolean },
): Promise<TopicPeople> {
  const author = String(topic.authorId)
  const petitioner = topic.petitionerId
    ? String(topic.petitionerId)
    : topic.onBehalf
      ? undefined
      : author
  const people = new Set([author])
  if (petitioner) people.add(petitioner)
  if (options.supporters) {
    const supports = await supportModel(db)
      .find({ topicId: topic._id }, { userId: 1 })
      .session(session)
      .lean()
    for (const support of supports) people.add(String(support.userId))
  }
  return { petitioner, all: [...people] }
}

/** The officers of each unit: unit id → user ids. */
export async function officersOfUnits(
  db: Connection,
  session: ClientSession,
  unitIds: readonly Types.ObjectId[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>()
  if (unitIds.length === 0) return result
  const units = await unitModel(db)
    .find({ _id: { $in: unitIds } }, { ancestors: 1 })
    .session(session)
    .lean<Array<{ _id: Types.ObjectId; ancestors: Types.ObjectId[] }>>()
  const lineage = new Map(
    units.map((unit) => [String(unit._id), [unit._id, ...unit.ancestors].map(String)]),
  )
  const candidates = [...new Set([...lineage.values()].flat())]
  const users = await userModel(db)
    .find(
      {
        scopeUnitIds: { $in: candidates },
        grants: { $elemMatch: { role: 'dept_officer', unitId: { $in: candidates } } },
        disabled: { $ne: true },
      },
      { grants: 1 },
    )
    .session(session)
    .lean()
  for (const [unitId, chain] of lineage) {
    result.set(
      unitId,
      users
        .filter((user) =>
          user.grants.some(
            (grant) =>
              grant.role === 'dept_officer' &&
              grant.unitId !== undefined &&
              chain.includes(String(grant.unitId)),
          ),
        )
        .map((user) => String(user._id)),
    )
  }
  return result
}

/** Users holding an `office_staff` grant on exactly this unit (the supervising office). */
export async function officeStaffOf(
  db: Connection,
  session: ClientSession,
  unitId: Types.ObjectId,
): Promise<string[]> {
  const users = await userModel(db)
    .find(
      {
        scopeUnitIds: unitId,
        grants: { $elemMatch: { role: 'office_staff', unitId } },
        disabled: { $ne: true },
      },
      { _id: 1 },
    )
    .session(session)
    .lean()
  return users.map((user) => String(user._id))
}

/** Invitees with an account, and the officers of invited departments. */
export async function inviteesOf(
  db: Connection,
  session: ClientSession,
  invites: ReadonlyArray<{ userId?: Types.ObjectId; departmentUnitId?: Types.ObjectId }>,
): Promise<string[]> {
  const people = new Set<string>()
  const departments: Types.ObjectId[] = []
  for (const invite of invites) {
    if (invite.userId) people.add(String(invite.userId))
    else if (invite.departmentUnitId) departments.push(invite.departmentUnitId)
  }
  const officers = await officersOfUnits(db, session, departments)
  for (const ids of officers.values()) for (const id of ids) people.add(id)
  return [...people]
}
