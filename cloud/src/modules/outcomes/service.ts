/**
 * The outcomes module's entry point for routes and other modules (the scheduler of issue 6 calls
 * `escalateOverdueActionItems`). The use cases live in one file per concern and are re-exported here.
 */
export { publishOutcome, getOutcome } from './outcome-service'
export { listMyActionItems, reportProgress, getActionItemDetail } from './action-item-service'
export {
  addSupervisionNote,
  escalateOverdueActionItems,
  listSupervisedItems,
  remindActionItem,
} from './supervision-service'
export { answerCallback, callbackSummary, getMyCallback, recordCallback } from './callback-service'
export { rescreenTopic, resumeActions } from './reopen-service'
export { completeIfAllDone, requestCallbacks } from './completion'
