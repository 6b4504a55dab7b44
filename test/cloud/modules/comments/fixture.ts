/**
 * The comments tests' world: a fake WeChat (its default word lists: 赌博/毒品 are risky, 加微信/代办证
 * need review), two rooms with a convener each, residents with openids, and an open topic in room A.
 */
import type { App } from '../../../../cloud/src/app'
import type { FakeWechat } from '../../../../cloud/fake-wechat/index'
import { build } from '../../../helpers/build'
import {
  createTestRoom,
  createTestUnit,
  createTestUser,
  type TestUnit,
  type TestUser,
} from '../../../helpers/identity'
import { createTestTopic } from '../../../helpers/topics'

export interface CommentsWorld {
  app: App
  village: TestUnit
  roomA: { id: string }
  roomB: { id: string }
  convenerA: TestUser
  convenerB: TestUser
  residents: TestUser[]
  topicId: string
}

export function wechatEnv(fake: FakeWechat): Record<string, string> {
  return {
    WECHAT_APPID: fake.appId,
    WECHAT_SECRET: fake.secret,
    WECHAT_API_BASE: fake.baseUrl,
  }
}

export async function commentsWorld(fake: FakeWechat | null): Promise<CommentsWorld> {
  const app = await build(fake ? { env: wechatEnv(fake) } : {})
  const town = await createTestUnit(app, '长东街道', 'town')
  const village = await createTestUnit(app, '永胜社区', 'village', town)
  const other = await createTestUnit(app, '清河街道', 'town')
  const roomA = await createTestRoom(app, '永胜社区协商议事室', village)
  const roomB = await createTestRoom(app, '清河街道协商议事室', other)
  const convenerA = await createTestUser(app, {
    displayName: '王召集',
    grants: [{ role: 'convener', roomId: roomA.id }],
  })
  const convenerB = await createTestUser(app, {
    displayName: '李召集',
    grants: [{ role: 'convener', roomId: roomB.id }],
  })
  const residents: TestUser[] = []
  for (const name of ['alice', 'bob', 'carol', 'dave']) {
    residents.push(
      await createTestUser(app, {
        displayName: `居民${name}`,
        openid: fake ? fake.openidFor(name) : `openid-${name}`,
      }),
    )
  }
  const topic = await createTestTopic(app, {
    room: roomA,
    unit: village,
    authorId: residents[3].id,
  })
  return {
    app,
    village,
    roomA,
    roomB,
    convenerA,
    convenerB,
    residents,
    topicId: String(topic._id),
  }
}

export async function postComment(
  world: CommentsWorld,
  user: TestUser,
  text: string,
  extra: { replyToId?: string; topicId?: string } = {},
) {
  return world.app.inject({
    method: 'POST',
    url: `/api/topics/${extra.topicId ?? world.topicId}/comments`,
    headers: user.headers,
    payload: { text, ...(extra.replyToId ? { replyToId: extra.replyToId } : {}) },
  })
}

export interface CommentJson {
  id: string
  text?: string
  status: string
  placeholder?: string
  replyToId?: string
  mine: boolean
  reason?: string
  author: { displayName: string; id?: string }
  moderation?: { history: Array<{ action: string; reason?: string; to: string }> }
}

export async function listComments(world: CommentsWorld, user?: TestUser): Promise<CommentJson[]> {
  const res = await world.app.inject({
    method: 'GET',
    url: `/api/topics/${world.topicId}/comments`,
    headers: user?.headers ?? {},
  })
  if (res.statusCode !== 200) throw new Error(`list failed: ${res.statusCode} ${res.body}`)
  return res.json<{ items: CommentJson[] }>().items
}
