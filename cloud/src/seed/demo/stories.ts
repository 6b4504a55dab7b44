/**
 * Demo topics at different stages, adapted from the cases in the source reports (dead EV chargers,
 * a blocked gate, a missing public toilet, an old building without a lift, meals for elderly people
 * living alone). They are made through the real API as the demo cast — login, raise, support, screen,
 * reply, schedule — so every topic carries a true timeline and the same checks as a person's work.
 * Runs once per database after the service listens (claim `seed:demo-stories` in `meta`, like
 * `run.ts`). A failure keeps the claim (marked failed) rather than retrying: the topics told before
 * the failure stay, and telling them again would duplicate them.
 */
import type { FastifyInstance } from 'fastify'
import { unitModel } from '../../modules/org/model'
import { userModel } from '../../modules/users/model'
import { DEMO_MAIN_ROOM_SCENE } from './accounts'

const CLAIM = 'seed:demo-stories'
const DUPLICATE_KEY = 11000
const DAY = 24 * 3600_000

type Method = 'GET' | 'POST' | 'PUT'

class DemoApi {
  private readonly tokens = new Map<string, string>()
  constructor(private readonly app: FastifyInstance) {}

  /** Logs the demo account in through the (fake) WeChat login, as the H5 picker does. */
  private async token(key: string): Promise<string> {
    const known = this.tokens.get(key)
    if (known) return known
    const { accessToken } = await this.call<{ accessToken: string }>(
      null,
      'POST',
      '/api/auth/wechat',
      {
        code: `dev-${key}`,
      },
    )
    this.tokens.set(key, accessToken)
    return accessToken
  }

  async call<T>(as: string | null, method: Method, url: string, payload?: object): Promise<T> {
    const headers: Record<string, string> = {}
    if (as) headers.authorization = `Bearer ${await this.token(as)}`
    const response = await this.app.inject({ method, url, headers, payload })
    if (response.statusCode >= 300) {
      throw new Error(
        `demo story: ${method} ${url} as ${as ?? 'anonymous'} → ${response.statusCode} ${response.body}`,
      )
    }
    return response.json<T>()
  }
}

interface Ids {
  roomId: string
  housingBureau: string
  cityManagement: string
  member: string
}

async function lookUp(app: FastifyInstance, api: DemoApi): Promise<Ids> {
  const room = await api.call<{ id: string }>(
    null,
    'GET',
    `/api/rooms/by-scene/${DEMO_MAIN_ROOM_SCENE}`,
  )
  const units = await unitModel(app.db)
    .find({ code: { $in: ['HA-QJP-ZJJ', 'HA-QJP-CGJ'] } }, { code: 1 })
    .lean()
  const unit = (code: string) => {
    const found = units.find((candidate) => candidate.code === code)
    if (!found) throw new Error(`demo story: unit ${code} is missing`)
    return String(found._id)
  }
  const member = await userModel(app.db).findOne({ demoKey: 'member' }, { _id: 1 }).lean()
  if (!member) throw new Error('demo story: the demo committee member is missing')
  return {
    roomId: room.id,
    housingBureau: unit('HA-QJP-ZJJ'),
    cityManagement: unit('HA-QJP-CGJ'),
    member: String(member._id),
  }
}

async function raise(api: DemoApi, as: string, roomId: string, body: object): Promise<string> {
  const topic = await api.call<{ id: string }>(as, 'POST', `/api/rooms/${roomId}/topics`, body)
  return topic.id
}

