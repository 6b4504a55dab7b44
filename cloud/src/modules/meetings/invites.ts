/**
 * Who is invited and who may answer for an invitation. A department invite stays ONE invitee (the
 * department), but every officer of it — a user holding a `dept_officer` grant on the department or
 * on a department above it, the same scope rule as `permissions.ts` — may RSVP and check in for it.
 * Officers are resolved when asked, not copied onto the invite, so a newly appointed officer sees the
 * meetings their department is invited to and a removed one no longer does.
 */
import type { ClientSession, Connection, Types } from 'mongoose'
import type { UserAccess } from '../../../../shared/domain/permissions'
import { DomainError } from '../../../../shared/errors'
import { unitModel } from '../org/model'
import { userModel } from '../users/model'
import { inviteModel, toObjectId, type InviteDoc } from './model'
import type { InviteInput } from './schema'

export type NewInvite = Pick<InviteDoc, 'kind' | 'userId' | 'departmentUnitId' | 'name' | 'phone'>

function invalid(index: number, reason: string): DomainError {
  return new DomainError('MEETING_INVITE_INVALID', `第 ${index + 1} 位参会人员：${reason}`)
}

/**
 * Checks the convener's invitation list against the users and units it names and drops repeats
 * (the same person or department listed twice).
 */
export async function resolveInvites(
  db: Connection,
  inputs: readonly InviteInput[],
): Promise<NewInvite[]> {
  const userIds = new Set<string>()
  const departmentIds = new Set<string>()
  inputs.forEach((input, index) => {
    if (input.kind === 'department') {
      if (!input.departmentUnitId) throw invalid(index, '请选择职能部门')
      departmentIds.add(input.departmentUnitId)
    } else if (input.kind === 'member') {
      if (!input.userId) throw invalid(index, '请选择政协委员')
      userIds.add(input.userId)
    } else if (input.userId) {
      userIds.add(input.userId)
    } else if (!input.name?.trim()) {
      throw invalid(index, '请选择用户或填写姓名')
    }
  })
  const [users, departments] = await Promise.all([
    userModel(db)
      .find({ _id: { $in: [...userIds].map(toObjectId) } }, { _id: 1 })
      .lean(),
    unitModel(db)
      .find({ _id: { $in: [...departmentIds].map(toObjectId) }, kind: 'department' }, { _id: 1 })
      .lean(),
  ])
  if (users.length !== userIds.size) throw new DomainError('USER_NOT_FOUND', '邀请的用户不存在')
  if (departments.length !== departmentIds.size) {
    throw new DomainError('UNIT_NOT_FOUND', '邀请的职能部门不存在')
  }
  const seen = new Set<string>()
  const result: NewInvite[] = []
  for (const input of inputs) {
    const key = input.departmentUnitId
      ? `d:${input.departmentUnitId}`
      : input.userId
        ? `u:${input.userId}`
        : `n:${input.name?.trim()}:${input.phone ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    const invite: NewInvite = { kind: input.kind }
    if (input.kind === 'department') invite.departmentUnitId = toObjectId(input.departmentUnitId!)
    else if (input.userId) invite.userId = toObjectId(input.userId)
    else {
      invite.name = input.name!.trim()
      if (input.phone) invite.phone = input.phone
    }
    result.push(invite)
  }
  return result
}

/** The departments the user is an officer of: each granted department and every unit below it. */
export async function officerDepartmentIds(
  db: Connection,
  access: UserAccess,
): Promise<Types.ObjectId[]> {
  const granted = access.grants
    .filter((grant) => grant.role === 'dept_officer' && grant.unitId)
    .map((grant) => toObjectId(grant.unitId!))
  if (granted.length === 0) return []
  const below = await unitModel(db)
    .find({ ancestors: { $in: granted } }, { _id: 1 })
    .lean<Array<{ _id: Types.ObjectId }>>()
  return [...granted, ...below.map((unit) => unit._id)]
}

/**
 * The caller's invitation to a meeting: addressed to them, or else to a department they are an
 * officer of. Null when neither.
 */
export async function findMyInvite(
  db: Connection,
  meetingId: Types.ObjectId,
  access: UserAccess,
  session?: ClientSession,
): Promise<InviteDoc | null> {
  const Invites = inviteModel(db)
  const own = await Invites.findOne({ meetingId, userId: toObjectId(access.userId) })
    .session(session ?? null)
    .lean<InviteDoc>()
  if (own) return own
  const departments = await officerDepartmentIds(db, access)
  if (departments.length === 0) return null
  return Invites.findOne({ meetingId, departmentUnitId: { $in: departments } })
    .session(session ?? null)
    .lean<InviteDoc>()
}

/** Officers who may answer for each department invite (for the convener's view). */
export async function officersOf(
  db: Connection,
  departmentIds: readonly Types.ObjectId[],
): Promise<Map<string, Array<{ id: string; displayName: string }>>> {
  const result = new Map<string, Array<{ id: string; displayName: string }>>()
  if (departmentIds.length === 0) return result
  const units = await unitModel(db)
    .find({ _id: { $in: departmentIds } }, { ancestors: 1 })
    .lean<Array<{ _id: Types.ObjectId; ancestors: Types.ObjectId[] }>>()
  const lineage = new Map(
    units.map((unit) => [String(unit._id), [unit._id, ...unit.ancestors].map(String)]),
  )
  const candidates = [...new Set([...lineage.values()].flat())].map(toObjectId)
  // `scopeUnitIds` holds every granted unit, so its index narrows this to people granted there.
  const users = await userModel(db)
    .find(
      {
        scopeUnitIds: { $in: candidates },
        grants: { $elemMatch: { role: 'dept_officer', unitId: { $in: candidates } } },
        disabled: { $ne: true },
      },
      { displayName: 1, grants: 1 },
    )
    .lean()
  for (const [departmentId, ids] of lineage) {
    result.set(
      departmentId,
      users
        .filter((user) =>
          user.grants.some(
            (grant) =>
              grant.role === 'dept_officer' &&
              grant.unitId !== undefined &&
              ids.includes(String(grant.unitId)),
          ),
        )
        .map((user) => ({ id: String(user._id), displayName: user.displayName })),
    )
  }
  return result
}
