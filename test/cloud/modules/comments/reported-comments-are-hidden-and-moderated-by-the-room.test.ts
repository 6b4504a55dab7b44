import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { startFakeWechat, type FakeWechat } from '../../../../cloud/fake-wechat/index'
import { auditModel } from '../../../../cloud/src/modules/audit/model'
import { isBlockedFromRoom } from '../../../../cloud/src/modules/comments/blocks'
import { commentModel, roomBlockModel } from '../../../../cloud/src/modules/comments/model'
import { topicModel } from '../../../../cloud/src/modules/topics/model'
import type { TestUser } from '../../../helpers/identity'
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

describe('reports, moderation and blocks', () => {
  let fake: FakeWechat
  let world: CommentsWorld

  beforeAll(async () => {
    fake = await startFakeWechat({ port: 0 })
    world = await commentsWorld(fake)
  })
  afterAll(async () => {
    await fake.close()
  })

  function report(user: TestUser, commentId: string, reason = 'abuse', note?: string) {
    return world.app.inject({
      method: 'POST',
      url: `/api/comments/${commentId}/reports`,
      headers: user.headers,
      payload: { reason, ...(note ? { note } : {}) },
    })
  }

  function moderate(user: TestUser, commentId: string, action: 'hide' | 'restore', reason: string) {
    return world.app.inject({
      method: 'POST',
      url: `/api/comments/${commentId}/${action}`,
      headers: user.headers,
      payload: { reason },
    })
  }

  function queue(user: TestUser, roomId: string, status?: string) {
    return world.app.inject({
      method: 'GET',
      url: `/api/rooms/${roomId}/moderation${status ? `?status=${status}` : ''}`,
      headers: user.headers,
    })
  }

  async function comment(text: string, author = world.residents[3]): Promise<string> {
    const res = await postComment(world, author, text)
    expect(res.json()).toMatchObject({ status: 'visible' })
    return res.json<CommentJson>().id
  }

  it('hides a comment automatically after three reports, pending review', async () => {
    const [alice, bob, carol] = world.residents
    const id = await comment('楼上的都是托儿')
    const first = await report(alice, id, 'abuse', '人身攻击')
    expect(first.statusCode).toBe(201)
    expect(first.json()).toEqual({ created: true, status: 'visible' })

    const again = await report(alice, id, 'spam')
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ created: false, status: 'visible' })

    expect((await report(bob, id)).json()).toEqual({ created: true, status: 'visible' })
    expect((await report(carol, id, 'other')).json()).toEqual({ created: true, status: 'hidden' })

    const stored = await commentModel(world.app.db).findById(id).lean()
    expect(stored).toMatchObject({ status: 'auto_hidden', reportCount: 3, needsReview: true })

    const shown = (await listComments(world)).find((c) => c.id === id)
    expect(shown).toMatchObject({ status: 'hidden', placeholder: '该评论已被隐藏' })
    expect(shown?.text).toBeUndefined()
    const forStaff = (await listComments(world, world.convenerA)).find((c) => c.id === id)
    expect(forStaff).toMatchObject({ status: 'auto_hidden', text: '楼上的都是托儿' })
  })

  it('lists the auto-hidden comment with its reports in the convener’s queue, and refuses another room’s convener', async () => {
    const res = await queue(world.convenerA, world.roomA.id, 'auto_hidden')
    expect(res.statusCode).toBe(200)
    const items = res.json<{
      items: Array<CommentJson & { topic: { id: string }; reports: unknown[] }>
    }>().items
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({
      text: '楼上的都是托儿',
      topic: { id: world.topicId },
      reports: [{ reason: 'abuse', note: '人身攻击' }, { reason: 'abuse' }, { reason: 'other' }],
    })

    const pending = await queue(world.convenerA, world.roomA.id)
    expect(pending.json<{ items: CommentJson[] }>().items.map((c) => c.id)).toContain(items[0].id)

    const other = await queue(world.convenerB, world.roomA.id)
    expect(other.statusCode).toBe(403)
    const resident = await queue(world.residents[0], world.roomA.id)
    expect(resident.statusCode).toBe(403)
  })

  it('lists reported and held comments in the queue as well', async () => {
    const [alice] = world.residents
    const reported = await comment('这事就是居委会不作为')
    await report(alice, reported, 'false_info')
    const held = (await postComment(world, alice, '代办证找我')).json<CommentJson>()
    expect(held.status).toBe('held')

    const ids = (status: string) =>
      queue(world.convenerA, world.roomA.id, status).then((r) =>
        r.json<{ items: CommentJson[] }>().items.map((c) => c.id),
      )
    expect(await ids('reported')).toEqual([reported])
    expect(await ids('held')).toEqual([held.id])
    expect(await ids('pending')).toEqual(expect.arrayContaining([reported, held.id]))
  })

  it('hides and restores with a reason, keeping the original text, recording each decision and auditing it', async () => {
    const id = await comment('门口的车天天乱停，物业不管')
    const hidden = await moderate(world.convenerA, id, 'hide', '含有未经核实的指控')
    expect(hidden.statusCode).toBe(200)
    expect(hidden.json()).toMatchObject({ status: 'hidden', text: '门口的车天天乱停，物业不管' })
    expect((await listComments(world)).find((c) => c.id === id)?.text).toBeUndefined()
    const author = (await listComments(world, world.residents[3])).find((c) => c.id === id)
    expect(author).toMatchObject({ status: 'hidden', reason: '含有未经核实的指控', mine: true })

    const again = await moderate(world.convenerA, id, 'hide', '再次隐藏')
    expect(again.statusCode).toBe(409)

    const restored = await moderate(world.convenerA, id, 'restore', '核实属实，恢复显示')
    expect(restored.json()).toMatchObject({ status: 'visible', text: '门口的车天天乱停，物业不管' })
    expect(restored.json<CommentJson>().moderation?.history).toEqual([
      expect.objectContaining({ action: 'hide', to: 'hidden', reason: '含有未经核实的指控' }),
      expect.objectContaining({ action: 'restore', to: 'visible', reason: '核实属实，恢复显示' }),
    ])
    expect((await listComments(world)).find((c) => c.id === id)?.text).toBe(
      '门口的车天天乱停，物业不管',
    )

    const audit = await auditModel(world.app.db)
      .find({ 'target.kind': 'comment', 'target.id': id })
      .sort({ at: 1 })
      .lean()
    expect(audit.map((a) => [a.action, String(a.actorId)])).toEqual([
      ['comment.hide', world.convenerA.id],
      ['comment.restore', world.convenerA.id],
    ])
    expect(audit[0].after).toMatchObject({ status: 'hidden', reason: '含有未经核实的指控' })
  })

  it('publishes and counts a held comment once a moderator restores it', async () => {
    const [, bob] = world.residents
    const held = (await postComment(world, bob, '可以加微信拉个群')).json<CommentJson>()
    const before = (await topicModel(world.app.db).findById(world.topicId).lean())?.commentCount
    const res = await moderate(world.convenerA, held.id, 'restore', '内容正常')
    expect(res.json()).toMatchObject({ status: 'visible' })
    const after = (await topicModel(world.app.db).findById(world.topicId).lean())?.commentCount
    expect(after).toBe((before ?? 0) + 1)
    expect((await listComments(world)).find((c) => c.id === held.id)?.text).toBe('可以加微信拉个群')
  })

  it('refuses moderation without a reason, by another room’s convener, or by a resident', async () => {
    const id = await comment('普通评论')
    expect((await moderate(world.convenerA, id, 'hide', '')).statusCode).toBe(400)
    expect((await moderate(world.convenerA, id, 'hide', '   ')).json()).toMatchObject({
      code: 'REASON_REQUIRED',
    })
    expect((await moderate(world.convenerB, id, 'hide', '越权')).statusCode).toBe(403)
    expect((await moderate(world.residents[0], id, 'hide', '越权')).statusCode).toBe(403)
    const unknown = await moderate(world.convenerA, '0123456789abcdef01234567', 'hide', '无')
    expect(unknown.json()).toMatchObject({ code: 'COMMENT_NOT_FOUND' })
  })

  it('moves moderation with a topic whose escalation into another room was accepted', async () => {
    const [alice] = world.residents
    const moved = await createTestTopic(world.app, {
      room: world.roomA,
      unit: world.village,
      authorId: alice.id,
      title: '跨街道的河道保洁',
    })
    const held = await postComment(world, alice, '加微信发你照片', { topicId: String(moved._id) })
    const id = held.json<CommentJson>().id
    await topicModel(world.app.db).updateOne(
      { _id: moved._id },
      { $set: { roomId: world.roomB.id } },
    )

    const ids = (user: TestUser, roomId: string) =>
      queue(user, roomId, 'held').then((r) =>
        r.json<{ items: CommentJson[] }>().items.map((c) => c.id),
      )
    expect(await ids(world.convenerB, world.roomB.id)).toEqual([id])
    expect(await ids(world.convenerA, world.roomA.id)).not.toContain(id)
    expect((await moderate(world.convenerA, id, 'restore', '旧议事室')).statusCode).toBe(403)
    expect((await moderate(world.convenerB, id, 'restore', '内容正常')).statusCode).toBe(200)
  })

  it('stops a blocked user from commenting in the room until the block is lifted, auditing both', async () => {
    const [, , carol] = world.residents
    const blocked = await world.app.inject({
      method: 'POST',
      url: `/api/rooms/${world.roomA.id}/blocks`,
      headers: world.convenerA.headers,
      payload: { userId: carol.id, reason: '多次发布广告' },
    })
    expect(blocked.statusCode).toBe(201)
    expect(blocked.json()).toMatchObject({ userId: carol.id, reason: '多次发布广告', until: null })

    const refused = await postComment(world, carol, '再来一条')
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toMatchObject({ code: 'USER_BLOCKED' })

    const list = await world.app.inject({
      method: 'GET',
      url: `/api/rooms/${world.roomA.id}/blocks`,
      headers: world.convenerA.headers,
    })
    expect(list.json<{ items: Array<{ userId: string }> }>().items.map((b) => b.userId)).toEqual([
      carol.id,
    ])

    const foreign = await world.app.inject({
      method: 'DELETE',
      url: `/api/rooms/${world.roomA.id}/blocks/${carol.id}`,
      headers: world.convenerB.headers,
    })
    expect(foreign.statusCode).toBe(403)

    const lifted = await world.app.inject({
      method: 'DELETE',
      url: `/api/rooms/${world.roomA.id}/blocks/${carol.id}`,
      headers: world.convenerA.headers,
    })
    expect(lifted.statusCode).toBe(204)
    expect((await postComment(world, carol, '我会注意的')).statusCode).toBe(201)

    const actions = await auditModel(world.app.db)
      .find({ 'target.kind': 'user', 'target.id': carol.id })
      .lean()
    expect(actions.map((a) => a.action).sort()).toEqual(['room.block_user', 'room.unblock_user'])

    const again = await world.app.inject({
      method: 'DELETE',
      url: `/api/rooms/${world.roomA.id}/blocks/${carol.id}`,
      headers: world.convenerA.headers,
    })
    expect(again.json()).toMatchObject({ code: 'BLOCK_NOT_FOUND' })
  })

  it('ends a block at its end date, and refuses an end date in the past', async () => {
    const [alice] = world.residents
    const past = await world.app.inject({
      method: 'POST',
      url: `/api/rooms/${world.roomA.id}/blocks`,
      headers: world.convenerA.headers,
      payload: { userId: alice.id, reason: '测试', until: '2020-01-01T00:00:00.000Z' },
    })
    expect(past.json()).toMatchObject({ code: 'BLOCK_UNTIL_PAST' })

    const until = new Date(Date.now() + 24 * 3600_000)
    await world.app.inject({
      method: 'POST',
      url: `/api/rooms/${world.roomA.id}/blocks`,
      headers: world.convenerA.headers,
      payload: { userId: alice.id, reason: '冷静一天', until: until.toISOString() },
    })
    expect(await isBlockedFromRoom(world.app.db, world.roomA.id, alice.id)).toBe(true)
    const later = new Date(until.getTime() + 1000)
    expect(await isBlockedFromRoom(world.app.db, world.roomA.id, alice.id, later)).toBe(false)
    expect(await isBlockedFromRoom(world.app.db, world.roomB.id, alice.id)).toBe(false)
    expect(await roomBlockModel(world.app.db).countDocuments({ reason: '冷静一天' })).toBe(1)
  })
})
