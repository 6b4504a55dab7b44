/**
 * The topics tests' world: 淮安市 → 清江浦区 → 长东街道 → 永胜社区 / 清华园社区, a room in each
 * community and one at the street, residents signed in through WeChat (their openids are the fake
 * WeChat's, so msgSecCheck accepts them) and staff holding the usual grants.
 */
import { Types } from 'mongoose'
import type { App } from '../../../../cloud/src/app'
import { roomModel } from '../../../../cloud/src/modules/org/model'
import { uploadModel } from '../../../../cloud/src/modules/uploads/model'
import type { FakeWechat } from '../../../../cloud/fake-wechat/index'
import {
  createTestRoom,
  createTestUnit,
  createTestUser,
  type TestUnit,
  type TestUser,
} from '../../../helpers/identity'

export interface TopicsFixture {
  street: TestUnit
  village: TestUnit
  otherVillage: TestUnit
  room: { id: string }
  otherRoom: { id: string }
  streetRoom: { id: string }
  resident: TestUser
  neighbour: TestUser
  convener: TestUser
  otherConvener: TestUser
  member: TestUser
  staff: TestUser
  gridWorker: TestUser
}

let serial = 0

/** A resident who signed in through the fake WeChat (so the content check knows their openid). */
export async function wechatResident(
  app: App,
  fake: FakeWechat | null,
  displayName?: string,
): Promise<TestUser> {
  serial += 1
  const name = `topics-resident-${process.pid}-${serial}`
  return createTestUser(app, {
    displayName: displayName ?? `居民${serial}`,
    openid: fake ? fake.openidFor(name) : `o${String(serial).padStart(27, '0')}`,
  })
}

export async function topicsFixture(app: App, fake: FakeWechat | null): Promise<TopicsFixture> {
  const city = await createTestUnit(app, '淮安市', 'city')
  const district = await createTestUnit(app, '清江浦区', 'district', city)
  const street = await createTestUnit(app, '长东街道', 'town', district)
  const village = await createTestUnit(app, '永胜社区', 'village', street)
  const otherVillage = await createTestUnit(app, '清华园社区', 'village', street)
  const room = await createTestRoom(app, '永胜社区协商议事室', village)
  const otherRoom = await createTestRoom(app, '清华园社区协商议事室', otherVillage)
  const streetRoom = await createTestRoom(app, '长东街道协商议事室', street)
  const resident = await wechatResident(app, fake, '张阿姨')
  const neighbour = await wechatResident(app, fake, '李师傅')
  const convener = await createTestUser(app, {
    displayName: '王召集',
    realName: '王建国',
    phone: '13800000101',
    grants: [{ role: 'convener', roomId: room.id }],
  })
  const otherConvener = await createTestUser(app, {
    displayName: '赵召集',
    grants: [{ role: 'convener', roomId: otherRoom.id }],
  })
  const member = await createTestUser(app, {
    displayName: '陈委员',
    grants: [{ role: 'member', roomId: room.id }],
  })
  const staff = await createTestUser(app, {
    displayName: '长东街道联席办',
    grants: [{ role: 'office_staff', unitId: street.id }],
  })
  const gridWorker = await createTestUser(app, {
    displayName: '网格员小刘',
    grants: [{ role: 'grid_worker', unitId: village.id }],
  })
  return {
    street,
    village,
    otherVillage,
    room,
    otherRoom,
    streetRoom,
    resident,
    neighbour,
    convener,
    otherConvener,
    member,
    staff,
    gridWorker,
  }
}

export async function setSupportThreshold(
  app: App,
  roomId: string,
  threshold: number | null,
): Promise<void> {
  await roomModel(app.db).updateOne({ _id: roomId }, { $set: { supportThreshold: threshold } })
}

/** An upload record as the uploads module leaves it (the bytes themselves are not needed here). */
export async function uploadedPhoto(app: App, ownerId: string): Promise<string> {
  serial += 1
  const key = `testphoto${process.pid}x${serial}`
  await uploadModel(app.db).create({
    key,
    ownerId: new Types.ObjectId(ownerId),
    bytes: 1234,
    contentType: 'image/jpeg',
    width: 800,
    height: 600,
    createdAt: new Date(),
  })
  return key
}

export const CHARGER_TOPIC = {
  title: '小区充电桩一直不通电',
  description: '永胜小区的电动车充电桩装好一年了还没通电，电动车只能拉线充电，很不安全。',
  category: 'municipal',
} as const
