import type { App } from '../../../../cloud/src/app'
import { build } from '../../../helpers/build'
import { createTestTopic } from '../../../helpers/topics'
import { topicsFixture, type TopicsFixture } from './fixture'

jest.setTimeout(60_000)

describe('similar topics while typing', () => {
  let app: App
  let world: TopicsFixture
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    app = await build()
    world = await topicsFixture(app, null)
    const add = async (
      key: string,
      title: string,
      description: string,
      extra: Partial<Parameters<typeof createTestTopic>[1]> = {},
    ) => {
      const topic = await createTestTopic(app, {
        room: world.room,
        unit: world.village,
        authorId: world.resident.id,
        title,
        description,
        ...extra,
      })
      ids[key] = String(topic._id)
    }
    await add('charger', '小区充电桩一直不通电', '永胜小区的电动车充电桩装好一年了还没通电。', {
      place: { lat: 33.6, lng: 119.02 },
    })
    await add('lights', '小区路灯坏了', '晚上路灯不亮，老人出门不方便，希望尽快修好。')
    await add('greenbelt', '东门绿化带开口', '小区东门被绿化带挡住，居民进出要绕很远。')
    await add('oldCharger', '充电桩不通电', '电动车充电桩还是不通电。', {
      state: 'closed_answered',
    })
    await add('heldCharger', '充电桩没通电', '电动车充电桩没通电。', { state: 'pending_review' })
    await add('elsewhere', '电动车充电桩不通电', '清华园这边的充电桩也不通电。', {
      room: world.otherRoom,
      unit: world.otherVillage,
    })
    await add('nearby', '电动车充电桩没人管', '隔壁小区的电动车充电桩装好了一直不通电。', {
      room: world.otherRoom,
      unit: world.otherVillage,
      place: { lat: 33.6045, lng: 119.02 },
    })
  })

  async function similar(query: Record<string, string | number>) {
    const search = new URLSearchParams(
      Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
    )
    const res = await app.inject({ method: 'GET', url: `/api/topics/similar?${search}` })
    expect(res.statusCode).toBe(200)
    return res.json().items as Array<{ id: string; score: number; distanceMeters?: number }>
  }

  it('finds an open topic in the room worded differently (充电桩 没电 / 不通电) and not unrelated ones', async () => {
    const items = await similar({
      roomId: world.room.id,
      q: '电动车充电桩没电，装好了用不了',
    })
    const found = items.map((item) => item.id)
    expect(found[0]).toBe(ids.charger)
    expect(items[0].score).toBeGreaterThan(0.3)
    expect(found).not.toContain(ids.lights)
    expect(found).not.toContain(ids.greenbelt)
  })

  it('leaves out finished and held topics and other rooms far away', async () => {
    const found = (await similar({ roomId: world.room.id, q: '充电桩不通电 电动车' })).map(
      (item) => item.id,
    )
    expect(found).toContain(ids.charger)
    expect(found).not.toContain(ids.oldCharger)
    expect(found).not.toContain(ids.heldCharger)
    expect(found).not.toContain(ids.elsewhere)
  })

  it('adds topics from nearby rooms within about a kilometre when a place is given, ranked with distance', async () => {
    const items = await similar({
      roomId: world.room.id,
      q: '电动车充电桩不通电',
      lat: 33.6,
      lng: 119.02,
    })
    const nearby = items.find((item) => item.id === ids.nearby)
    expect(nearby?.distanceMeters).toBeGreaterThan(400)
    expect(nearby?.distanceMeters).toBeLessThan(600)
    expect(items.map((item) => item.id)).not.toContain(ids.elsewhere)
    expect(items[0]).toMatchObject({ id: ids.charger, distanceMeters: 0 })
  })

  it('returns nothing for fewer than two meaningful words', async () => {
    expect(await similar({ roomId: world.room.id, q: '充电' })).toEqual([])
    expect(await similar({ roomId: world.room.id, q: '希望解决问题！！' })).toEqual([])
  })

  it('rejects a malformed room id or missing query with 400 VALIDATION_FAILED', async () => {
    for (const url of ['/api/topics/similar?roomId=abc&q=充电桩', '/api/topics/similar?q=充电桩']) {
      const res = await app.inject({ method: 'GET', url: encodeURI(url) })
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('VALIDATION_FAILED')
    }
  })
})
