/**
 * How a user document is shown: to themselves (`Me`, unmasked) and to administrators (`AdminUser`,
 * real name and phone masked unless the caller holds `pii.read` in that user's home unit). Unit and
 * room names are looked up in one query each for a whole page of users.
 */
import { Types, type Connection } from 'mongoose'
import { maskName, maskPhone } from '../../../../shared/domain/masking'
import { can, type UserAccess } from '../../../../shared/domain/permissions'
import { roomModel, unitModel } from '../org/model'
import { unitTreeFor } from '../org/unit-scope'
import type { UserDoc } from './model'
import type { AdminUser, GrantView, Me } from './schema'

type ViewableUser = Pick<
  UserDoc,
  '_id' | 'displayName' | 'realName' | 'phone' | 'unitId' | 'grants' | 'createdAt'
> &
  Partial<Pick<UserDoc, 'username' | 'passwordHash' | 'openid' | 'disabled'>>

interface Names {
  units: Map<string, string>
  rooms: Map<string, string>
}

async function namesFor(db: Connection, users: readonly ViewableUser[]): Promise<Names> {
  const unitIds = new Set<string>()
  const roomIds = new Set<string>()
  for (const user of users) {
    if (user.unitId) unitIds.add(String(user.unitId))
    for (const grant of user.grants) {
      if (grant.unitId) unitIds.add(String(grant.unitId))
      if (grant.roomId) roomIds.add(String(grant.roomId))
    }
  }
  const ids = (set: Set<string>) => [...set].map((id) => new Types.ObjectId(id))
  const [units, rooms] = await Promise.all([
    unitIds.size === 0
      ? []
      : unitModel(db)
          .find({ _id: { $in: ids(unitIds) } }, { name: 1 })
          .lean(),
    roomIds.size === 0
      ? []
      : roomModel(db)
          .find({ _id: { $in: ids(roomIds) } }, { name: 1 })
          .lean(),
  ])
  return {
    units: new Map(units.map((unit) => [String(unit._id), unit.name])),
    rooms: new Map(rooms.map((room) => [String(room._id), room.name])),
  }
}

function grantViews(user: ViewableUser, names: Names): GrantView[] {
  return user.grants.map((grant) => {
    const view: GrantView = { id: String(grant._id), role: grant.role }
    if (grant.unitId) {
      view.unitId = String(grant.unitId)
      const name = names.units.get(view.unitId)
      if (name) view.unitName = name
    }
    if (grant.roomId) {
      view.roomId = String(grant.roomId)
      const name = names.rooms.get(view.roomId)
      if (name) view.roomName = name
    }
    return view
  })
}

function meView(user: ViewableUser, names: Names): Me {
  const me: Me = {
    id: String(user._id),
    displayName: user.displayName,
    isStaff: user.grants.length > 0,
    grants: grantViews(user, names),
  }
  if (user.realName) me.realName = user.realName
  if (user.phone) me.phone = user.phone
  if (user.unitId) {
    me.unitId = String(user.unitId)
    const name = names.units.get(me.unitId)
    if (name) me.unitName = name
  }
  return me
}

/** The user as they see themselves (their own phone unmasked). */
export async function toMe(db: Connection, user: ViewableUser): Promise<Me> {
  return meView(user, await namesFor(db, [user]))
}

/**
 * Users as `viewer` sees them in the administration pages. PII is shown when the viewer holds
 * `pii.read` on `{ unitId: <the user's home unit> }` (admin everywhere; office staff and grid
 * workers within their subtree), masked otherwise.
 */
export async function toAdminUsers(
  db: Connection,
  viewer: UserAccess,
  users: readonly ViewableUser[],
): Promise<AdminUser[]> {
  const homeUnits = users.flatMap((user) => (user.unitId ? [String(user.unitId)] : []))
  const grantUnits = viewer.grants.flatMap((grant) => (grant.unitId ? [grant.unitId] : []))
  const [names, tree] = await Promise.all([
    namesFor(db, users),
    unitTreeFor(db, [...homeUnits, ...grantUnits]),
  ])
  return users.map((user) => {
    const scope = user.unitId ? { unitId: String(user.unitId) } : {}
    const pii = can(viewer, 'pii.read', scope, tree)
    const me = meView(user, names)
    const view: AdminUser = {
      id: me.id,
      displayName: me.displayName,
      piiMasked: !pii && Boolean(user.realName || user.phone),
      hasPassword: Boolean(user.passwordHash),
      wechatBound: Boolean(user.openid),
      disabled: Boolean(user.disabled),
      isStaff: me.isStaff,
      grants: me.grants,
      createdAt: new Date(user.createdAt).toISOString(),
    }
    if (user.realName) view.realName = pii ? user.realName : maskName(user.realName)
    if (user.phone) view.phone = pii ? user.phone : maskPhone(user.phone)
    if (user.username) view.username = user.username
    if (me.unitId) view.unitId = me.unitId
    if (me.unitName) view.unitName = me.unitName
    return view
  })
}

export async function toAdminUser(
  db: Connection,
  viewer: UserAccess,
  user: ViewableUser,
): Promise<AdminUser> {
  const [view] = await toAdminUsers(db, viewer, [user])
  return view
}
