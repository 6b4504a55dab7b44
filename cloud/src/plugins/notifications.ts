/**
 * The notifications' background work (`modules/notifications/runner.ts`): the outbox worker that
 * sends subscription messages through `app.wechat`, and the scheduler (reminders, overdue items,
 * call-backs, reply deadlines, the daily digest). Started when the app is ready, when
 * NOTIFY_WORKER is true (the default; tests build apps with it off unless they need it), and
 * stopped before the app closes its database connection — `close()` waits for the message or job
 * in hand, and leaves no timer behind.
 */
import fp from 'fastify-plugin'
import type { Config } from '../config'
import { NotificationRunner } from '../modules/notifications/runner'

declare module 'fastify' {
  interface FastifyInstance {
    /** The running notifications worker, or null when NOTIFY_WORKER is false. */
    notificationRunner: NotificationRunner | null
  }
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const { worker, ratePerSecond, templates } = config.notifications
    app.decorate('notificationRunner', null)
    if (!worker) return
    app.addHook('onReady', async () => {
      const log = app.log.child({ module: 'notifications' })
      const runner = new NotificationRunner({
        db: app.db,
        wechat: app.wechat,
        templates,
        ratePerSecond,
        log: {
          info: (obj, msg) => log.info(obj, msg),
          warn: (obj, msg) => log.warn(obj, msg),
          error: (obj, msg) => log.error(obj, msg),
        },
      })
      app.notificationRunner = runner
      runner.start()
    })
    // preClose: before the onClose hooks, so the database connection is still open.
    app.addHook('preClose', async () => {
      await app.notificationRunner?.stop()
    })
  },
  { name: 'notifications', dependencies: ['db', 'wechat'] },
)