async function tellStories(app: FastifyInstance): Promise<void> {
  const api = new DemoApi(app)
  const ids = await lookUp(app, api)

  // 1. Dead EV chargers → screened, consultation, a meeting next week with the housing bureau.
  const chargers = await raise(api, 'resident', ids.roomId, {
    title: '小区新能源充电桩装好两年一直没通电',
    description:
      '小区地下车库十几个充电桩装好两年了一直没通电，问物业说没人牵头开户，电动车只能拉线充电，很不安全。希望尽快通电投入使用。',
    category: 'property',
    place: { address: '长西社区长西新村地下车库' },
  })
  await api.call('neighbour', 'PUT', `/api/topics/${chargers}/support`)
  await api.call('convener', 'POST', `/api/topics/${chargers}/screening`, {
    note: '涉及开户主体、供电和物业多方，需要协商',
  })
  await api.call('convener', 'POST', `/api/topics/${chargers}/reply`, {
    kind: 'escalate',
    target: 'consultation',
  })
  const nextWeek = new Date(Date.now() + 7 * DAY)
  nextWeek.setUTCHours(7, 0, 0, 0) // 15:00 in China
  await api.call('convener', 'POST', `/api/rooms/${ids.roomId}/meetings`, {
    title: '长西新村充电桩通电协商会',
    form: 'on_site',
    startsAt: nextWeek.toISOString(),
    place: { address: '长西社区党群服务中心二楼议事室' },
    topicIds: [chargers],
    invites: [
      { kind: 'member', userId: ids.member },
      { kind: 'department', departmentUnitId: ids.housingBureau },
      { kind: 'resident_rep', name: '居民代表 赵大姐' },
    ],
  })

  // 2. A blocked gate: open, gathering supports.
  const gate = await raise(api, 'neighbour', ids.roomId, {
    title: '长西街东门常被私家车堵住，救护车进不来',
    description:
      '东门口晚上经常停满私家车，上周有老人发病，救护车在门口绕了十分钟才进来。建议划禁停线、装挡车桩。',
    category: 'traffic',
    place: { address: '长西街东门' },
  })
  await api.call('resident', 'PUT', `/api/topics/${gate}/support`)

  // 3. A missing public toilet near the market: answered directly (四步答复 step two), closed.
  const toilet = await raise(api, 'resident', ids.roomId, {
    title: '菜市场附近没有公共厕所',
    description: '长西菜市场周边几百米没有公共厕所，买菜的老人很不方便，希望能建一座。',
    category: 'municipal',
    place: { address: '长西菜市场' },
  })
  await api.call('convener', 'POST', `/api/topics/${toilet}/screening`, {})
  await api.call('convener', 'POST', `/api/topics/${toilet}/reply`, {
    kind: 'answer',
    text: '经与城管局核实，菜市场东侧的公共厕所已列入今年“厕所革命”计划，预计下月开工，年底前投入使用。',
  })

  // 4. Meals for elderly people living alone: a micro-suggestion passed to a department.
  const meals = await raise(api, 'grid', ids.roomId, {
    title: '独居老人吃饭难，希望社区办老年助餐点',
    description: '网格内有二十多位独居老人，子女不在身边，做饭困难。希望在社区开一个老年助餐点。',
    category: 'elderly_child_care',
    source: 'grid_worker',
    petitioner: { name: '吴奶奶' },
  })
  await api.call('convener', 'POST', `/api/topics/${meals}/screening`, {})
  await api.call('convener', 'POST', `/api/topics/${meals}/reply`, {
    kind: 'escalate',
    target: 'micro_suggestion',
    departmentUnitId: ids.cityManagement,
    text: '已作为微建议转城管局研究办理。',
  })

  // 5. An old building without a lift: just raised, anonymous toward the public.
  await raise(api, 'neighbour', ids.roomId, {
    title: '老旧小区6号楼想加装电梯',
    description:
      '6号楼住的多是七八十岁的老人，上下楼困难。大部分住户同意加装电梯，想了解审批流程和补贴政策。',
    category: 'property',
    anonymous: true,
    place: { address: '长西新村6号楼' },
  })
}

/** Tells the demo stories once per database; true when this call told them. */
export async function seedDemoStories(app: FastifyInstance): Promise<boolean> {
  const database = app.db.db
  if (!database) throw new Error('seedDemoStories: the connection is not open')
  const meta = database.collection<{ _id: string; state: string; startedAt: Date }>('meta')
  try {
    await meta.insertOne({ _id: CLAIM, state: 'running', startedAt: new Date() })
  } catch (error) {
    if ((error as { code?: unknown }).code === DUPLICATE_KEY) return false
    throw error
  }
  try {
    await tellStories(app)
  } catch (error) {
    await meta.updateOne({ _id: CLAIM }, { $set: { state: 'failed' } })
    throw error
  }
  await meta.updateOne({ _id: CLAIM }, { $set: { state: 'done' } })
  return true
}
