/**
 * Bulk fixtures written straight into the service's collections with the raw driver (the documents
 * have the shape the mongoose models give them): a unit and a room, users, sessions with real
 * access tokens (the same signing as the login service and `test/helpers/identity.ts`'s
 * `tokenFor`), and topics with realistic Chinese titles.
 */
import { ObjectId, type Db, type Document } from 'mongodb'
import { signAccessToken } from '../../cloud/src/modules/auth/access-token'
import { searchTokens } from '../../cloud/src/modules/topics/search-tokens'
import { CATEGORIES } from '../../shared/domain/types'

const BATCH = 5000
const DAY_MS = 24 * 3600_000

export interface BenchRoom {
  unitId: ObjectId
  roomId: ObjectId
}

/** Inserts `docs` in batches, reporting every batch through `onBatch(insertedSoFar)`. */
export async function insertInBatches(
  db: Db,
  collection: string,
  count: number,
  make: (i: number) => Document,
  onBatch?: (done: number) => void,
): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    const end = Math.min(count, start + BATCH)
    const docs: Document[] = []
    for (let i = start; i < end; i++) docs.push(make(i))
    await db.collection(collection).insertMany(docs, { ordered: false })
    onBatch?.(end)
  }
}

/** A village unit and its room; `supportThreshold: null` = no automatic screening. */
export async function insertRoom(
  db: Db,
  options: { supportThreshold: number | null },
): Promise<BenchRoom> {
  const now = new Date()
  const unitId = new ObjectId()
  const roomId = new ObjectId()
  await db.collection('units').insertOne({
    _id: unitId,
    name: '永胜社区',
    kind: 'village',
    parentId: null,
    ancestors: [],
    code: `BENCH-${unitId.toHexString().slice(-8)}`,
    createdAt: now,
    updatedAt: now,
  })
  await db.collection('rooms').insertOne({
    _id: roomId,
    name: '永胜社区协商议事室',
    unitId,
    unitAncestors: [unitId],
    scene: `B${roomId.toHexString().slice(-12)}`,
    supportThreshold: options.supportThreshold,
    duty: [],
    archived: false,
    createdAt: now,
    updatedAt: now,
  })
  return { unitId, roomId }
}

/** `count` residents without grants; returns their ids in order. */
export async function insertUsers(
  db: Db,
  count: number,
  onBatch?: (done: number) => void,
): Promise<ObjectId[]> {
  const ids = Array.from({ length: count }, () => new ObjectId())
  const now = new Date()
  await insertInBatches(
    db,
    'users',
    count,
    (i) => ({
      _id: ids[i],
      displayName: `居民${i + 1}`,
      grants: [],
      scopeUnitIds: [],
      disabled: false,
      createdAt: now,
      updatedAt: now,
    }),
    onBatch,
  )
  return ids
}

/**
 * One session per user and its access token, signed with the service's secret (`stack.config.jwt`),
 * exactly as `tokenFor` in the test helpers does one at a time.
 */
export async function mintTokens(
  db: Db,
  userIds: readonly ObjectId[],
  accessSecret: string,
): Promise<string[]> {
  const now = new Date()
  const sessionIds = userIds.map(() => new ObjectId())
  await insertInBatches(db, 'sessions', userIds.length, (i) => ({
    _id: sessionIds[i],
    userId: userIds[i],
    tokenHash: `bench-${sessionIds[i].toHexString()}`,
    previousHashes: [],
    method: 'bench',
    createdAt: now,
    rotatedAt: now,
    expiresAt: new Date(now.getTime() + 3600_000),
    revokedAt: null,
    revokedReason: null,
  }))
  return userIds.map((id, i) =>
    signAccessToken(accessSecret, { sub: id.toHexString(), fam: sessionIds[i].toHexString() }),
  )
}

const PLACES = [
  '永胜小区',
  '幸福里小区',
  '清江浦花园',
  '运河人家',
  '翔宇新村',
  '枚乘东路',
  '淮海南路口',
  '健康西路菜市场',
  '实验小学门口',
  '老年活动中心',
  '社区卫生服务站',
  '五里庄村',
  '城南公园',
  '里运河步道',
  '北京路公交站',
  '和平东苑',
]

