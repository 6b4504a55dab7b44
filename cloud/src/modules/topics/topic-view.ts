/**
 * What callers see of a topic: the full view (detail page) and the summary (lists). The public sees
 * authors by display name, or 匿名居民 when the topic is anonymous; real names and phone numbers only
 * reach callers holding `pii.read` in the topic's scope. Topics held by the content check or rejected
 * exist only for their author (and petitioner) and for moderators (`topic.review`).
 */
import type { Connection } from 'mongoose'
import { allowedEvents } from '../../../../shared/domain/event-guard'
import {
  CATEGORY_LABELS,
  ESCALATION_TARGET_LABELS,
  REPLY_KIND_LABELS,
  TOPIC_SOURCE_LABELS,
  TOPIC_STATE_LABELS,
} from '../../../../shared/domain/labels'
import { canSupport, canWithdrawSupport } from '../../../../shared/domain/topic-guards'
import { HIDDEN_STATES } from '../../../../shared/domain/topic-machine'
import { DomainError } from '../../../../shared/errors'
import { findTopicMeeting } from '../meetings/service'
import { roomModel } from '../org/model'
import { userModel } from '../users/model'
import { roomRules, standingIn, type Caller, type Standing } from './caller'
import { supportModel, type TopicDoc } from './model'
import type { TopicSummary, TopicView } from './schema'
import { topicFacts, topicScope } from './transition'

export const ANONYMOUS_NAME = '匿名居民'
export const UNKNOWN_NAME = '已注销用户'

export function photoUrl(key: string): string {
  return `/api/uploads/photos/${encodeURIComponent(key)}`
}

function involves(topic: TopicDoc, userId: string): boolean {
  return String(topic.authorId) === userId || String(topic.petitionerId ?? '') === userId
}

/** Whether the caller may see the topic at all (hidden states are not public). */
export function canSee(topic: TopicDoc, caller: Caller | null, standing: Standing | null): boolean {
  if (!HIDDEN_STATES.includes(topic.state)) return true
  if (!caller) return false
  return involves(topic, caller.userId) || (standing?.permissions.has('topic.review') ?? false)
}

/** The caller's standing on the topic, or NOT_FOUND when the topic is hidden from them. */
export async function visibleStanding(
  topic: TopicDoc,
  caller: Caller | null,
): Promise<Standing | null> {
  const standing = caller ? await standingIn(caller, topicScope(topic)) : null
  if (!canSee(topic, caller, standing)) throw new DomainError('NOT_FOUND', '找不到该议题')
  return standing
}

/** The signed-in caller's standing on the topic, or NOT_FOUND when it is hidden from them. */
export async function callerStanding(topic: TopicDoc, caller: Caller): Promise<Standing> {
  const standing = await standingIn(caller, topicScope(topic))
  if (!canSee(topic, caller, standing)) throw new DomainError('NOT_FOUND', '找不到该议题')
  return standing
}

/** Whether the author's name is hidden from this caller. */
export function authorHidden(topic: TopicDoc, caller: Caller | null, standing: Standing | null) {
  if (!topic.anonymous) return false
  if (caller && String(topic.authorId) === caller.userId) return false
  return !(standing?.permissions.has('pii.read') ?? false)
}

