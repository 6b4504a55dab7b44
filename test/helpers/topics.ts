/**
 * Test topics inserted directly in any state, so each pipeline module's tests can start where they
 * need to (a topic in `consultation` for meetings, in `outcome_published` for action items…) without
 * replaying the whole pipeline. Raising through the API is tested in `test/cloud/modules/topics/`.
 */
import { Types } from 'mongoose'
import type { App } from '../../cloud/src/app'
import { topicModel, type TopicDoc } from '../../cloud/src/modules/topics/model'
import { searchTokens } from '../../cloud/src/modules/topics/search-tokens'
import type { TopicState } from '../../shared/domain/topic-machine'
import type { Category, TopicSource } from '../../shared/domain/types'
import type { TestUnit } from './identity'

export interface CreateTopicOptions {
  room: { id: string }
  unit: TestUnit
  authorId: string
  state?: TopicState
  title?: string
  description?: string
  category?: Category
  source?: TopicSource
  petitionerId?: string
  departmentUnitId?: string
  anonymous?: boolean
  createdAt?: Date
  replyDueAt?: Date
  place?: { lat?: number; lng?: number; address?: string }
}

export async function createTestTopic(app: App, options: CreateTopicOptions): Promise<TopicDoc> {
  const now = options.createdAt ?? new Date()
  const title = options.title ?? '小区充电桩一直不通电'
  const description =
    options.description ?? '永胜小区的电动车充电桩装好一年了还没通电，希望尽快解决。'
  const topic = await topicModel(app.db).create({
    roomId: new Types.ObjectId(options.room.id),
    unitId: new Types.ObjectId(options.unit.id),
    unitAncestors: [...options.unit.ancestors, options.unit.id].map((id) => new Types.ObjectId(id)),
    title,
    description,
    category: options.category ?? 'municipal',
    source: options.source ?? 'resident',
    authorId: new Types.ObjectId(options.authorId),
    petitionerId: options.petitionerId ? new Types.ObjectId(options.petitionerId) : undefined,
    departmentUnitId: options.departmentUnitId
      ? new Types.ObjectId(options.departmentUnitId)
      : undefined,
    anonymous: options.anonymous ?? false,
    state: options.state ?? 'open',
    stateChangedAt: now,
    searchTokens: searchTokens(`${title} ${description}`),
    replyDueAt: options.replyDueAt ?? new Date(now.getTime() + 5 * 24 * 3600_000),
    place: options.place,
    createdAt: now,
  })
  return topic.toObject()
}
