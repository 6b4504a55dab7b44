/**
 * Seed `demo-people`: one account per role from `accounts.ts`, with role grants, `scopeUnitIds`, the
 * openid the fake WeChat gives for `dev-<key>` (so the picker logs straight in), a username and an
 * argon2id password hash for staff, and the duty rota. Runs after `demo-org` (it looks units up by
 * code and rooms by scene). Inserts only missing accounts (by `demoKey`).
 */
import { hash } from '@node-rs/argon2'
import { Types, type Connection } from 'mongoose'
import { userModel, type GrantDoc } from '../../modules/users/model'
import { computeScopeUnitIds } from '../../modules/users/scope'
import { demoOpenid } from '../../modules/auth/service'
import { roomModel, unitModel } from '../../modules/org/model'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './accounts'

interface Lookup {
  unit(code: string): Types.ObjectId
  room(scene: string): Types.ObjectId
}

async function lookups(db: Connection): Promise<Lookup> {
  const units = await unitModel(db).find({}, { code: 1 }).lean()
  const rooms = await roomModel(db).find({}, { scene: 1 }).lean()
  const unitIds = new Map(units.map((unit) => [unit.code, unit._id]))
  const roomIds = new Map(rooms.map((room) => [room.scene, room._id]))
  return {
    unit(code) {
      const id = unitIds.get(code)
      if (!id) throw new Error(`demo data: unit ${code} is missing (did demo-org run?)`)
      return id
    },
    room(scene) {
      const id = roomIds.get(scene)
      if (!id) throw new Error(`demo data: room ${scene} is missing (did demo-org run?)`)
      return id
    },
  }
}

function grantsOf(account: DemoAccount, find: Lookup): GrantDoc[] {
  return account.grants.map((grant) => ({
    _id: new Types.ObjectId(),
    role: grant.role,
    unitId: grant.unit ? find.unit(grant.unit) : undefined,
    roomId: grant.room ? find.room(grant.room) : undefined,
    grantedAt: new Date(),
  }))
}

async function insertAccount(
  db: Connection,
  account: DemoAccount,
  find: Lookup,
): Promise<Types.ObjectId> {
  const User = userModel(db)
  const existing = await User.findOne({ demoKey: account.key }, { _id: 1 }).lean()
  if (existing) return existing._id
  const unitId = account.unit ? find.unit(account.unit) : undefined
  const grants = grantsOf(account, find)
  const user = await User.create({
    demoKey: account.key,
    openid: demoOpenid(account.key),
    displayName: account.displayName,
    realName: account.realName,
    unitId,
    grants,
    scopeUnitIds: await computeScopeUnitIds(db, { unitId, grants }),
    ...(account.staff
      ? { username: account.key, passwordHash: await hash(DEMO_PASSWORD) }
      : undefined),
  })
  return user._id
}

async function addDuty(db: Connection, account: DemoAccount, userId: Types.ObjectId, find: Lookup) {
  if (!account.duty) return
  const roomId = find.room(account.duty.room)
  // Only when this member has no slot there yet, so a retried seed does not double the rota.
  await roomModel(db).updateOne(
    { _id: roomId, 'duty.userId': { $ne: userId } },
    { $push: { duty: { $each: account.duty.weekdays.map((weekday) => ({ userId, weekday })) } } },
  )
}

export async function seedDemoPeople(db: Connection): Promise<void> {
  const find = await lookups(db)
  for (const account of DEMO_ACCOUNTS) {
    const userId = await insertAccount(db, account, find)
    await addDuty(db, account, userId, find)
  }
}
