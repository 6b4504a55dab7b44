/**
 * A topic's timeline (办理进程), oldest first: every state change and the entries modules add without
 * one. The public sees public entries; staff who may screen the topic (`topic.triage` in its scope)
 * also see internal notes. Actors appear by display name — the author of an anonymous topic as
 * 匿名居民 — and system events (threshold reached, all items done) without an actor.
 */
import type { Connection } from 'mongoose'
import { TOPIC_EVENT_LABELS } from '../../../../shared/domain/labels'
import { TOPIC_EVENTS, type TopicEvent } from '../../../../shared/domain/topic-machine'
import { isOneOf } from '../../../../shared/domain/types'
import type { Caller } from './caller'
import { topicEventModel, type TopicEventDoc } from './model'
import type { TimelineEntry } from './schema'
import { loadTopic } from './transition'
import { ANONYMOUS_NAME, authorHidden, displayNames, visibleStanding } from './topic-view'

/** Labels of timeline entries that are not state-machine events. */
export const TIMELINE_LABELS: Record<string, string> = {
  created: '提出议题',
  note: '备注',
  reply: '答复',
  merged_in: '合并重复议题',
}

export function timelineLabel(event: string): string {
  if (isOneOf<TopicEvent>(TOPIC_EVENTS, event)) return TOPIC_EVENT_LABELS[event]
  return TIMELINE_LABELS[event] ?? '办理动态'
}

export async function getTopicTimeline(
  db: Connection,
  caller: Caller | null,
  topicId: string,
): Promise<TimelineEntry[]> {
  const topic = await loadTopic(db, topicId)
  const standing = await visibleStanding(topic, caller)
  const staff = standing?.permissions.has('topic.triage') ?? false
  const entries = await topicEventModel(db)
    .find({ topicId: topic._id, ...(staff ? {} : { public: true }) })
    .sort({ at: 1, _id: 1 })
    .lean<TopicEventDoc[]>()
  const names = await displayNames(
    db,
    entries.map((entry) => entry.actorId).filter((id) => id !== null),
  )
  const hideAuthor = authorHidden(topic, caller, standing)
  const authorId = String(topic.authorId)
  return entries.map((entry) => {
    const out: TimelineEntry = {
      at: entry.at.toISOString(),
      event: entry.event,
      label: timelineLabel(entry.event),
      public: entry.public,
      actor: null,
    }
    if (entry.actorId) {
      const id = String(entry.actorId)
      out.actor = {
        displayName:
          hideAuthor && id === authorId ? ANONYMOUS_NAME : (names.get(id) ?? '已注销用户'),
      }
    }
    if (entry.from) out.from = entry.from
    if (entry.to) out.to = entry.to
    if (entry.note) out.note = entry.note
    return out
  })
}
