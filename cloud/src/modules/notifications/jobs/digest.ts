/**
 * The daily digest (每日汇总) at 08:00 Beijing time, one job per day (`digest:<yyyy-mm-dd>`), for the
 * busy roles who chose it (`notification_prefs.digest`): each gets ONE `digest` notification with the
 * number of their notifications of the past day still unread and the first few titles. The outbox
 * worker sends the digest itself as a WeChat message (their other, non-urgent kinds stay in-app).
 * Event key `digest:<date>` (+ the user): a digest job run twice sends each person one digest.
 */
import type { Types } from 'mongoose'
import { notificationModel, prefsModel, type NotificationDoc } from '../model'
import type { JobHandler, PlannedJob } from '../scheduler'
import { beijingClock, beijingDate, clip, DAY_MS, notify } from './shared'

export const DIGEST_HOUR = 8
const USERS_PER_READ = 200
const TITLES_SHOWN = 3
/** The "me" page, where the notification centre is reached (a page that exists in the app). */
const DIGEST_PAGE = 'pages/me/index'

/** Today's digest once it is 08:00 in Beijing (planned again on later ticks: a no-op). */
export function digestJobs(now: Date): PlannedJob[] {
  const date = beijingDate(now)
  const at = beijingClock(date, DIGEST_HOUR)
  if (now < at) return []
  return [{ id: `digest:${date}`, name: 'digest', runAt: at, payload: { date } }]
}

export const dailyDigest: JobHandler = async (ctx, job) => {
  const { db, now } = ctx
  const date = (job.payload as { date: string }).date
  const until = beijingClock(date, DIGEST_HOUR)
  const since = new Date(until.getTime() - DAY_MS)
  const readers = await prefsModel(db)
    .find({ digest: true }, { _id: 1 })
    .lean<Array<{ _id: Types.ObjectId }>>()
  for (let start = 0; start < readers.length; start += USERS_PER_READ) {
    const userIds = readers.slice(start, start + USERS_PER_READ).map((row) => row._id)
    const unread = await notificationModel(db)
      .find(
        {
          userId: { $in: userIds },
          readAt: null,
          kind: { $ne: 'digest' },
          createdAt: { $gte: since, $lt: until },
        },
        { userId: 1, title: 1, createdAt: 1 },
      )
      .sort({ createdAt: 1 })
      .lean<Array<Pick<NotificationDoc, 'userId' | 'title' | 'createdAt'>>>()
    const byUser = new Map<string, string[]>()
    for (const row of unread) {
      const titles = byUser.get(String(row.userId)) ?? []
      titles.push(row.title)
      byUser.set(String(row.userId), titles)
    }
    for (const [userId, titles] of byUser) {
      const first = titles.slice(0, TITLES_SHOWN).map((title) => `· ${clip(title, 40)}`)
      const more = titles.length > TITLES_SHOWN ? `\n等共 ${titles.length} 条` : ''
      await notify(
        db,
        ctx.templates,
        {
          kind: 'digest',
          eventKey: `digest:${date}`,
          recipients: [userId],
          inApp: {
            title: `每日汇总：${titles.length} 条未读消息`,
            body: `${first.join('\n')}${more}`,
            link: DIGEST_PAGE,
          },
          template: {
            title: `今日汇总 ${titles.length} 条未读`,
            status: '每日汇总',
            time: now,
            note: titles[0],
          },
          page: DIGEST_PAGE,
        },
        now,
      )
    }
  }
}
