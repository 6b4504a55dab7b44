import Taro from '@tarojs/taro'
import type { TopicState } from '@shared/domain/topic-machine'
import { CATEGORIES, type Category, type TopicSource } from '@shared/domain/types'
import { request } from './request'

export const RAISE_PAGE = '/pages/raise/index'

/** Limits of POST /api/rooms/{roomId}/topics (RaiseTopicBodySchema), mirrored for the form. */
export const RAISE_LIMITS = {
  titleMin: 2,
  titleMax: 60,
  descriptionMin: 5,
  descriptionMax: 2000,
  photosMax: 9,
  addressMax: 120,
  petitionerNameMax: 40,
} as const
export const PETITIONER_PHONE_PATTERN = /^[0-9+\- ]{5,20}$/

/** Sources staff may open the page with (`&source=`); residents raise as themselves. */
export const STAFF_RAISE_SOURCES = ['member_recommended', 'party_gov', 'grid_worker'] as const
export type RaiseSource = 'resident' | (typeof STAFF_RAISE_SOURCES)[number]

export function parseRaiseSource(value: string | undefined): RaiseSource {
  return (STAFF_RAISE_SOURCES as readonly string[]).includes(value ?? '')
    ? (value as RaiseSource)
    : 'resident'
}

/** Sources that raise on someone else's behalf: the petitioner must be named. */
export function needsPetitioner(source: RaiseSource): boolean {
  return source === 'grid_worker'
}

export function raisePageUrl(roomId: string, source: RaiseSource = 'resident'): string {
  const base = `${RAISE_PAGE}?roomId=${encodeURIComponent(roomId)}`
  return source === 'resident' ? base : `${base}&source=${source}`
}

/** The request body (RaiseTopicBodySchema). */
export interface RaiseBody {
  title: string
  description: string
  category: Category
  photoKeys?: string[]
  place?: { lat?: number; lng?: number; address?: string }
  source?: TopicSource
  anonymous?: boolean
  petitioner?: { userId?: string; name?: string; phone?: string }
}

/** The fields of the answered topic view (TopicViewSchema) that the page uses after raising. */
export interface RaisedTopic {
  id: string
  roomId: string
  room: { id: string; name: string }
  title: string
  state: TopicState
  stateLabel: string
  anonymous: boolean
  createdAt: string
}

/** Raises the topic; throws ApiError (WECHAT_CONTENT_RISKY, ROOM_ARCHIVED, PETITIONER_REQUIRED…). */
export function raiseTopic(roomId: string, body: RaiseBody): Promise<RaisedTopic> {
  return request<RaisedTopic>(`/api/rooms/${encodeURIComponent(roomId)}/topics`, {
    method: 'POST',
    data: body as unknown as Record<string, unknown>,
  })
}

/** A photo already stored by the service (drafts keep only these; local paths do not last). */
export interface DraftPhoto {
  key: string
  url: string
}

/** What the user typed so far; kept on the device per room so leaving the page loses nothing. */
export interface RaiseDraft {
  category?: Category
  title: string
  description: string
  photos: DraftPhoto[]
  address: string
  lat?: number
  lng?: number
  anonymous: boolean
  petitionerName: string
  petitionerPhone: string
}

export const EMPTY_DRAFT: RaiseDraft = {
  title: '',
  description: '',
  photos: [],
  address: '',
  anonymous: false,
  petitionerName: '',
  petitionerPhone: '',
}

export function draftStorageKey(roomId: string): string {
  return `shangliang.raiseDraft.${roomId}`
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function coordinate(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function photos(value: unknown): DraftPhoto[] {
  if (!Array.isArray(value)) return []
  return value
    .filter(
      (item): item is DraftPhoto =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as DraftPhoto).key === 'string' &&
        typeof (item as DraftPhoto).url === 'string',
    )
    .map(({ key, url }) => ({ key, url }))
    .slice(0, RAISE_LIMITS.photosMax)
}

/** The saved draft of this room, or an empty one (anything malformed is dropped field by field). */
export function loadDraft(roomId: string): RaiseDraft {
  const stored: unknown = Taro.getStorageSync(draftStorageKey(roomId))
  if (typeof stored !== 'object' || stored === null) return EMPTY_DRAFT
  const raw = stored as Record<string, unknown>
  const category = (CATEGORIES as readonly unknown[]).includes(raw.category)
    ? (raw.category as Category)
    : undefined
  const lat = coordinate(raw.lat)
  const lng = coordinate(raw.lng)
  const hasPoint = lat !== undefined && lng !== undefined
  return {
    category,
    title: text(raw.title),
    description: text(raw.description),
    photos: photos(raw.photos),
    address: text(raw.address),
    lat: hasPoint ? lat : undefined,
    lng: hasPoint ? lng : undefined,
    anonymous: raw.anonymous === true,
    petitionerName: text(raw.petitionerName),
    petitionerPhone: text(raw.petitionerPhone),
  }
}

export function isEmptyDraft(draft: RaiseDraft): boolean {
  return (
    !draft.category &&
    !draft.title.trim() &&
    !draft.description.trim() &&
    draft.photos.length === 0 &&
    !draft.address.trim() &&
    draft.lat === undefined &&
    !draft.petitionerName.trim() &&
    !draft.petitionerPhone.trim()
  )
}

export function saveDraft(roomId: string, draft: RaiseDraft): void {
  if (isEmptyDraft(draft) && !draft.anonymous) {
    Taro.removeStorageSync(draftStorageKey(roomId))
    return
  }
  Taro.setStorageSync(draftStorageKey(roomId), draft)
}

export function clearDraft(roomId: string): void {
  Taro.removeStorageSync(draftStorageKey(roomId))
}
