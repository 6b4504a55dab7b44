/**
 * A topic's comments, oldest first, paged by id. The public gets every comment that was ever public
 * (hidden ones as placeholders) plus the reader's own held ones; moderators get all of them.
 */
import { Types, type Connection } from 'mongoose'
import type { ResourceScope } from '../../../../shared/domain/permissions'
import { DomainError } from '../../../../shared/errors'
import { topicModel, type TopicDoc } from '../topics/model'
import { topicScope } from '../topics/transition'
import { objectId } from './actor'
import { authorNames, toCommentView, type CommentView, type Viewer } from './comment-view'
import { commentModel, type CommentDoc } from './model'

export interface CommentPage {
  items: CommentView[]
  nextCursor: string | null
}

export async function listComments(
  db: Connection,
  input: { topicId: string; viewer: Viewer; cursor?: string; limit: number },
): Promise<CommentPage> {
  const topicId = objectId(input.topicId, 'NOT_FOUND')
  const exists = await topicModel(db).exists({ _id: topicId })
  if (!exists) throw new DomainError('NOT_FOUND', '找不到该议题')
  const filter: Record<string, unknown> = { topicId }
  if (input.viewer.kind === 'public') {
    filter.$or = input.viewer.userId
      ? [{ counted: true }, { authorId: new Types.ObjectId(input.viewer.userId) }]
      : [{ counted: true }]
  }
  if (input.cursor) filter._id = { $gt: new Types.ObjectId(input.cursor) }
  const found = await commentModel(db)
    .find(filter)
    .sort({ _id: 1 })
    .limit(input.limit + 1)
    .lean<CommentDoc[]>()
  const page = found.slice(0, input.limit)
  const names = await authorNames(db, page)
  return {
    items: page.map((c) => toCommentView(c, input.viewer, names)),
    nextCursor: found.length > input.limit ? String(page[page.length - 1]._id) : null,
  }
}

/** The scope of a topic by id, for permission checks on its comments; NOT_FOUND when missing. */
export async function topicScopeById(db: Connection, topicId: string): Promise<ResourceScope> {
  const topic = await topicModel(db).findById(objectId(topicId, 'NOT_FOUND')).lean<TopicDoc>()
  if (!topic) throw new DomainError('NOT_FOUND', '找不到该议题')
  return topicScope(topic)
}
