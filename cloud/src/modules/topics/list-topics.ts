/**
 * Topic lists: a room's public list ("hot" = most supported, "new" = newest; optionally by state,
 * category and/or source), the caller's own topics (raised by them or for them) and the topics they
 * supported. Keyset pagination: the cursor carries the last row's sort value and id (the tie-break),
 * so pages stay stable while new topics arrive.
 */
import { Types, type Connection } from 'mongoose'
import { HIDDEN_STATES, TOPIC_STATES } from '../../../../shared/domain/topic-machine'
import { DomainError } from '../../../../shared/errors'
import { roomModel } from '../org/model'
import { standingIn, type Caller } from './caller'
import { supportModel, topicModel, type SupportDoc, type TopicDoc } from './model'
import type { PageQuery, RoomTopicsQuery, TopicPage } from './schema'
import { SUMMARY_FIELDS, toTopicSummaries } from './topic-view'

/**
 * The states the public sees. Filters name them (`$in`) rather than excluding the hidden ones
 * (`$nin`): the same rows (every topic has one of TOPIC_STATES), but an index on state can bound
 * an `$in` to its ranges.
 */
const VISIBLE_STATES = TOPIC_STATES.filter((state) => !HIDDEN_STATES.includes(state))

interface CursorValue {
  /** The sort value of the last row: a date's epoch ms, or a support count. */
  v: number
  id: string
}

function encodeCursor(value: CursorValue): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function decodeCursor(cursor: string | undefined): CursorValue | null {
  if (!cursor) return null
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorValue
    if (typeof value.v === 'number' && Types.ObjectId.isValid(value.id)) return value
  } catch {
    // fall through
  }
  throw new DomainError('VALIDATION_FAILED', '分页参数无效，请刷新列表', [
    { field: 'querystring.cursor', message: 'invalid cursor' },
  ])
}

/** Rows after the cursor in (field desc, _id desc) order. */
function after(field: string, cursor: CursorValue | null, asDate: boolean) {
  if (!cursor) return {}
  const value = asDate ? new Date(cursor.v) : cursor.v
  const id = new Types.ObjectId(cursor.id)
  return { $or: [{ [field]: { $lt: value } }, { [field]: value, _id: { $lt: id } }] }
}

function nextCursor<T extends { _id: Types.ObjectId }>(
  rows: T[],
  limit: number,
  sortValue: (row: T) => number,
): string | null {
  if (rows.length <= limit) return null
  const last = rows[limit - 1]
  return encodeCursor({ v: sortValue(last), id: String(last._id) })
}

/** A page of the room's feed: its topics (summary fields) and the next page's cursor. */
async function roomFeedRows(
  db: Connection,
  caller: Caller | null,
  roomId: string,
  query: RoomTopicsQuery,
): Promise<{ rows: TopicDoc[]; nextCursor: string | null }> {
  const room = await roomModel(db).findById(roomId, { unitId: 1 }).lean()
  if (!room) throw new DomainError('ROOM_NOT_FOUND')
  if (query.state && HIDDEN_STATES.includes(query.state)) {
    const scope = { roomId: String(room._id), unitId: String(room.unitId) }
    const standing = caller ? await standingIn(caller, scope) : null
    if (!standing?.permissions.has('topic.review')) throw new DomainError('STATE_FILTER_FORBIDDEN')
  }
  const hot = query.sort === 'hot'
  const field = hot ? 'supportCount' : 'createdAt'
  // Served by the { roomId, [state | category | source], <sort field> -1, _id -1 } indexes of
  // model.ts, walked in sort order from the cursor on: the planner bounds the walk by the equality
  // (or state $in) filters it can, the other filters are checked on the rows it walks past.
  const filter = {
    roomId: room._id,
    state: query.state ?? { $in: VISIBLE_STATES },
    ...(query.category ? { category: query.category } : {}),
    ...(query.source ? { source: query.source } : {}),
    ...after(field, decodeCursor(query.cursor), !hot),
  }
  const rows = await topicModel(db)
    .find(filter, SUMMARY_FIELDS)
    .sort({ [field]: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<TopicDoc[]>()
  return {
    rows: rows.slice(0, query.limit),
    nextCursor: nextCursor(rows, query.limit, (row) =>
      hot ? row.supportCount : row.createdAt.getTime(),
    ),
  }
}

export async function listRoomTopics(
  db: Connection,
  caller: Caller | null,
  roomId: string,
  query: RoomTopicsQuery,
): Promise<TopicPage> {
  const { rows, nextCursor } = await roomFeedRows(db, caller, roomId, query)
  return { items: await toTopicSummaries(db, rows, caller?.userId), nextCursor }
}

/**
 * The room's feed page as a caller who is not signed in sees it, and who wrote its anonymous topics
 * (their authors see those under their own name; `feed-cache.ts` rebuilds the page for them).
 */
export async function readPublicRoomFeed(
  db: Connection,
  roomId: string,
  query: RoomTopicsQuery,
): Promise<{ page: TopicPage; anonymousAuthorIds: Array<string | null> }> {
  const { rows, nextCursor } = await roomFeedRows(db, null, roomId, query)
  return {
    page: { items: await toTopicSummaries(db, rows), nextCursor },
    anonymousAuthorIds: rows.map((row) => (row.anonymous ? String(row.authorId) : null)),
  }
}

/** Topics the caller raised, or that were raised for them (grid worker, hotline), in any state. */
export async function listMyTopics(
  db: Connection,
  caller: Caller,
  query: PageQuery,
): Promise<TopicPage> {
  const me = new Types.ObjectId(caller.userId)
  const rows = await topicModel(db)
    .find(
      {
        $and: [
          { $or: [{ authorId: me }, { petitionerId: me }] },
          after('createdAt', decodeCursor(query.cursor), true),
        ],
      },
      SUMMARY_FIELDS,
    )
    .sort({ createdAt: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<TopicDoc[]>()
  return {
    items: await toTopicSummaries(db, rows.slice(0, query.limit), caller.userId),
    nextCursor: nextCursor(rows, query.limit, (row) => row.createdAt.getTime()),
  }
}

/**
 * Topics the caller supports, most recent support first. Topics hidden since (rejected by a
 * moderator) drop out of the page, which may then hold fewer than `limit` rows.
 */
export async function listMySupports(
  db: Connection,
  caller: Caller,
  query: PageQuery,
): Promise<TopicPage> {
  const supports = await supportModel(db)
    .find({
      userId: new Types.ObjectId(caller.userId),
      ...after('createdAt', decodeCursor(query.cursor), true),
    })
    .sort({ createdAt: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<SupportDoc[]>()
  const page = supports.slice(0, query.limit)
  const topics = await topicModel(db)
    .find(
      { _id: { $in: page.map((s) => s.topicId) }, state: { $in: VISIBLE_STATES } },
      SUMMARY_FIELDS,
    )
    .lean<TopicDoc[]>()
  const byId = new Map(topics.map((topic) => [String(topic._id), topic]))
  const ordered = page
    .map((support) => byId.get(String(support.topicId)))
    .filter((topic): topic is TopicDoc => topic !== undefined)
  return {
    items: await toTopicSummaries(db, ordered, caller.userId),
    nextCursor: nextCursor(supports, query.limit, (row) => row.createdAt.getTime()),
  }
}
