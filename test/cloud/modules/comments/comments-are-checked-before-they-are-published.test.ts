import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { startFakeWechat, type FakeWechat } from '../../../../cloud/fake-wechat/index'
import { commentModel } from '../../../../cloud/src/modules/comments/model'
import { topicModel } from '../../../../cloud/src/modules/topics/model'
import { createTestUser } from '../../../helpers/identity'
import { createTestTopic } from '../../../helpers/topics'
import {
  commentsWorld,
  listComments,
  postComment,
  type CommentJson,
  type CommentsWorld,
} from './fixture'

// A shared 2-core machine: building an app can take seconds.
jest.setTimeout(30_000)

async function commentCount(world: CommentsWorld): Promise<number> {
  const topic = await topicModel(world.app.db).findById(world.topicId).lean()
  return topic?.commentCount ?? -1
}

describe('posting comments through the content check', () => {
  let fake: FakeWechat
  let world: CommentsWorld

  beforeAll(async () => {
    fake = await startFakeWechat({ port: 0 })
    world = await commentsWorld(fake)
  })
  afterAll(async () => {
    await fake.close()
  })

  it('publishes a comment that passes, shows it by display name and counts it on the topic', async () => {
    const [alice] = world.residents
    const res = await postComment(world, alice, '支持！充电桩早该通电了。')
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({
      status: 'visible',
      text: '支持！充电桩早该通电了。',
      mine: true,
    })
    expect(await commentCount(world)).toBe(1)

    const publicList = await listComments(world)
    const shown = publicList.find((c) => c.id === res.json<CommentJson>().id)
    expect(shown).toMatchObject({
      text: '支持！充电桩早该通电了。',
      author: { displayName: '居民alice' },
    })
    expect(shown?.author.id).toBeUndefined()
  })

  it('holds a comment WeChat wants reviewed: not public, seen by its author and the room’s convener', async () => {
    const [, bob] = world.residents
    const before = await commentCount(world)
    const res = await postComment(world, bob, '需要的可以加微信详聊')
    expect(res.statusCode).toBe(201)
    const held = res.json<CommentJson>()
    expect(held.status).toBe('held')

    expect((await listComments(world)).map((c) => c.id)).not.toContain(held.id)
    expect((await listComments(world, bob)).find((c) => c.id === held.id)).toMatchObject({
      status: 'held',
      text: '需要的可以加微信详聊',
      mine: true,
    })
    expect(
      (await listComments(world, world.convenerA)).find((c) => c.id === held.id),
    ).toMatchObject({ status: 'held', text: '需要的可以加微信详聊', author: { id: bob.id } })
    expect(await commentCount(world)).toBe(before)
  })

  it('refuses a risky comment with 422 and stores nothing', async () => {
    const [, , carol] = world.residents
    const stored = await commentModel(world.app.db).countDocuments()
    const res = await postComment(world, carol, '小区里有人聚众赌博')
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ code: 'WECHAT_CONTENT_RISKY' })
    expect(await commentModel(world.app.db).countDocuments()).toBe(stored)
  })

  it('holds the comment of someone without a WeChat openid for review', async () => {
    const staffless = await createTestUser(world.app, { displayName: '无微信用户' })
    const res = await postComment(world, staffless, '路灯坏了好几天')
    expect(res.json()).toMatchObject({ status: 'held' })
  })

  it('publishes the room convener’s comment without a content check', async () => {
    const res = await postComment(world, world.convenerA, '已联系供电公司，下周上门。')
    expect(res.json()).toMatchObject({ status: 'visible' })
  })

  it('attaches replies to their thread, one level deep', async () => {
    const [alice, bob, carol] = world.residents
    const top = (await postComment(world, alice, '谁知道物业电话？')).json<CommentJson>()
    const reply = (
      await postComment(world, bob, '好像是 12345', { replyToId: top.id })
    ).json<CommentJson>()
    expect(reply.replyToId).toBe(top.id)
    const nested = await postComment(world, carol, '谢谢', { replyToId: reply.id })
    expect(nested.json<CommentJson>().replyToId).toBe(top.id)
  })

  it('refuses a reply to a comment of another topic', async () => {
    const [alice, bob] = world.residents
    const otherTopic = await createTestTopic(world.app, {
      room: world.roomA,
      unit: world.village,
      authorId: alice.id,
      title: '小区东门绿化带',
    })
    const elsewhere = await postComment(world, alice, '东门要开口', {
      topicId: String(otherTopic._id),
    })
    const res = await postComment(world, bob, '同意', {
      replyToId: elsewhere.json<CommentJson>().id,
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'COMMENT_REPLY_INVALID' })
  })

  it('refuses comments on a topic still under review, and empty or overlong text', async () => {
    const [alice] = world.residents
    const pending = await createTestTopic(world.app, {
      room: world.roomA,
      unit: world.village,
      authorId: alice.id,
      state: 'pending_review',
    })
    const res = await postComment(world, alice, '你好', { topicId: String(pending._id) })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'TOPIC_NOT_PUBLIC' })
    expect((await postComment(world, alice, '')).statusCode).toBe(400)
    expect((await postComment(world, alice, '长'.repeat(501))).statusCode).toBe(400)
  })

  it('asks for a sign-in to comment and answers 404 for an unknown topic', async () => {
    const anonymous = await world.app.inject({
      method: 'POST',
      url: `/api/topics/${world.topicId}/comments`,
      payload: { text: '匿名' },
    })
    expect(anonymous.statusCode).toBe(401)
    const unknown = await world.app.inject({
      method: 'GET',
      url: '/api/topics/0123456789abcdef01234567/comments',
    })
    expect(unknown.statusCode).toBe(404)
  })
})

describe('posting comments without WeChat configured', () => {
  it('holds every resident comment for review instead of publishing it unchecked', async () => {
    const world = await commentsWorld(null)
    const res = await postComment(world, world.residents[0], '希望尽快解决')
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ status: 'held' })
    expect(await commentCount(world)).toBe(0)
  })
})

describe('paging through comments', () => {
  it('returns comments oldest first, a page at a time, with a cursor to the next page', async () => {
    const world = await commentsWorld(null)
    const convener = world.convenerA // trusted: published without a content check
    for (let i = 1; i <= 5; i += 1) await postComment(world, convener, `第${i}条`)
    const page = (cursor?: string) =>
      world.app
        .inject({
          method: 'GET',
          url: `/api/topics/${world.topicId}/comments?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        })
        .then((r) => r.json<{ items: CommentJson[]; nextCursor: string | null }>())
    const first = await page()
    const second = await page(first.nextCursor ?? undefined)
    const third = await page(second.nextCursor ?? undefined)
    expect([...first.items, ...second.items, ...third.items].map((c) => c.text)).toEqual([
      '第1条',
      '第2条',
      '第3条',
      '第4条',
      '第5条',
    ])
    expect(third.nextCursor).toBeNull()
  })
})
