/**
 * Raising a topic (提出议题): from a resident who scanned the room's code, a member's recommendation
 * (委员荐题), a party/government assignment (党政点题), a grid worker on a named resident's behalf, or
 * a 12345 ticket. Residents' text goes through WeChat's content check first: pass → published,
 * review → held for a moderator, risky → refused and nothing stored. Staff sources are trusted.
 */
import { Types, type Connection } from 'mongoose'
import { replyDueAt } from '../../../../shared/domain/deadlines'
import { canRaiseTopic } from '../../../../shared/domain/topic-guards'
import { initialState } from '../../../../shared/domain/topic-machine'
import type { TopicSource } from '../../../../shared/domain/types'
import { DomainError } from '../../../../shared/errors'
import type { WechatClient } from '../../wechat/index'
import { recordAudit } from '../audit/service'
import { roomModel, type RoomDoc } from '../org/model'
import { resolveUploadedPhotos } from '../uploads/service'
import { userModel } from '../users/model'
import { auditUnit, standingIn, type Caller } from './caller'
import { invalidateRoomFeed } from './feed-cache'
import { topicEventModel, topicModel, type TopicDoc } from './model'
import type { RaiseTopicBody, TopicView } from './schema'
import { searchTokens } from './search-tokens'
import { toTopicView } from './topic-view'

/** Sources raised for someone else: the petitioner must be named. */
const ON_BEHALF: readonly TopicSource[] = ['grid_worker', 'hotline_12345']

export interface ContentCheck {
  suggest: 'pass' | 'review' | 'skipped'
  label?: number
  traceId?: string
}

const RISKY_MESSAGE = '议题内容含有违规信息，未能提交。请修改标题或描述后再试。'

/**
 * The content check of a resident's text. Staff sources and authors without an openid (staff who
 * sign in with a password) are trusted; without WeChat, or when WeChat fails, the topic is held for a
 * moderator rather than published unchecked or lost.
 */
export async function checkTopicContent(
  db: Connection,
  wechat: WechatClient | null,
  authorId: string,
  source: TopicSource,
  text: { title: string; description: string },
): Promise<ContentCheck> {
  if (source !== 'resident') return { suggest: 'skipped' }
  const author = await userModel(db).findById(authorId, { openid: 1 }).lean()
  if (!author?.openid) return { suggest: 'skipped' }
  if (!wechat) return { suggest: 'review' }
  let verdict
  try {
    verdict = await wechat.msgSecCheck({
      content: `${text.title}\n${text.description}`,
      openid: author.openid,
      scene: 3,
      title: text.title,
    })
  } catch {
    return { suggest: 'review' }
  }
  if (verdict.suggest === 'risky') {
    throw new DomainError('WECHAT_CONTENT_RISKY', RISKY_MESSAGE, { label: verdict.label })
  }
  const check: ContentCheck = { suggest: verdict.suggest, label: verdict.label }
  if (verdict.traceId) check.traceId = verdict.traceId
  return check
}

interface Petitioner {
  petitionerId?: Types.ObjectId
  petitionerName?: string
  petitionerPhone?: string
  onBehalf: boolean
}

async function resolvePetitioner(
  db: Connection,
  authorId: string,
  source: TopicSource,
  body: RaiseTopicBody['petitioner'],
): Promise<Petitioner> {
  const name = body?.name?.trim() || undefined
  const phone = body?.phone?.trim() || undefined
  const given = Boolean(body?.userId || name || phone)
  if (source === 'resident') {
    if (given) throw new DomainError('PETITIONER_NOT_ALLOWED')
    return { onBehalf: false }
  }
  if (ON_BEHALF.includes(source) && !body?.userId && !name) {
    throw new DomainError('PETITIONER_REQUIRED')
  }
  if (!given) return { onBehalf: false }
  const out: Petitioner = { onBehalf: true, petitionerName: name, petitionerPhone: phone }
  if (body?.userId) {
    if (body.userId === authorId)
      throw new DomainError('PETITIONER_NOT_ALLOWED', '诉求人不能是本人')
    if (!(await userModel(db).exists({ _id: body.userId }))) {
      throw new DomainError('PETITIONER_NOT_FOUND')
    }
    out.petitionerId = new Types.ObjectId(body.userId)
  }
  return out
}

