/**
 * Posting a comment on a topic (评论). The shared `canComment` guard decides (topic public and not
 * abandoned, author not blocked in the room); the text goes through WeChat's content check, scene 2
 * (评论): pass → visible at once; review → held for the room's moderators; risky → refused and
 * nothing stored. Without WeChat, without the author's openid, or when WeChat fails, the comment is
 * held rather than published unchecked. People who moderate comments in the room are not checked.
 * A comment published at once is counted in the topic's `commentCount` in the same transaction.
 */
import { Types, type Connection } from 'mongoose'
import { canComment } from '../../../../shared/domain/topic-guards'
import type { GuardContext } from '../../../../shared/domain/topic-rules'
import { DomainError } from '../../../../shared/errors'
import type { WechatClient } from '../../wechat/index'
import { invalidateRoomFeedWith } from '../topics/feed-cache'
import { topicModel } from '../topics/model'
import { loadTopic, topicFacts } from '../topics/transition'
import { userModel } from '../users/model'
import { objectId } from './actor'
import { isBlockedFromRoom } from './blocks'
import { toCommentView, type CommentView } from './comment-view'
import { commentModel, type CommentDoc, type CommentStatus } from './model'

export interface CommentAuthor {
  userId: string
  ctx: GuardContext
  /** Holds comment.moderate on the topic: their comments skip the content check. */
  trusted: boolean
}

interface ContentCheck {
  suggest: 'pass' | 'review' | 'unchecked' | 'trusted'
  label?: number
  traceId?: string
}

const RISKY_MESSAGE = '评论含有违规信息，未能发表，请修改后再试'

async function checkComment(
  db: Connection,
  wechat: WechatClient | null,
  author: CommentAuthor,
  text: string,
): Promise<ContentCheck> {
  if (author.trusted) return { suggest: 'trusted' }
  const user = await userModel(db).findById(author.userId, { openid: 1 }).lean()
  if (!wechat || !user?.openid) return { suggest: 'unchecked' }
  let verdict
  try {
    verdict = await wechat.msgSecCheck({ content: text, openid: user.openid, scene: 2 })
  } catch {
    return { suggest: 'unchecked' }
  }
  if (verdict.suggest === 'risky') {
    throw new DomainError('WECHAT_CONTENT_RISKY', RISKY_MESSAGE, { label: verdict.label })
  }
  const check: ContentCheck = { suggest: verdict.suggest, label: verdict.label }
  if (verdict.traceId) check.traceId = verdict.traceId
  return check
}

/** The top-level comment a reply attaches to (replies to a reply attach to the same thread). */
async function threadOf(
  db: Connection,
  topicId: Types.ObjectId,
  replyToId: string | undefined,
): Promise<Types.ObjectId | undefined> {
  if (replyToId === undefined) return undefined
  const target = Types.ObjectId.isValid(replyToId)
    ? await commentModel(db).findById(replyToId).lean<CommentDoc>()
    : null
  if (!target || !target.topicId.equals(topicId) || target.status !== 'visible') {
    throw new DomainError('COMMENT_REPLY_INVALID')
  }
  return target.replyToId ?? target._id
}

export async function postComment(
  db: Connection,
  wechat: WechatClient | null,
  input: {
    topicId: string
    author: CommentAuthor
    text: string
    replyToId?: string
    now?: Date
  },
): Promise<CommentView> {
  const now = input.now ?? new Date()
  const text = input.text.trim()
  if (!text) throw new DomainError('VALIDATION_FAILED', '评论内容不能为空')
  const topic = await loadTopic(db, String(objectId(input.topicId, 'NOT_FOUND')))
  const blocked = await isBlockedFromRoom(db, String(topic.roomId), input.author.userId, now)
  const verdict = canComment(topicFacts(topic), input.author.ctx, { blocked })
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  const replyToId = await threadOf(db, topic._id, input.replyToId)
  const check = await checkComment(db, wechat, input.author, text)

  const publish = check.suggest === 'pass' || check.suggest === 'trusted'
  const status: CommentStatus = publish ? 'visible' : 'held'
  const doc = {
    _id: new Types.ObjectId(),
    topicId: topic._id,
    roomId: topic.roomId,
    authorId: new Types.ObjectId(input.author.userId),
    replyToId,
    text,
    status,
    counted: publish,
    needsReview: !publish,
    reportCount: 0,
    openReports: 0,
    contentCheck: check,
    history: publish
      ? []
      : [
          {
            at: now,
            actorId: null,
            action: 'held' as const,
            to: 'held' as const,
            reason: check.suggest === 'review' ? '内容待人工审核' : '未经内容安全检测，待人工审核',
          },
        ],
    createdAt: now,
    updatedAt: now,
  }
  await db.transaction(async (session) => {
    await commentModel(db).create([doc], { session })
    if (publish) {
      await topicModel(db).updateOne(
        { _id: topic._id },
        { $inc: { commentCount: 1 } },
        { session, timestamps: false },
      )
      invalidateRoomFeedWith(session, topic.roomId)
    }
  })
  // notify: publish && replyToId → the author of the comment replied to; !publish → the room's moderators
  const saved = await commentModel(db).findById(doc._id).lean<CommentDoc>()
  if (!saved) throw new Error('postComment: the comment vanished after its insert')
  const names = new Map([[input.author.userId, await displayNameOf(db, input.author.userId)]])
  return toCommentView(saved, { kind: 'public', userId: input.author.userId }, names)
}

async function displayNameOf(db: Connection, userId: string): Promise<string> {
  const user = await userModel(db).findById(userId, { displayName: 1 }).lean()
  return user?.displayName ?? '已注销用户'
}
