/**
 * A small Huai'an tree shared by the org tests: 淮安市 → 清江浦区 → 长东街道 / 清河街道 → 永胜社区 …,
 * with a room in 永胜社区 and one in 清河街道, plus people holding the usual roles.
 */
import type { App } from '../../../../cloud/src/app'
import {
  createTestRoom,
  createTestUnit,
  createTestUser,
  type TestUnit,
  type TestUser,
} from '../../../helpers/identity'

export interface OrgFixture {
  city: TestUnit
  district: TestUnit
  townA: TestUnit
  townB: TestUnit
  village: TestUnit
  roomA: { id: string; scene: string }
  roomB: { id: string; scene: string }
  admin: TestUser
  staffA: TestUser
  convenerA: TestUser
  resident: TestUser
}

export async function orgFixture(app: App): Promise<OrgFixture> {
  const city = await createTestUnit(app, '淮安市', 'city')
  const district = await createTestUnit(app, '清江浦区', 'district', city)
  const townA = await createTestUnit(app, '长东街道', 'town', district)
  const townB = await createTestUnit(app, '清河街道', 'town', district)
  const village = await createTestUnit(app, '永胜社区', 'village', townA)
  const roomA = await createTestRoom(app, '永胜社区协商议事室', village)
  const roomB = await createTestRoom(app, '清河街道协商议事室', townB)
  const admin = await createTestUser(app, { grants: [{ role: 'admin' }] })
  const staffA = await createTestUser(app, {
    displayName: '长东街道联席办',
    grants: [{ role: 'office_staff', unitId: townA.id }],
  })
  const convenerA = await createTestUser(app, {
    displayName: '王召集',
    realName: '王建国',
    phone: '13800000001',
    grants: [{ role: 'convener', roomId: roomA.id }],
  })
  const resident = await createTestUser(app)
  return { city, district, townA, townB, village, roomA, roomB, admin, staffA, convenerA, resident }
}
