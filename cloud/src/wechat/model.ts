/**
 * `wechat_tokens`: one document per appid holding the current access token and the refresh lease, so
 * every service instance shares one token (WeChat's "中控" advice). The only wechat file importing mongoose.
 */
import { Schema, type Connection, type Model } from 'mongoose'
import type { StoredToken, TokenStore } from './token-store'

export interface WechatTokenDoc {
  _id: string // the appid
  token?: string
  expiresAt?: Date
  refreshAt?: Date
  forcedAt?: Date
  leaseOwner?: string | null
  leaseUntil?: Date | null
  updatedAt?: Date
}

const wechatTokenSchema = new Schema<WechatTokenDoc>(
  {
    _id: { type: String, required: true },
    token: String,
    expiresAt: Date,
    refreshAt: Date,
    forcedAt: Date,
    leaseOwner: String,
    leaseUntil: Date,
  },
  { collection: 'wechat_tokens', versionKey: false, timestamps: { createdAt: false } },
)
// Indexes: only the default `_id` (= appid) index. It serves every query here: read the token by appid,
// take/release the lease by appid. No secondary index is needed for a one-document-per-app collection.

export function wechatTokenModel(connection: Connection): Model<WechatTokenDoc> {
  return (
    (connection.models.WechatToken as Model<WechatTokenDoc> | undefined) ??
    connection.model<WechatTokenDoc>('WechatToken', wechatTokenSchema)
  )
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000
}

/** TokenStore on MongoDB; the lease is a conditional findOneAndUpdate, so only one instance wins it. */
export function createMongoTokenStore(connection: Connection): TokenStore {
  const M = wechatTokenModel(connection)
  return {
    async read(appId) {
      const doc = await M.findById(appId).lean()
      if (!doc?.token || !doc.expiresAt || !doc.refreshAt) return null
      const out: StoredToken = {
        token: doc.token,
        expiresAt: doc.expiresAt.getTime(),
        refreshAt: doc.refreshAt.getTime(),
      }
      if (doc.forcedAt) out.forcedAt = doc.forcedAt.getTime()
      return out
    },

    async tryLease(appId, owner, leaseMs, now) {
      try {
        const doc = await M.findOneAndUpdate(
          {
            _id: appId,
            $or: [
              { leaseUntil: null },
              { leaseUntil: { $lte: new Date(now) } },
              { leaseOwner: owner },
            ],
          },
          { $set: { leaseOwner: owner, leaseUntil: new Date(now + leaseMs) } },
          { upsert: true, returnDocument: 'after' },
        ).lean()
        return doc?.leaseOwner === owner
      } catch (err) {
        // The filter missed because someone else holds the lease, so the upsert hit the existing _id.
        if (isDuplicateKey(err)) return false
        throw err
      }
    },

    async write(appId, token) {
      await M.updateOne(
        { _id: appId },
        {
          $set: {
            token: token.token,
            expiresAt: new Date(token.expiresAt),
            refreshAt: new Date(token.refreshAt),
            ...(token.forcedAt === undefined ? {} : { forcedAt: new Date(token.forcedAt) }),
          },
        },
        { upsert: true },
      )
    },

    async release(appId, owner) {
      await M.updateOne(
        { _id: appId, leaseOwner: owner },
        { $set: { leaseOwner: null, leaseUntil: null } },
      )
    },
  }
}
