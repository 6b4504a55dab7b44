import {
  authorize,
  can,
  isStaff,
  PERMISSIONS,
  permissionsOn,
  UnitTree,
} from '../../../shared/domain'
import {
  admin,
  changxiConvener,
  chengguanOfficer,
  districtStaff,
  gridWorker,
  huajieConvener,
  memberOffDuty,
  memberOnDuty,
  person,
  qingpuStaff,
  resident,
  ROOMS,
  units,
  zhujianOfficer,
} from './fixtures'

describe('the unit tree', () => {
  test('lists a community’s ancestors from its street up to the city', () => {
    expect(units.ancestorsOf('huajie').map((unit) => unit.id)).toEqual([
      'qingpu',
      'qingjiangpu',
      'huaian',
    ])
  })

  test('places a community within its street, district and city but not a sibling street', () => {
    expect(units.isWithin('huajie', 'huajie')).toBe(true)
    expect(units.isWithin('huajie', 'qingpu')).toBe(true)
    expect(units.isWithin('huajie', 'huaian')).toBe(true)
    expect(units.isWithin('huajie', 'changxi')).toBe(false)
    expect(units.isWithin('qingpu', 'huajie')).toBe(false)
  })

  test('finds the nearest street of a community and the direct children of a district', () => {
    expect(units.nearest('huajie', 'town')?.id).toBe('qingpu')
    expect(units.nearest('huajie', 'village')?.id).toBe('huajie')
    expect(units.childrenOf('huaiyin').map((unit) => unit.id)).toEqual([
      'changjianglu',
      'agri-sector',
    ])
  })

  test('stops walking a cycle in bad data instead of looping forever', () => {
    const cyclic = new UnitTree([
      { id: 'a', parentId: 'b', kind: 'town' },
      { id: 'b', parentId: 'a', kind: 'district' },
    ])
    expect(cyclic.ancestorsOf('a').length).toBeLessThanOrEqual(2)
    expect(cyclic.isWithin('a', 'zzz')).toBe(false)
  })

  test('knows only the given chain when built from a fetched ancestry', () => {
    const chain = UnitTree.fromAncestry([
      { id: 'sanzhu', parentId: 'changjianglu', kind: 'village' },
      { id: 'changjianglu', parentId: 'huaiyin', kind: 'town' },
    ])
    expect(chain.isWithin('sanzhu', 'changjianglu')).toBe(true)
    expect(chain.has('huaian')).toBe(false)
  })
})