const ISSUES = [
  ['电动车充电桩一直不通电', '装好一年了还没通电，大家只能把电瓶拎上楼充，很不安全。'],
  ['楼道灯坏了很久没人修', '晚上老人上下楼摸黑，已经有人摔倒过。'],
  ['停车位太少晚上停不下', '车辆只能停在消防通道上，物业也不管。'],
  ['垃圾分类点气味太大', '夏天蚊蝇很多，离住户窗户太近，希望挪个位置。'],
  ['老旧电梯经常困人', '这个月已经困人三次了，维保单位来得很慢。'],
  ['施工噪音影响休息', '晚上十点以后还在施工，孩子没法睡觉。'],
  ['绿化带被占用种菜', '公共绿地被个别住户圈起来种菜，还浇粪水。'],
  ['路面坑洼下雨积水', '下雨天积水没过脚踝，电动车经过容易滑倒。'],
  ['缺少老年人休息座椅', '老人散步走累了没地方坐，希望增加几张长椅。'],
  ['放学时段交通拥堵', '接送孩子的车辆堵在路口，希望安排交警疏导。'],
  ['河道漂浮垃圾无人清理', '河面上塑料袋很多，天热有异味。'],
  ['健身器材损坏存在隐患', '单杠松动，孩子玩的时候很危险。'],
  ['快递柜太少取件排队', '快递经常堆在门卫室，丢件时有发生。'],
  ['物业费上涨没有公示', '物业突然涨价，没有开业主大会也没有公示明细。'],
  ['公交站没有遮雨棚', '雨天等车的老人孩子全身淋湿，希望加装雨棚。'],
  ['流浪狗夜里扰民', '小区里的流浪狗越来越多，晚上叫个不停。'],
  ['高空抛物屡禁不止', '楼下经常有人扔东西下来，希望加装监控。'],
  ['菜市场周边乱停乱放', '早上买菜的三轮车把路堵死，救护车都进不来。'],
  ['雨污管道经常堵塞', '一楼住户家里返水，物业说要找市政。'],
  ['社区食堂价格偏高', '老年助餐点一份套餐比外面还贵，希望给老人优惠。'],
]

export interface TopicFixture {
  room: BenchRoom
  /** Authors are drawn from these (their display names are looked up by the list). */
  authorIds: readonly ObjectId[]
}

/** Deterministic pseudo-random numbers, so runs are comparable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A maker of open topic documents in one room: titles from place × issue (tokens computed once per
 * combination), support counts skewed towards small numbers, creation dates over the last 90 days,
 * reply dates still ahead.
 */
export function openTopicMaker(fixture: TopicFixture, seed = 1): (i: number) => Document {
  const random = seededRandom(seed)
  const tokens = new Map<string, string[]>()
  const now = Date.now()
  const { roomId, unitId } = fixture.room
  return (i) => {
    const place = PLACES[Math.floor(random() * PLACES.length)]
    const [issue, detail] = ISSUES[Math.floor(random() * ISSUES.length)]
    const title = `${place}${issue}`
    const description = `${place}${detail}希望社区尽快协调有关部门解决。`
    const key = `${place}|${issue}`
    if (!tokens.has(key)) tokens.set(key, searchTokens(`${title} ${description}`))
    const createdAt = new Date(now - Math.floor(random() * 90 * DAY_MS))
    return {
      _id: new ObjectId(),
      roomId,
      unitId,
      unitAncestors: [unitId],
      title,
      description,
      category: CATEGORIES[i % CATEGORIES.length],
      photos: [],
      source: 'resident',
      authorId: fixture.authorIds[Math.floor(random() * fixture.authorIds.length)],
      onBehalf: false,
      anonymous: random() < 0.1,
      state: 'open',
      stateChangedAt: createdAt,
      version: 0,
      supportCount: Math.floor(random() ** 3 * 500),
      commentCount: Math.floor(random() * 20),
      searchTokens: tokens.get(key),
      // Due ahead, not 5 days after creation: 100k open topics past their reply date would make
      // the hourly overdue-reply sweep plan one notification job each during the measurement.
      replyDueAt: new Date(now + 5 * DAY_MS + Math.floor(random() * DAY_MS)),
      createdAt,
      updatedAt: createdAt,
    }
  }
}
