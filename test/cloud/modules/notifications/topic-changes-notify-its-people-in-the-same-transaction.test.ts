import { Types } from 'mongoose'
import type { App } from '../../../../cloud/src/app'
import { notificationModel, outboxModel } from '../../../../cloud/src/modules/notifications/model'
import { roomModel } from '../../../../cloud/src/modules/org/model'
import { topicModel } from '../../../../cloud/src/modules/topics/model'
import { fireTopicEvent } from '../../../../cloud/src/modules/topics/transition'
import { build } from '../../../helpers/build'
import type { TestUser } from '../../../helpers/identity'
import { supportedTopic, ids, toldIn, world, written, type World } from './fixture'

jest.setTimeout(90_000)

describe('a topic state change notifies its people in the same transaction', () => {
  let app: App
  let w: World

  beforeAll(async () => {
    app = await build()
    w = await world(app)
  })

  const post = (url: string, as: TestUser, payload?: object) =>
    app.inject({ method: 'POST', url, headers: as.headers, payload })

  it('a reply reaches the author and the supporters, in the centre and in the outbox', async () => {
    const topic = await supportedTopic(app, w, 'screening', '永胜路东段路灯不亮')
    const id = String(topic._id)
    const text = '路灯线路已报修，供电所本周内修复。'
    const res = await post(`/api/topics/${id}/reply`, w.convener, { kind: 'answer', text })
    expect(res.statusCode).toBe(200)

    const after = await topicModel(app.db).findById(id).lean()
    const { inApp, outbox, users } = await written(app, `topic:${id}:v${after?.version}:`)
    expect(users).toEqual(ids(w.author, ...w.supporters))
    expect(inApp).toHaveLength(3)
    expect(inApp[0]).toMatchObject({
      kind: 'topic_reply',
      title: '答复通知：永胜路东段路灯不亮',
      link: `pages/topic/index?id=${id}`,
      readAt: null,
    })
    expect(inApp[0].body).toContain(text)
    expect(inApp[0].body).toContain('已答复')
    expect(outbox).toHaveLength(3)
    expect(outbox.every((entry) => entry.status === 'pending' && entry.template === 'reply')).toBe(
      true,
    )
    expect(outbox[0].page).toBe(`pages/topic/index?id=${id}`)
    expect(Object.values(outbox[0].data).every((field) => field.value.length > 0)).toBe(true)
    // The convener who replied is not told of their own reply; the bystander hears nothing.
    expect(await toldIn(app, w.convener)).toHaveLength(0)
    expect(await toldIn(app, w.bystander)).toHaveLength(0)

    const centre = await app.inject({
      method: 'GET',
      url: '/api/me/notifications',
      headers: w.supporters[0].headers,
    })
    expect(centre.json().items[0]).toMatchObject({ kind: 'topic_reply', kindLabel: '答复通知' })
  })

  it('a support that reaches the threshold moves the topic on and tells everyone who supports it', async () => {
    await roomModel(app.db).updateOne({ _id: w.room.id }, { $set: { supportThreshold: 3 } })
    const topic = await supportedTopic(app, w, 'open', '东门绿化带开个口子')
    await topicModel(app.db).updateOne({ _id: topic._id }, { $set: { supportCount: 2 } })
    const res = await app.inject({
      method: 'PUT',
      url: `/api/topics/${String(topic._id)}/support`,
      headers: w.bystander.headers,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ supportCount: 3, state: 'screening' })

    const { inApp, outbox, users } = await written(app, `topic:${String(topic._id)}:`)
    // The system moved it: nobody is left out, not even the supporter whose support did it.
    expect(users).toEqual(ids(w.author, ...w.supporters, w.bystander))
    expect(inApp.every((row) => row.kind === 'topic_status')).toBe(true)
    expect(inApp[0]).toMatchObject({ title: '议题进展：东门绿化带开个口子' })
    expect(inApp[0].body).toContain('状态：研判中')
    expect(outbox).toHaveLength(4)
    expect(outbox[0].template).toBe('topic_progress')
    await roomModel(app.db).updateOne({ _id: w.room.id }, { $set: { supportThreshold: null } })
  })

  it('writes nothing when the change fails after the announcement was written', async () => {
    const topic = await supportedTopic(app, w, 'open', '楼道堆物影响通行')
    const id = String(topic._id)
    const mine = { dedupeKey: { $regex: `^topic:${id}:` } }
    let inside = { inApp: -1, outbox: -1 }
    await expect(
      fireTopicEvent(app.db, {
        topicId: id,
        event: 'threshold_reached',
        actor: 'system',
        note: '附议人数达到门槛',
        within: async (session) => {
          // The announcement is already written in this transaction when `within` runs …
          inside = {
            inApp: await notificationModel(app.db).countDocuments(mine).session(session),
            outbox: await outboxModel(app.db).countDocuments(mine).session(session),
          }
          // … and the rest of the change fails.
          throw new Error('the rest of the change failed')
        },
      }),
    ).rejects.toThrow('the rest of the change failed')
    expect(inside).toEqual({ inApp: 3, outbox: 3 })
    expect((await topicModel(app.db).findById(id).lean())?.state).toBe('open')
    const { inApp, outbox } = await written(app, `topic:${id}:`)
    expect(inApp).toHaveLength(0)
    expect(outbox).toHaveLength(0)

    // The same change succeeding afterwards is announced once.
    await fireTopicEvent(app.db, { topicId: id, event: 'threshold_reached', actor: 'system' })
    expect((await written(app, `topic:${id}:`)).users).toEqual(ids(w.author, ...w.supporters))
  })

  it('writes nothing for a refused change (a reply to a topic not in screening)', async () => {
    const topic = await supportedTopic(app, w, 'open', '菜场门口积水')
    const res = await post(`/api/topics/${String(topic._id)}/reply`, w.convener, {
      kind: 'answer',
      text: '已安排疏通。',
    })
    expect(res.statusCode).toBe(409)
    const { inApp, outbox } = await written(app, `topic:${String(topic._id)}:`)
    expect(inApp).toHaveLength(0)
    expect(outbox).toHaveLength(0)
  })

  it('a rejection is told to the author only, with the reason; supporters no longer see the topic', async () => {
    const topic = await supportedTopic(app, w, 'open', '不当内容')
    const res = await post(`/api/topics/${String(topic._id)}/review`, w.convener, {
      decision: 'reject',
      reason: '含有他人隐私信息',
    })
    expect(res.statusCode).toBe(200)
    const { inApp, users } = await written(app, `topic:${String(topic._id)}:`)
    expect(users).toEqual(ids(w.author))
    expect(inApp[0].body).toContain('未通过审核')
    expect(inApp[0].body).toContain('含有他人隐私信息')
  })

  it('a withdrawal is told to the supporters but not to the author who withdrew', async () => {
    const topic = await supportedTopic(app, w, 'open', '想撤回的议题')
    const res = await post(`/api/topics/${String(topic._id)}/withdraw`, w.author, {})
    expect(res.statusCode).toBe(200)
    const { users } = await written(app, `topic:${String(topic._id)}:`)
    expect(users).toEqual(ids(...w.supporters))
    expect(users).not.toContain(new Types.ObjectId(w.author.id).toHexString())
  })
})
