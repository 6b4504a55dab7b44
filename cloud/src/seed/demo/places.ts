/**
 * The demo organisation: Huai'an's units and consultation rooms (协商议事室), taken from the seed
 * reports in `../shared/seeds/` (淮安 "码上议": 长西社区 construction noise, 清浦街道 canal-walk toilet,
 * 流均镇/沿河村 waterlogged fields discussed in the field, 顺东村 summer care for left-behind children,
 * 长江路街道 三朱村 road, 淮阴区 农业农村界别 canteen for the disabled; 射阳's 市民中心协商议事室 linked to
 * the 12345 hotline). Plain data only: the seed in `org.ts` inserts it, the `npm start` banner and
 * the tests read it. Addresses are illustrative.
 */
import type { UnitKind } from '../../../../shared/domain/types'

export interface DemoUnit {
  /** Stable code (also what CSV imports reference). Parents come before their children. */
  code: string
  name: string
  kind: UnitKind
  parent: string | null
}

export interface DemoRoom {
  /** QR scene: fixed and memorable so links and printed codes survive a re-seed. */
  scene: string
  name: string
  unit: string
  address: string
  description: string
  supportThreshold: number | null
}

export const DEMO_UNITS: readonly DemoUnit[] = [
  { code: 'HA', name: '淮安市', kind: 'city', parent: null },
  { code: 'HA-QJP', name: '清江浦区', kind: 'district', parent: 'HA' },
  { code: 'HA-QJP-CX', name: '长西街道', kind: 'town', parent: 'HA-QJP' },
  { code: 'HA-QJP-CX-CX', name: '长西社区', kind: 'village', parent: 'HA-QJP-CX' },
  { code: 'HA-QJP-QP', name: '清浦街道', kind: 'town', parent: 'HA-QJP' },
  { code: 'HA-QJP-ZJJ', name: '清江浦区住建局', kind: 'department', parent: 'HA-QJP' },
  { code: 'HA-QJP-CGJ', name: '清江浦区城管局', kind: 'department', parent: 'HA-QJP' },
  { code: 'HA-QJP-JTJ', name: '清江浦区交通运输局', kind: 'department', parent: 'HA-QJP' },
  { code: 'HA-QJP-12345', name: '清江浦区12345热线办', kind: 'department', parent: 'HA-QJP' },
  { code: 'HA-HAQ', name: '淮安区', kind: 'district', parent: 'HA' },
  { code: 'HA-HAQ-LJ', name: '流均镇', kind: 'town', parent: 'HA-HAQ' },
  { code: 'HA-HAQ-LJ-YH', name: '沿河村', kind: 'village', parent: 'HA-HAQ-LJ' },
  { code: 'HA-HAQ-SH', name: '顺河镇', kind: 'town', parent: 'HA-HAQ' },
  { code: 'HA-HAQ-SH-SD', name: '顺东村', kind: 'village', parent: 'HA-HAQ-SH' },
  { code: 'HA-HY', name: '淮阴区', kind: 'district', parent: 'HA' },
  { code: 'HA-HY-CJL', name: '长江路街道', kind: 'town', parent: 'HA-HY' },
  { code: 'HA-HY-CJL-SZ', name: '三朱村', kind: 'village', parent: 'HA-HY-CJL' },
  { code: 'HA-HY-NYNC', name: '淮阴区政协农业农村界别', kind: 'sector', parent: 'HA-HY' },
  { code: 'HA-KFQ', name: '淮安经济技术开发区', kind: 'park', parent: 'HA' },
]

export const DEMO_ROOMS: readonly DemoRoom[] = [
  {
    scene: 'QJPCX1',
    name: '长西社区协商议事室',
    unit: 'HA-QJP-CX-CX',
    address: '淮安市清江浦区长西街道长西社区党群服务中心二楼',
    description: '施工噪音、小区停车、加装电梯……居民身边的事，扫码就能提，大家商量着办。',
    supportThreshold: 10,
  },
  {
    scene: 'QJPSMZX',
    name: '市民中心协商议事室',
    unit: 'HA-QJP',
    address: '淮安市清江浦区市民中心三楼',
    description:
      '与 12345 热线联动：多次流转、重复来电、涉及多方利益的疑难工单，在这里日排查、周梳理、月协商、常督查。',
    supportThreshold: 20,
  },
  {
    scene: 'QJPQP1',
    name: '清浦街道协商议事室',
    unit: 'HA-QJP-QP',
    address: '淮安市清江浦区清浦街道党群服务中心',
    description: '运北西路海润段公厕改造等街道事务，居民、物业和职能部门围坐一堂协商。',
    supportThreshold: 10,
  },
  {
    scene: 'HAQLJ1',
    name: '流均镇协商议事室',
    unit: 'HA-HAQ-LJ',
    address: '淮安市淮安区流均镇为民服务中心',
    description: '汛期防汛物资、应急预案、水情雨情通报，召集水利站、农业室、农路办现场办理。',
    supportThreshold: 10,
  },
  {
    scene: 'HAQYH1',
    name: '沿河村地头协商议事室',
    unit: 'HA-HAQ-LJ-YH',
    address: '淮安市淮安区流均镇沿河村村部',
    description: '地头协商：雨后农田渍涝、村内道路积水，就在田间地头商量、现场办理。',
    supportThreshold: 5,
  },
  {
    scene: 'HAQSD1',
    name: '顺东村协商议事室',
    unit: 'HA-HAQ-SH-SD',
    address: '淮安市淮安区顺河镇顺东村农家书屋',
    description: '留守儿童暑期托管、防溺水安全，村里的事村民一起议。',
    supportThreshold: 5,
  },
  {
    scene: 'HYCJL1',
    name: '长江路街道协商议事室',
    unit: 'HA-HY-CJL',
    address: '淮安市淮阴区长江路街道党群服务中心',
    description: '三朱村三组道路修缮等：委员荐题，街道召集，村民监督。',
    supportThreshold: 10,
  },
  {
    scene: 'HYNYJB',
    name: '农业农村界别协商议事室',
    unit: 'HA-HY-NYNC',
    address: '淮安市淮阴区政协委员之家',
    description: '界别委员联系界别群众：残疾人之家助餐、农技服务等界别议题。',
    supportThreshold: 10,
  },
]

/** The room the demo cast works in (convener 王主任, member 陈委员 on duty every day). */
export const DEMO_MAIN_ROOM_SCENE = 'QJPCX1'
