/**
 * The domain's closed vocabularies (roles, unit kinds, topic sources, categories, action-item tracks,
 * meeting forms, four-step reply kinds) as `as const` arrays, so that both the service (validation
 * schemas, Mongo enums) and the mini program (pickers) iterate the same lists. Chinese labels live in
 * `labels.ts`; topic states and events live in `topic-machine.ts`.
 */

/** Who a user is in a given scope; a user may hold several grants (see `permissions.ts`). */
export const ROLES = [
  'resident', // 群众: every signed-in user is a resident; no grant needed
  'grid_worker', // 网格员: raises topics on residents' behalf within their grid's unit
  'member', // 政协委员: attached (挂钩) to rooms, takes online duty (值班)
  'convener', // 召集人: runs one or more rooms
  'dept_officer', // 职能部门: handles action items assigned to their department
  'office_staff', // 联席会议办公室: runs a subtree of the unit hierarchy
  'admin', // 系统管理员
] as const
export type Role = (typeof ROLES)[number]

/**
 * Kinds of units in the hierarchy. Geographic kinds nest city → district → town → village; parks and
 * companies hang under a district or town; sectors (界别) and departments hang under the unit whose
 * CPPCC or government they belong to (usually a city or district).
 */
export const UNIT_KINDS = [
  'city',
  'district', // 区/县
  'town', // 镇/街道
  'village', // 村/社区
  'park', // 园区
  'company', // 企业
  'sector', // 界别
  'department', // 职能部门
] as const
export type UnitKind = (typeof UNIT_KINDS)[number]

/** Where a topic came from (议题来源). */
export const TOPIC_SOURCES = [
  'resident', // 群众出题: scanned a room's code
  'member_recommended', // 委员荐题
  'party_gov', // 党政点题
  'grid_worker', // 网格员代为反映
  'hotline_12345', // 12345 热线转办工单
] as const
export type TopicSource = (typeof TOPIC_SOURCES)[number]

/**
 * Topic categories, drawn from the seed cases: chargers and lifts (市政设施), a green-belt opening and
 * village roads (交通出行), construction noise and river clean-up (环境卫生), estate management
 * (物业管理), canteens for the disabled and elderly, summer care for left-behind children (养老托幼),
 * waterlogged fields and farm roads (农业农村), a cracked pole and drowning risk (安全隐患).
 */
export const CATEGORIES = [
  'traffic', // 交通出行
  'municipal', // 市政设施
  'environment', // 环境卫生
  'property', // 物业管理
  'public_service', // 公共服务
  'elderly_child_care', // 养老托幼
  'agriculture', // 农业农村
  'safety', // 安全隐患
  'employment', // 就业创业
  'culture_education', // 文化教育
  'business_env', // 营商环境
  'other', // 其他
] as const
export type Category = (typeof CATEGORIES)[number]

/** Outcome-conversion tracks (成果转化): 能当场敲定的快速办、有难度的统筹办、周期长的持续办. */
export const ACTION_TRACKS = ['quick', 'coordinated', 'ongoing'] as const
export type ActionTrack = (typeof ACTION_TRACKS)[number]

/** Lifecycle of one action item (one owner unit, one deadline). Overdue is derived, not stored. */
export const ACTION_ITEM_STATUSES = ['assigned', 'in_progress', 'done'] as const
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number]

/** Meeting forms: 现场协商, 地头协商, 议事室, 线上. */
export const MEETING_FORMS = ['on_site', 'field', 'room', 'online'] as const
export type MeetingForm = (typeof MEETING_FORMS)[number]

/** The four-step reply (四步答复法), in the order the method lists them. */
export const REPLY_KINDS = ['explain', 'answer', 'research', 'escalate'] as const
export type ReplyKind = (typeof REPLY_KINDS)[number]

/** Where step four (escalate) sends a topic. */
export const ESCALATION_TARGETS = ['parent_room', 'consultation', 'micro_suggestion'] as const
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number]

/** Satisfaction rating at call-back (回访): 1 很不满意 … 5 很满意. */
export const RATING_MIN = 1
export const RATING_MAX = 5

/** Type guard for values coming over the wire (query strings, stored documents). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value)
}
