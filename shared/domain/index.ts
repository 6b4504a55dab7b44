/**
 * The pure domain core shared by the Fastify service and the Taro mini program: vocabularies and
 * labels, the topic state machine, scoped permissions, guards, deadlines and masking. Nothing here
 * touches I/O, the clock or the environment.
 */
export * from './types'
export * from './labels'
export * from './error-codes'
export * from './verdict'
export * from './topic-machine'
export * from './permission-catalogue'
export * from './unit-tree'
export * from './permissions'
export * from './topic-rules'
export * from './event-guard'
export * from './topic-guards'
export * from './follow-up-guards'
export * from './working-days'
export * from './deadlines'
export * from './masking'
export * from './comment-view'
