/**
 * The demo topics are told through the real API as the demo cast, so `npm start` opens on topics at
 * different stages, each with a true timeline — and telling them twice changes nothing.
 */
import { topicModel } from '../../../cloud/src/modules/topics/model'
import { demoSeeds } from '../../../cloud/src/seed'
import { seedDemoStories } from '../../../cloud/src/seed/demo/stories'
import type { App } from '../../../cloud/src/app'
import { build } from '../../helpers/build'
import { useFakeWechat } from '../modules/auth/fake-wechat-env'

const wechat = useFakeWechat()
let app: App

beforeAll(async () => {
  app = await build({ env: wechat.env, seeds: demoSeeds })
})

describe('the demo stories', () => {
  it('raise five topics in the main room, each at its own stage', async () => {
    expect(await seedDemoStories(app)).toBe(true)
    const topics = await topicModel(app.db).find({}, { title: 1, state: 1, supportCount: 1 }).lean()
    const byTitle = new Map(topics.map((topic) => [topic.title, topic]))
    expect(topics).toHaveLength(5)
    expect(byTitle.get('小区新能源充电桩装好两年一直没通电')).toMatchObject({
      state: 'meeting_scheduled',
      supportCount: 1,
    })
    expect(byTitle.get('长西街东门常被私家车堵住，救护车进不来')).toMatchObject({
      state: 'open',
      supportCount: 1,
    })
    expect(byTitle.get('菜市场附近没有公共厕所')?.state).toBe('closed_answered')
    expect(byTitle.get('独居老人吃饭难，希望社区办老年助餐点')?.state).toBe('micro_suggestion')
    expect(byTitle.get('老旧小区6号楼想加装电梯')?.state).toBe('open')
  })

  it('give every topic a public timeline that starts with its raising', async () => {
    const chargers = await topicModel(app.db)
      .findOne({ title: '小区新能源充电桩装好两年一直没通电' }, { _id: 1 })
      .lean()
    const timeline = await app.inject({ url: `/api/topics/${String(chargers?._id)}/timeline` })
    expect(timeline.statusCode).toBe(200)
    const entries = timeline.json<Array<{ event: string; to?: string }>>()
    expect(entries[0]?.event).toBe('created')
    expect(entries.map((entry) => entry.to).filter(Boolean)).toEqual(
      expect.arrayContaining(['screening', 'consultation', 'meeting_scheduled']),
    )
  })

  it('are told once per database', async () => {
    expect(await seedDemoStories(app)).toBe(false)
    expect(await topicModel(app.db).countDocuments()).toBe(5)
  })
})