function trimmed(body: RaiseTopicBody): { title: string; description: string } {
  const title = body.title.trim()
  const description = body.description.trim()
  const problems = []
  if (Array.from(title).length < 2) problems.push({ field: 'body.title', message: '标题太短' })
  if (Array.from(description).length < 5) {
    problems.push({ field: 'body.description', message: '描述太短' })
  }
  if (problems.length > 0) {
    throw new DomainError('VALIDATION_FAILED', '标题至少 2 个字，描述至少 5 个字', problems)
  }
  return { title, description }
}

function placeOf(place: RaiseTopicBody['place']): RaiseTopicBody['place'] {
  if (!place) return undefined
  const out: NonNullable<RaiseTopicBody['place']> = {}
  if (place.lat !== undefined && place.lng !== undefined) {
    out.lat = place.lat
    out.lng = place.lng
  }
  const address = place.address?.trim()
  if (address) out.address = address
  return Object.keys(out).length > 0 ? out : undefined
}

async function loadRoom(db: Connection, roomId: string): Promise<RoomDoc> {
  const room = await roomModel(db).findById(roomId).lean<RoomDoc>()
  if (!room) throw new DomainError('ROOM_NOT_FOUND')
  if (room.archived) throw new DomainError('ROOM_ARCHIVED')
  return room
}

export async function raiseTopic(
  db: Connection,
  wechat: WechatClient | null,
  caller: Caller,
  roomId: string,
  body: RaiseTopicBody,
  now = new Date(),
): Promise<TopicView> {
  const room = await loadRoom(db, roomId)
  const source = body.source ?? 'resident'
  const scope = { roomId: String(room._id), unitId: String(room.unitId) }
  const standing = await standingIn(caller, scope)
  const verdict = canRaiseTopic(source, scope, standing.ctx)
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  const text = trimmed(body)
  const petitioner = await resolvePetitioner(db, caller.userId, source, body.petitioner)
  const photos = await resolveUploadedPhotos(db, caller.userId, body.photoKeys ?? [])
  const contentCheck = await checkTopicContent(db, wechat, caller.userId, source, text)
  const state = initialState(source, contentCheck.suggest === 'review')
  const topicId = new Types.ObjectId()
  await db.transaction(async (session) => {
    await topicModel(db).create(
      [
        {
          _id: topicId,
          roomId: room._id,
          unitId: room.unitId,
          unitAncestors: room.unitAncestors,
          ...text,
          category: body.category,
          photos,
          place: placeOf(body.place),
          source,
          authorId: new Types.ObjectId(caller.userId),
          ...petitioner,
          anonymous: body.anonymous ?? false,
          state,
          stateChangedAt: now,
          supportCount: 0,
          commentCount: 0,
          searchTokens: searchTokens(`${text.title} ${text.description}`),
          contentCheck,
          replyDueAt: replyDueAt(now),
          createdAt: now,
          updatedAt: now,
        },
      ],
      { session },
    )
    await topicEventModel(db).create(
      [
        {
          topicId,
          at: now,
          actorId: new Types.ObjectId(caller.userId),
          event: 'created',
          to: state,
          public: true,
          data: { source, contentCheck: contentCheck.suggest },
        },
      ],
      { session },
    )
    if (source !== 'resident') {
      await recordAudit(
        db,
        {
          actorId: caller.userId,
          action: 'topic.raise',
          target: { kind: 'topic', id: String(topicId) },
          unit: auditUnit(room),
          after: {
            title: text.title,
            source,
            state,
            onBehalf: petitioner.onBehalf,
            petitionerId: petitioner.petitionerId ? String(petitioner.petitionerId) : null,
          },
          requestId: caller.requestId,
          ip: caller.ip,
        },
        session,
      )
    }
  })
  invalidateRoomFeed(room._id)
  // notify: the room's moderators when held for review (pending_review); its conveners otherwise.
  const topic = await topicModel(db).findById(topicId).lean<TopicDoc>()
  if (!topic) throw new DomainError('INTERNAL')
  return toTopicView(db, topic, caller, await standingIn(caller, scope))
}