export async function toTopicView(
  db: Connection,
  topic: TopicDoc,
  caller: Caller | null,
  standing: Standing | null,
): Promise<TopicView> {
  const Users = userModel(db)
  const [room, author, petitioner, supported, meeting] = await Promise.all([
    roomModel(db).findById(topic.roomId, { name: 1, supportThreshold: 1 }).lean(),
    Users.findById(topic.authorId, { displayName: 1, realName: 1, phone: 1 }).lean(),
    topic.petitionerId
      ? Users.findById(topic.petitionerId, { displayName: 1, realName: 1, phone: 1 }).lean()
      : null,
    caller
      ? supportModel(db).exists({ topicId: topic._id, userId: caller.userId })
      : Promise.resolve(null),
    findTopicMeeting(db, topic._id),
  ])
  const permissions = standing?.permissions ?? new Set()
  const facts = topicFacts(topic)
  const view: TopicView = {
    id: String(topic._id),
    roomId: String(topic.roomId),
    room: { id: String(topic.roomId), name: room?.name ?? '' },
    title: topic.title,
    description: topic.description,
    category: topic.category,
    categoryLabel: CATEGORY_LABELS[topic.category],
    photos: topic.photos.map((photo) => ({
      url: photoUrl(photo.key),
      width: photo.width,
      height: photo.height,
    })),
    source: topic.source,
    sourceLabel: TOPIC_SOURCE_LABELS[topic.source],
    anonymous: topic.anonymous,
    author: {
      displayName: authorHidden(topic, caller, standing)
        ? ANONYMOUS_NAME
        : (author?.displayName ?? UNKNOWN_NAME),
    },
    state: topic.state,
    stateLabel: TOPIC_STATE_LABELS[topic.state],
    supportCount: topic.supportCount,
    commentCount: topic.commentCount,
    canSupport: false,
    canWithdrawSupport: false,
    createdAt: topic.createdAt.toISOString(),
    allowedEvents: [],
  }
  if (topic.place) view.place = topic.place
  if (topic.mergedIntoId) view.mergedIntoId = String(topic.mergedIntoId)
  if (meeting) view.meeting = meeting
  if (topic.reply) {
    view.reply = {
      kind: topic.reply.kind,
      kindLabel: REPLY_KIND_LABELS[topic.reply.kind],
      at: topic.reply.at.toISOString(),
    }
    if (topic.reply.target) {
      view.reply.target = topic.reply.target
      view.reply.targetLabel = ESCALATION_TARGET_LABELS[topic.reply.target]
    }
    if (topic.reply.text) view.reply.text = topic.reply.text
  }
  if (caller && standing) {
    const ctx = { ...standing.ctx, rules: roomRules(room) }
    const alreadySupported = supported !== null
    view.supportedByMe = alreadySupported
    view.canSupport = canSupport(facts, ctx, { alreadySupported }).ok
    view.canWithdrawSupport = canWithdrawSupport(facts, ctx, { alreadySupported }).ok
    view.allowedEvents = allowedEvents(facts, ctx)
  }
  if (permissions.has('topic.triage') || permissions.has('topic.reply')) {
    view.replyDueAt = topic.replyDueAt.toISOString()
  }
  if (permissions.has('pii.read')) {
    view.pii = {
      realName: author?.realName ?? null,
      phone: author?.phone ?? null,
      petitionerName: topic.petitionerName ?? petitioner?.realName ?? null,
      petitionerPhone: topic.petitionerPhone ?? petitioner?.phone ?? null,
    }
  }
  return view
}

/** Display names of the given users, one query. */
export async function displayNames(
  db: Connection,
  ids: readonly unknown[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids.map(String))]
  if (unique.length === 0) return new Map()
  const users = await userModel(db)
    .find({ _id: { $in: unique } }, { displayName: 1 })
    .lean()
  return new Map(users.map((user) => [String(user._id), user.displayName]))
}

/**
 * The fields `toTopicSummary` reads: lists fetch only these, not the description or the search
 * tokens, which are most of a topic's bytes.
 */
export const SUMMARY_FIELDS = {
  roomId: 1,
  title: 1,
  category: 1,
  source: 1,
  state: 1,
  anonymous: 1,
  authorId: 1,
  supportCount: 1,
  commentCount: 1,
  photos: 1,
  place: 1,
  createdAt: 1,
} as const

/** List rows; anonymous authors are always hidden here (lists are public pages). */
export function toTopicSummary(
  topic: TopicDoc,
  names: ReadonlyMap<string, string>,
  viewerId?: string,
): TopicSummary {
  const own = viewerId !== undefined && String(topic.authorId) === viewerId
  const summary: TopicSummary = {
    id: String(topic._id),
    roomId: String(topic.roomId),
    title: topic.title,
    category: topic.category,
    categoryLabel: CATEGORY_LABELS[topic.category],
    source: topic.source,
    sourceLabel: TOPIC_SOURCE_LABELS[topic.source],
    state: topic.state,
    stateLabel: TOPIC_STATE_LABELS[topic.state],
    anonymous: topic.anonymous,
    author: {
      displayName:
        topic.anonymous && !own
          ? ANONYMOUS_NAME
          : (names.get(String(topic.authorId)) ?? UNKNOWN_NAME),
    },
    supportCount: topic.supportCount,
    commentCount: topic.commentCount,
    createdAt: topic.createdAt.toISOString(),
  }
  if (topic.photos[0]) summary.photoUrl = photoUrl(topic.photos[0].key)
  if (topic.place?.address) summary.address = topic.place.address
  return summary
}

export async function toTopicSummaries(
  db: Connection,
  topics: readonly TopicDoc[],
  viewerId?: string,
): Promise<TopicSummary[]> {
  const named = topics.filter((topic) => !topic.anonymous || String(topic.authorId) === viewerId)
  const names = await displayNames(
    db,
    named.map((topic) => topic.authorId),
  )
  return topics.map((topic) => toTopicSummary(topic, names, viewerId))
}
