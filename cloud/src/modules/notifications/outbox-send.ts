/**
 * One WeChat call for a claimed outbox entry (`calling`, its grant taken) and the recording of its
 * outcome: sent; 43101 → our grant count is zeroed and the entry stays in-app only; 47003 → logged
 * loudly with the field (a formatter bug), the grant given back, failed; a timeout → `uncertain`
 * (WeChat may have acted, and has no idempotency key: never resent); transient errors (busy,
 * network, rate limit, token) → the grant given back, pending again after an exponential backoff,
 * failed once the attempts are used up; anything else → failed.
 */
import type { Connection } from 'mongoose'
import type { WechatClient } from '../../wechat/index'
import { WechatError } from '../../wechat/errors'
import type { TemplateConfigs } from './enqueue'
import { grantModel, outboxModel, type OutboxDoc, type OutboxResult } from './model'
import type { GrantSeen } from './outbox-claim'
import { giveBackGrant, type DoneWriter } from './outbox-writes'

const RETRYABLE = new Set([
  'WECHAT_BUSY',
  'WECHAT_UNAVAILABLE',
  'WECHAT_RATE_LIMITED',
  'WECHAT_TOKEN_INVALID',
])

export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(attempts - 1, 0), 10 * 60_000)
}

export interface SendContext {
  db: Connection
  wechat: WechatClient
  templates: TemplateConfigs
  owner: string
  maxAttempts: number
  done: DoneWriter
  log?: { error: (obj: object, msg: string) => void }
}

export interface ClaimedSend {
  /** As claimed by this worker (`attempts` of this claim). */
  entry: OutboxDoc
  openid: string
  grant: GrantSeen
}

/**
 * Calls WeChat; `onCalled` runs as soon as the call has returned (or failed), and the promise
 * resolves once the outcome is written.
 */
export async function sendClaimed(
  ctx: SendContext,
  { entry, openid, grant }: ClaimedSend,
  onCalled: () => void,
): Promise<void> {
  const templateId = ctx.templates[entry.template].templateId
  const data = Object.fromEntries(Object.entries(entry.data).map(([k, v]) => [k, v.value]))
  let failure: unknown = null
  try {
    await ctx.wechat.sendSubscribeMessage({ touser: openid, templateId, data, page: entry.page })
  } catch (error) {
    failure = error ?? new Error('unknown failure')
  } finally {
    onCalled()
  }
  if (failure === null) return ctx.done.finish(entry, 'sent')

  const code = failure instanceof WechatError ? failure.code : 'UNKNOWN'
  const message = `${code}: ${(failure as Error).message}`
  if (code === 'WECHAT_NO_SUBSCRIPTION') {
    // Our count said yes, WeChat says no: trust WeChat and stop spending.
    await grantModel(ctx.db).collection.updateOne(
      { _id: grant._id },
      { $set: { remaining: 0, updatedAt: new Date() } },
    )
    return finishWithError(ctx, entry, 'no_grant', message)
  }
  if (code === 'WECHAT_TEMPLATE_DATA_INVALID') {
    ctx.log?.error(
      {
        outboxId: String(entry._id),
        template: entry.template,
        field: (failure as WechatError).field,
      },
      'subscription message rejected by WeChat (47003): the formatter let an invalid value through',
    )
    await giveBackGrant(ctx.db, grant._id)
    return finishWithError(ctx, entry, 'failed', message)
  }
  if (code === 'WECHAT_TIMEOUT') return finishWithError(ctx, entry, 'uncertain', message)
  await giveBackGrant(ctx.db, grant._id)
  if (RETRYABLE.has(code)) return retryLater(ctx, entry, message)
  return finishWithError(ctx, entry, 'failed', message)
}

/** This worker's current claim of the entry (a stale copy of an older claim matches nothing). */
function mine(ctx: SendContext, entry: OutboxDoc) {
  return { _id: entry._id, leaseOwner: ctx.owner, attempts: entry.attempts }
}

/** A finish that records an error (rare outcomes: one write each). */
async function finishWithError(
  ctx: SendContext,
  entry: OutboxDoc,
  result: OutboxResult,
  error: string,
): Promise<void> {
  await outboxModel(ctx.db).collection.updateOne(mine(ctx, entry), {
    $set: {
      status: 'done',
      result,
      phase: null,
      doneAt: new Date(),
      leaseOwner: null,
      lastError: error,
    },
  })
}

async function retryLater(ctx: SendContext, entry: OutboxDoc, error: string): Promise<void> {
  if (entry.attempts >= ctx.maxAttempts) return finishWithError(ctx, entry, 'failed', error)
  await outboxModel(ctx.db).collection.updateOne(mine(ctx, entry), {
    $set: {
      status: 'pending',
      phase: null,
      leaseOwner: null,
      leaseUntil: null,
      lastError: error,
      nextAttemptAt: new Date(Date.now() + backoffMs(entry.attempts)),
    },
  })
}
