/**
 * The topics module's use cases, one file per group (the module's files stay short); routes and other
 * modules import them from here.
 */
export { callerOf, requireCaller, roomRules, type Caller } from './caller'
export { listMySupports, listMyTopics, listRoomTopics } from './list-topics'
export { mergeTopic } from './merge-topic'
export { checkTopicContent, raiseTopic } from './raise-topic'
export { findSimilarTopics } from './similar-topics'
export { screenIfThresholdReached, supportTopic, withdrawSupport } from './supports'
export { getTopicTimeline, timelineLabel } from './timeline'
export { getTopic, reviewTopic, startScreening, withdrawTopic } from './topic-actions'
export { toTopicSummaries, toTopicView } from './topic-view'
