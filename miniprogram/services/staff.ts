// What the staff screens share: the rooms a grant covers, the units offered in pickers, and dates and
// reply clocks read in Beijing time (the service counts deadlines in Beijing working days).
import { UNIT_KIND_LABELS } from '@shared/domain/labels'
import type { Permission } from '@shared/domain/permission-catalogue'
import { grantPermissions } from '@shared/domain/permissions'
import type { UnitKind } from '@shared/domain/types'
import { ApiError, request } from './request'
import { fetchRoom, type RoomPage, type RoomPublic } from './rooms'
import { getCurrentUser, type MeGrant } from './session'
import { inBeijing } from './beijing-time'

export const WORKBENCH_PAGE = '/staff/workbench/index'

/** `/staff/<page>/index?key=value…` with the values encoded. */
export function staffUrl(page: string, query: Record<string, string> = {}): string {
  const pairs = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
  return `/staff/${page}/index${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`
}

/** A string id from the page query, or undefined when missing or blank. */
export function idParam(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed ? trimmed : undefined
}

/** Characters as the service counts them (code points, after trimming). */
export function textLength(text: string): number {
  return Array.from(text.trim()).length
}

/** The Chinese message of any failure (the service's text for ApiError). */
export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : '出了点问题，请稍后重试'
}

/** Why a staff screen could not load, as the screen shows it. */
export type LoadProblem =
  | { kind: 'login' }
  | { kind: 'forbidden' }
  | { kind: 'notFound' }
  | { kind: 'failed'; message: string }

const NOT_FOUND_CODES = new Set([
  'NOT_FOUND',
  'ROOM_NOT_FOUND',
  'MEETING_NOT_FOUND',
  'ESCALATION_NOT_FOUND',
  'VALIDATION_FAILED',
])

export function loadProblem(error: unknown): LoadProblem {
  if (error instanceof ApiError) {
    if (error.code === 'UNAUTHENTICATED') return { kind: 'login' }
    if (error.code === 'FORBIDDEN') return { kind: 'forbidden' }
    if (NOT_FOUND_CODES.has(error.code)) return { kind: 'notFound' }
  }
  return { kind: 'failed', message: errorText(error) }
}

// ---- rooms of a grant -------------------------------------------------------------------------

export interface RoomRef {
  id: string
  name: string
}

const ROOMS_PER_UNIT = 50

/**
 * Rooms lying in a unit's subtree (GET /api/rooms?unitId=, public), the first page only; no unit
 * (an admin grant without scope) lists every room. `more` says the list was cut.
 */
export async function roomsUnder(unitId?: string): Promise<{ rooms: RoomRef[]; more: boolean }> {
  const query = unitId
    ? `?unitId=${encodeURIComponent(unitId)}&limit=${ROOMS_PER_UNIT}`
    : `?limit=${ROOMS_PER_UNIT}`
  const page = await request<RoomPage>(`/api/rooms${query}`, { auth: false })
  return {
    rooms: page.items.map((room) => ({ id: room.id, name: room.name })),
    more: page.nextCursor !== null,
  }
}

/** Roles whose grant covers rooms through a unit (office staff, admin, grid workers, sector members). */
export function grantReachesRoomsByUnit(grant: MeGrant): boolean {
  if (grant.roomId) return false
  return grant.role === 'admin' || grant.unitId !== undefined
}

/**
 * Whether the signed-in user holds `permission` in this room, by the same scope rules as the service
 * (a room grant for that room, a unit grant above it, admin anywhere). Screens use it to show
 * 无权访问 before a form is filled in; the service still decides.
 */
export function holdsInRoom(
  permission: Permission,
  room: Pick<RoomPublic, 'id' | 'path'>,
): boolean {
  const grants = getCurrentUser()?.grants ?? []
  return grants.some((grant) => {
    if (!grantPermissions(grant).includes(permission)) return false
    if (grant.role === 'admin') return true
    if (grant.roomId) return grant.roomId === room.id
    return grant.unitId !== undefined && room.path.some((unit) => unit.id === grant.unitId)
  })
}

