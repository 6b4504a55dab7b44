import type { App } from '../../../../cloud/src/app'
import { build } from '../../../helpers/build'
import type { TestUser } from '../../../helpers/identity'
import {
  meetingTopic,
  outcomesFixture,
  progress,
  publishTwoItems,
  type OutcomesFixture,
} from './fixture'

jest.setTimeout(60_000)

describe('GET /api/topics/:id/callback/mine', () => {
  let app: App
  let fx: OutcomesFixture

  beforeAll(async () => {
    app = await build()
    fx = await outcomesFixture(app)
  })

  async function mine(user: TestUser, topicId: string) {
    const res = await app.inject({
      url: `/api/topics/${topicId}/callback/mine`,
      headers: user.headers,
    })
    expect(res.statusCode).toBe(200)
    return res.json<{ canAnswer: boolean; petitioner: boolean; answeredAt?: string }>()
  }

  it('lets the petitioner and asked supporters answer once, and nobody else', async () => {
    const topicId = String((await meetingTopic(app, fx))._id)
    expect(await mine(fx.petitioner, topicId)).toMatchObject({ canAnswer: false, petitioner: true })

    const [housingItem, cityItem] = await publishTwoItems(app, fx, topicId)
    await progress(app, fx.housingOfficer, housingItem.id, { percent: 100, note: '已通电' })
    await progress(app, fx.cityMgmtOfficer, cityItem.id, { percent: 100, note: '已清理' })

    expect(await mine(fx.petitioner, topicId)).toMatchObject({ canAnswer: true, petitioner: true })
    expect(await mine(fx.supporters[0], topicId)).toMatchObject({
      canAnswer: true,
      petitioner: false,
    })
    expect(await mine(fx.bystander, topicId)).toMatchObject({ canAnswer: false, petitioner: false })

    const answered = await app.inject({
      method: 'POST',
      url: `/api/topics/${topicId}/callback`,
      headers: fx.supporters[0].headers,
      payload: { solved: true, rating: 4 },
    })
    expect(answered.statusCode).toBe(200)
    const after = await mine(fx.supporters[0], topicId)
    expect(after.canAnswer).toBe(false)
    expect(after.answeredAt).toEqual(expect.any(String))
  })

  it('needs a login', async () => {
    const topicId = String((await meetingTopic(app, fx))._id)
    const res = await app.inject({ url: `/api/topics/${topicId}/callback/mine` })
    expect(res.statusCode).toBe(401)
  })
})
