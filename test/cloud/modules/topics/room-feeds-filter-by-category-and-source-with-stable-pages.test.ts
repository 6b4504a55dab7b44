import type { App } from '../../../../cloud/src/app'
import { topicModel } from '../../../../cloud/src/modules/topics/model'
import type { TopicState } from '../../../../shared/domain/topic-machine'
import type { Category, TopicSource } from '../../../../shared/domain/types'
import { build } from '../../../helpers/build'
import { createTestTopic } from '../../../helpers/topics'
import { topicsFixture, type TopicsFixture } from './fixture'

jest.setTimeout(60_000)

interface Row {
  id: string
  category: string
  source: string
  state: string
  supportCount: number
}

describe('a room’s feed', () => {
  let app: App
  let world: TopicsFixture
  // All created in the same millisecond, so only the _id tie-break orders them.
  const at = new Date('2025-03-03T02:00:00.000Z')

  beforeAll(async () => {
    app = await build()
    world = await topicsFixture(app, null)
    const rows: Array<[Category, TopicSource, TopicState, number]> = [
      ['municipal', 'resident', 'open', 3],
      ['municipal', 'hotline_12345', 'screening', 3],
      ['traffic', 'resident', 'open', 7],
      ['municipal', 'resident', 'consultation', 1],
      ['traffic', 'member_recommended', 'open', 3],
      ['municipal', 'resident', 'open', 3],
      ['environment', 'grid_worker', 'in_progress', 0],
      ['municipal', 'resident', 'pending_review', 9],
    ]
    for (const [category, source, state, supportCount] of rows) {
      const topic = await createTestTopic(app, {
        room: world.room,
        unit: world.village,
        authorId: world.resident.id,
        category,
        source,
        state,
        createdAt: at,
      })
      await topicModel(app.db).updateOne({ _id: topic._id }, { $set: { supportCount } })
    }
  })

  /** Every page of the feed for `query`, following nextCursor with pages of 2. */
  async function allPages(query: string): Promise<Row[]> {
    const out: Row[] = []
    let cursor: string | null = null
    for (let page = 0; page < 20; page += 1) {
      const after: string = cursor ? `&cursor=${cursor}` : ''
      const url = `/api/rooms/${world.room.id}/topics?limit=2&${query}${after}`
      const res = await app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(200)
      const body: { items: Row[]; nextCursor: string | null } = res.json()
      out.push(...body.items)
      cursor = body.nextCursor
      if (!cursor) return out
    }
    throw new Error('the cursor never ended')
  }

  const byIdDesc = (a: Row, b: Row) => (a.id < b.id ? 1 : -1)

  it('filters by category and by source, newest first, with ties broken by id across pages', async () => {
    const municipal = await allPages('sort=new&category=municipal')
    expect(municipal.map((r) => r.category)).toEqual(Array(4).fill('municipal'))
    // The topic held for review is not in the public feed.
    expect(municipal.map((r) => r.state)).not.toContain('pending_review')
    expect(municipal).toEqual([...municipal].sort(byIdDesc))
    expect(new Set(municipal.map((r) => r.id)).size).toBe(4)

    const hotline = await allPages('source=hotline_12345')
    expect(hotline.map((r) => [r.source, r.state])).toEqual([['hotline_12345', 'screening']])

    const both = await allPages('category=municipal&source=resident&state=open')
    expect(both).toHaveLength(2)
    expect(both.every((r) => r.source === 'resident' && r.state === 'open')).toBe(true)
  })

  it('sorts the hot tab by supports, then id, and pages through equal counts without gaps or repeats', async () => {
    const hot = await allPages('sort=hot')
    expect(hot.map((r) => r.supportCount)).toEqual([7, 3, 3, 3, 3, 1, 0])
    const threes = hot.filter((r) => r.supportCount === 3)
    expect(threes).toEqual([...threes].sort(byIdDesc))
    const hotTraffic = await allPages('sort=hot&category=traffic')
    expect(hotTraffic.map((r) => r.supportCount)).toEqual([7, 3])
  })

  it('refuses an unknown category or source with 400 VALIDATION_FAILED', async () => {
    for (const query of ['category=weather', 'source=rumour']) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/rooms/${world.room.id}/topics?${query}`,
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('VALIDATION_FAILED')
    }
  })

  it('declares an index for every sort and filter: roomId, the filter, the sort key, then _id', () => {
    const keys = topicModel(app.db)
      .schema.indexes()
      .map(([fields]) => JSON.stringify(fields))
    for (const sort of ['createdAt', 'supportCount']) {
      for (const filter of [null, 'state', 'category', 'source']) {
        const fields: Record<string, number> = { roomId: 1 }
        if (filter) fields[filter] = 1
        fields[sort] = -1
        fields._id = -1
        expect(keys).toContain(JSON.stringify(fields))
      }
    }
  })
})