// ---- units offered in pickers -----------------------------------------------------------------

export interface UnitChoice {
  id: string
  name: string
  /** Known for units from the hierarchy; departments found on meetings carry 'department'. */
  kind?: UnitKind
}

export function unitChoiceLabel(unit: UnitChoice): string {
  return unit.kind ? `${unit.name}（${UNIT_KIND_LABELS[unit.kind]}）` : unit.name
}

/**
 * The departments (职能部门) a room's staff can pick: those under the room's unit and every unit
 * above it (GET /api/rooms/{id}/departments, public).
 */
export async function loadDepartmentChoices(
  roomId: string,
  _options: { topicId?: string; room?: RoomPublic } = {},
): Promise<UnitChoice[]> {
  const body = await request<{ items: UnitChoice[] }>(
    `/api/rooms/${encodeURIComponent(roomId)}/departments`,
    { auth: false },
  )
  return body.items
}

function unique(units: UnitChoice[]): UnitChoice[] {
  const seen = new Map<string, UnitChoice>()
  for (const unit of units) if (!seen.has(unit.id)) seen.set(unit.id, unit)
  return [...seen.values()]
}

/**
 * Units an action item may be assigned to: the departments above, plus the room's own unit and its
 * ancestors (a village committee or the street office often owns the work itself).
 */
export async function loadOwnerUnitChoices(
  roomId: string,
  options: { topicId?: string } = {},
): Promise<UnitChoice[]> {
  const room = await fetchRoom(roomId)
  const departments = await loadDepartmentChoices(roomId, { ...options, room })
  const path = [...room.path].reverse().map((unit) => ({ ...unit }))
  return unique([...departments, ...path])
}

// ---- Beijing time -----------------------------------------------------------------------------

function beijing(iso: string): Date | undefined {
  const date = inBeijing(iso)
  return Number.isNaN(date.getTime()) ? undefined : date
}

const pad = (n: number) => String(n).padStart(2, '0')

/** '3月5日' in Beijing time. */
export function formatDay(iso: string): string {
  const date = beijing(iso)
  return date ? `${date.getUTCMonth() + 1}月${date.getUTCDate()}日` : ''
}

/** '3月5日 14:30' in Beijing time. */
export function formatDateTime(iso: string): string {
  const date = beijing(iso)
  if (!date) return ''
  return `${formatDay(iso)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`
}

/** 'YYYY-MM-DD' of the Beijing day containing `now`. */
export function beijingToday(now: Date = new Date()): string {
  return inBeijing(now).toISOString().slice(0, 10)
}

/** An instant from a Beijing date ('YYYY-MM-DD') and time ('HH:mm'), as ISO with +08:00. */
export function beijingInstant(date: string, time: string): string {
  return `${date}T${time}:00+08:00`
}

/** The last second of a Beijing day: what a due date picked as a day means. */
export function endOfBeijingDay(date: string): string {
  return `${date}T23:59:59+08:00`
}

// ---- the reply clock --------------------------------------------------------------------------

export interface Clock {
  overdue: boolean
  workingDaysLeft: number
}

/** How a clock reads; `{n}` is the number of working days. */
export interface ClockWords {
  overdueBy: string
  overdue: string
  dueToday: string
  left: string
}

export const CLOCK_WORDS_ZH: ClockWords = {
  overdueBy: '已超期 {n} 个工作日',
  overdue: '已超期',
  dueToday: '今天到期',
  left: '剩 {n} 个工作日',
}

/** '已超期 2 个工作日', '今天到期', '剩 3 个工作日'. */
export function clockText(clock: Clock, words: ClockWords = CLOCK_WORDS_ZH): string {
  const n = (template: string, value: number) => template.replace('{n}', String(value))
  if (clock.overdue) {
    return clock.workingDaysLeft < 0 ? n(words.overdueBy, -clock.workingDaysLeft) : words.overdue
  }
  return clock.workingDaysLeft === 0 ? words.dueToday : n(words.left, clock.workingDaysLeft)
}
