/**
 * Routes of the outcomes module: the outcome (协商成果), action items (交办/反馈), supervision (督办)
 * and the call-back (回访), one file each. The module's collections and indexes are created before
 * the app is ready: the call-back fan-out relies on its unique index inside a transaction.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import actionItemRoutes from './action-item-routes'
import callbackRoutes from './callback-routes'
import { actionItemModel, callbackModel, outcomeModel, supervisionNoteModel } from './model'
import outcomeRoutes from './outcome-routes'
import supervisionRoutes from './supervision-routes'

const outcomesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await Promise.all(
    [outcomeModel, actionItemModel, supervisionNoteModel, callbackModel].map((model) =>
      model(app.db).init(),
    ),
  )
  await app.register(outcomeRoutes)
  await app.register(actionItemRoutes)
  await app.register(supervisionRoutes)
  await app.register(callbackRoutes)
}

export default outcomesRoutes