describe('scoped permissions', () => {
  test('let every signed-in resident raise, support and comment anywhere', () => {
    for (const permission of ['topic.raise', 'topic.support', 'comment.create'] as const) {
      expect(can(resident, permission, ROOMS.sanzhuRoom, units)).toBe(true)
    }
    expect(can(resident, 'topic.triage', ROOMS.huajieRoom, units)).toBe(false)
  })

  test('let the convener of room A triage there but not in room B', () => {
    expect(can(huajieConvener, 'topic.triage', ROOMS.huajieRoom, units)).toBe(true)
    expect(can(huajieConvener, 'topic.triage', ROOMS.changxiRoom, units)).toBe(false)
    expect(can(changxiConvener, 'outcome.publish', ROOMS.huajieRoom, units)).toBe(false)
  })

  test('let street office staff act in the rooms of communities under their street only', () => {
    expect(can(qingpuStaff, 'topic.triage', ROOMS.huajieRoom, units)).toBe(true)
    expect(can(qingpuStaff, 'topic.triage', ROOMS.qingpuRoom, units)).toBe(true)
    expect(can(qingpuStaff, 'topic.triage', ROOMS.changxiRoom, units)).toBe(false)
    expect(can(qingpuStaff, 'audit.read', ROOMS.sanzhuRoom, units)).toBe(false)
  })

  test('let district office staff see every street of their district but not another district', () => {
    expect(can(districtStaff, 'stats.read', ROOMS.changxiRoom, units)).toBe(true)
    expect(can(districtStaff, 'hotline.review', ROOMS.huajieRoom, units)).toBe(true)
    expect(can(districtStaff, 'stats.read', ROOMS.sanzhuRoom, units)).toBe(false)
  })

  test('let a department officer update only items assigned to their department or its offices', () => {
    const ownItem = { ...ROOMS.huajieRoom, departmentUnitId: 'chengguan' }
    const squadItem = { ...ROOMS.sanzhuRoom, departmentUnitId: 'chengguan-squad' }
    const otherItem = { ...ROOMS.huajieRoom, departmentUnitId: 'zhujian' }
    expect(can(chengguanOfficer, 'action.update', ownItem, units)).toBe(true)
    expect(can(chengguanOfficer, 'action.update', squadItem, units)).toBe(true)
    expect(can(chengguanOfficer, 'action.update', otherItem, units)).toBe(false)
    expect(can(zhujianOfficer, 'action.update', otherItem, units)).toBe(true)
  })

  test('never let a department officer triage topics or read personal details', () => {
    const ownItem = { ...ROOMS.huajieRoom, departmentUnitId: 'chengguan' }
    expect(can(chengguanOfficer, 'topic.triage', ownItem, units)).toBe(false)
    expect(can(chengguanOfficer, 'pii.read', ownItem, units)).toBe(false)
  })

  test('let an attached member recommend topics but answer residents only while on duty', () => {
    expect(can(memberOffDuty, 'topic.recommend', ROOMS.huajieRoom, units)).toBe(true)
    expect(can(memberOffDuty, 'topic.reply', ROOMS.huajieRoom, units)).toBe(false)
    expect(can(memberOnDuty, 'topic.reply', ROOMS.huajieRoom, units)).toBe(true)
    expect(can(memberOnDuty, 'topic.reply', ROOMS.changxiRoom, units)).toBe(false)
  })

  test('let a member attached to a sector act in that sector’s rooms', () => {
    const sectorMember = person('member-wang', { role: 'member', unitId: 'agri-sector' })
    expect(can(sectorMember, 'topic.recommend', ROOMS.sectorRoom, units)).toBe(true)
    expect(can(sectorMember, 'topic.recommend', ROOMS.sanzhuRoom, units)).toBe(false)
  })

  test('let a grid worker raise topics on behalf of residents in their grid only', () => {
    expect(can(gridWorker, 'topic.raise_on_behalf', ROOMS.changxiRoom, units)).toBe(true)
    expect(can(gridWorker, 'topic.raise_on_behalf', ROOMS.huajieRoom, units)).toBe(false)
  })

  test('let an admin do everything everywhere', () => {
    for (const permission of PERMISSIONS) {
      expect(can(admin, permission, {}, units)).toBe(true)
    }
  })

  test('make a grant with neither a room nor a unit cover nothing', () => {
    const halfConfigured = person('staff-x', { role: 'office_staff' })
    expect(can(halfConfigured, 'topic.triage', ROOMS.huajieRoom, units)).toBe(false)
  })

  test('refuse a resource without a room when the grant is for a room', () => {
    expect(can(huajieConvener, 'room.manage', { unitId: 'huajie' }, units)).toBe(false)
  })

  test('explain a refusal with FORBIDDEN and the permission’s Chinese name', () => {
    expect(authorize(huajieConvener, 'topic.triage', ROOMS.changxiRoom, units)).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      reason: '没有在此范围内“受理研判”的权限',
    })
    expect(authorize(huajieConvener, 'topic.triage', ROOMS.huajieRoom, units)).toEqual({ ok: true })
  })

  test('collect every permission a user holds on a resource in one call', () => {
    const onHuajie = permissionsOn(qingpuStaff, ROOMS.huajieRoom, units)
    expect(onHuajie.has('hotline.review')).toBe(true)
    expect(onHuajie.has('topic.raise')).toBe(true)
    const onChangxi = permissionsOn(qingpuStaff, ROOMS.changxiRoom, units)
    expect(onChangxi.has('hotline.review')).toBe(false)
  })

  test('tell staff from residents by their grants', () => {
    expect(isStaff(resident)).toBe(false)
    expect(isStaff(gridWorker)).toBe(true)
  })
})
