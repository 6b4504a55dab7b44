/**
 * The generic guard behind every topic action: is the event legal in the topic's state (the machine),
 * and is this user one of the actors the transition names (author, petitioner, or a permission held
 * in scope)? The specific guards in `topic-guards.ts` and `follow-up-guards.ts` add the facts each
 * action needs (already supported, meeting time, reopen window…).
 */
import { PERMISSION_LABELS } from './labels'
import { can, type ResourceScope } from './permissions'
import {
  type Actor,
  actorsFor,
  availableEvents,
  checkTransition,
  type TopicEvent,
} from './topic-machine'
import { type GuardContext, petitionerOf, scopeOf, type TopicFacts } from './topic-rules'
import { ALLOW, deny, type Verdict } from './verdict'

function actorMatches(
  actor: Actor,
  topic: TopicFacts,
  ctx: GuardContext,
  resource: ResourceScope,
): boolean {
  switch (actor) {
    case 'system':
      return false // fired by the service itself, never on a user's request
    case 'author':
      return topic.authorId === ctx.user.userId
    case 'petitioner':
      return petitionerOf(topic) === ctx.user.userId
    default:
      return can(ctx.user, actor, resource, ctx.units)
  }
}

/** The refusal that best explains why none of the actors matched. */
function actorRefusal(actors: readonly Actor[]): Verdict {
  if (actors.length === 1 && actors[0] === 'author') return deny('NOT_AUTHOR')
  if (actors.length === 1 && actors[0] === 'petitioner') return deny('NOT_PETITIONER')
  const permission = actors.find(
    (actor) => actor !== 'author' && actor !== 'petitioner' && actor !== 'system',
  )
  if (!permission) return deny('FORBIDDEN', '该操作由系统自动执行')
  return deny('FORBIDDEN', `没有在此议事室“${PERMISSION_LABELS[permission]}”的权限`)
}

/**
 * May this user fire `event` on the topic now? `resource` overrides the topic's own scope where the
 * acting scope differs, e.g. the parent room when accepting an escalation.
 */
export function canFire(
  topic: TopicFacts,
  event: TopicEvent,
  ctx: GuardContext,
  resource: ResourceScope = scopeOf(topic),
): Verdict {
  const legal = checkTransition(topic.state, event)
  if (!legal.ok) return legal
  const actors = actorsFor(topic.state, event)
  if (actors.some((actor) => actorMatches(actor, topic, ctx, resource))) return ALLOW
  return actorRefusal(actors)
}

/**
 * Events this user may fire on the topic, by state and role alone: the buttons to consider showing.
 * Fact checks (meeting time, open items…) are the specific guards' job and may still refuse.
 * Escalation acceptance is left out: it is decided against the parent room's scope, which the
 * topic does not carry (use `canAcceptEscalation`).
 */
export function allowedEvents(topic: TopicFacts, ctx: GuardContext): TopicEvent[] {
  return availableEvents(topic.state).filter(
    (event) =>
      event !== 'accept_escalation' &&
      event !== 'return_escalation' &&
      canFire(topic, event, ctx).ok,
  )
}
