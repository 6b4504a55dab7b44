/**
 * The 12345 hotline screening rhythm (日排查、周梳理): a daily screening at 08:00 Beijing time
 * (`hotline-daily-screening:<date>`) and a weekly review from Monday 08:00 (`hotline-weekly-review:
 * <monday>`). The hotline module does not exist yet, so the jobs are planned and run on schedule
 * but only log that there is nothing to screen; the hotline issue fills in their bodies.
 */
import type { JobHandler, PlannedJob } from '../scheduler'
import { beijingClock, beijingDate, mondayOf } from './shared'

const SCREENING_HOUR = 8

export function hotlineJobs(now: Date): PlannedJob[] {
  const date = beijingDate(now)
  const monday = mondayOf(date)
  const jobs: PlannedJob[] = []
  const daily = beijingClock(date, SCREENING_HOUR)
  if (now >= daily) {
    jobs.push({
      id: `hotline-daily-screening:${date}`,
      name: 'hotline-daily-screening',
      runAt: daily,
      payload: { date },
    })
  }
  const weekly = beijingClock(monday, SCREENING_HOUR)
  if (now >= weekly) {
    jobs.push({
      id: `hotline-weekly-review:${monday}`,
      name: 'hotline-weekly-review',
      runAt: weekly,
      payload: { week: monday },
    })
  }
  return jobs
}

function notInstalled(what: string): JobHandler {
  return async (ctx, job) => {
    ctx.log.info({ jobId: job._id }, `${what}: hotline module not installed, nothing to screen`)
  }
}

export const hotlineDailyScreening = notInstalled('hotline daily screening')
export const hotlineWeeklyReview = notInstalled('hotline weekly review')
