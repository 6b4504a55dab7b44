/**
 * The signed-in user's own profile: read it, change the display name, bind the phone number WeChat
 * verified (getuserphonenumber). Administration of other people is in `admin-service.ts`, role grants
 * in `grants.ts`, the CSV import in `import-csv.ts`.
 */
import type { Connection } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import type { WechatClient } from '../../wechat/index'
import { userModel, type UserDoc } from './model'
import type { Me } from './schema'
import { toMe } from './view'

export const DUPLICATE_KEY = 11000

export function isDuplicateKey(error: unknown, field?: string): boolean {
  const e = error as { code?: unknown; keyPattern?: Record<string, unknown> } | null
  if (e?.code !== DUPLICATE_KEY) return false
  return field === undefined || e.keyPattern === undefined || field in e.keyPattern
}

const PUBLIC_FIELDS = { passwordHash: 0, failedLogins: 0 } as const

async function loadUser(db: Connection, userId: string): Promise<UserDoc> {
  const user = await userModel(db).findById(userId, PUBLIC_FIELDS).lean<UserDoc>()
  if (!user) throw new DomainError('USER_NOT_FOUND')
  return user
}

export async function getMe(db: Connection, userId: string): Promise<Me> {
  return toMe(db, await loadUser(db, userId))
}

export async function updateMe(
  db: Connection,
  userId: string,
  changes: { displayName?: string },
): Promise<Me> {
  const set: Partial<UserDoc> = {}
  if (changes.displayName !== undefined) {
    const displayName = changes.displayName.trim()
    if (!displayName) {
      throw new DomainError('VALIDATION_FAILED', '昵称不能为空', [
        { field: 'body.displayName', message: '昵称不能为空' },
      ])
    }
    set.displayName = displayName
  }
  const user = await userModel(db)
    .findByIdAndUpdate(
      userId,
      { $set: set },
      { returnDocument: 'after', projection: PUBLIC_FIELDS },
    )
    .lean<UserDoc>()
  if (!user) throw new DomainError('USER_NOT_FOUND')
  return toMe(db, user)
}

/**
 * Exchanges the getPhoneNumber button's code for the verified number and binds it to the user.
 * When the user signed in with WeChat their openid goes along, so WeChat checks the code was issued
 * to this very user. A number bound to someone else is PHONE_ALREADY_BOUND (the unique index
 * decides a race between two accounts).
 */
export async function bindPhone(
  db: Connection,
  wechat: WechatClient | null,
  userId: string,
  code: string,
): Promise<Me> {
  if (!wechat) throw new DomainError('WECHAT_NOT_CONFIGURED')
  const user = await loadUser(db, userId)
  const { purePhoneNumber } = await wechat.getPhoneNumber(code, user.openid)
  const Users = userModel(db)
  const holder = await Users.findOne({ phone: purePhoneNumber }, { _id: 1 }).lean()
  if (holder && String(holder._id) !== userId) throw new DomainError('PHONE_ALREADY_BOUND')
  try {
    const updated = await Users.findByIdAndUpdate(
      userId,
      { $set: { phone: purePhoneNumber } },
      { returnDocument: 'after', projection: PUBLIC_FIELDS },
    ).lean<UserDoc>()
    if (!updated) throw new DomainError('USER_NOT_FOUND')
    return await toMe(db, updated)
  } catch (error) {
    if (isDuplicateKey(error, 'phone')) throw new DomainError('PHONE_ALREADY_BOUND')
    throw error
  }
}
