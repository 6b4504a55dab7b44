// The raise form's data, its checks (mirroring the service's schema limits) and the request body.
import { format } from '@/i18n'
import {
  needsPetitioner,
  PETITIONER_PHONE_PATTERN,
  RAISE_LIMITS,
  type DraftPhoto,
  type RaiseBody,
  type RaiseDraft,
  type RaiseSource,
} from '@/services/raise'
import type { RaiseStrings } from './strings'

/** A photo on the form: still uploading, stored by the service, or failed (retry or remove). */
export type PhotoItem =
  | { id: string; status: 'uploading'; path: string }
  | { id: string; status: 'done'; path?: string; key: string; url: string }
  | { id: string; status: 'failed'; path: string; message: string }

export type Field =
  'category' | 'title' | 'description' | 'photos' | 'address' | 'petitionerName' | 'petitionerPhone'

export type Problems = Partial<Record<Field, string>>

/** Residents and grid workers may hide the name from the public; staff topics are signed. */
export function canBeAnonymous(source: RaiseSource): boolean {
  return source === 'resident' || source === 'grid_worker'
}

/** Characters as the service counts them (code points, after trimming). */
export function length(text: string): number {
  return Array.from(text.trim()).length
}

let lastPhotoId = 0

/** A tile's own id (the same photo may be picked twice, so keys cannot tell tiles apart). */
export function photoId(): string {
  lastPhotoId += 1
  return `photo-${lastPhotoId}`
}

export function photosFromDraft(photos: DraftPhoto[]): PhotoItem[] {
  return photos.map((photo) => ({ id: photoId(), status: 'done', ...photo }))
}

export function donePhotos(items: PhotoItem[]): DraftPhoto[] {
  return items.flatMap((item) => (item.status === 'done' ? [{ key: item.key, url: item.url }] : []))
}

export function validate(
  draft: RaiseDraft,
  photos: PhotoItem[],
  source: RaiseSource,
  t: RaiseStrings,
): Problems {
  const problems: Problems = {}
  const limits = RAISE_LIMITS
  if (!draft.category) problems.category = t.errCategory
  if (length(draft.title) < limits.titleMin) {
    problems.title = format(t.errTitleShort, { min: limits.titleMin })
  } else if (length(draft.title) > limits.titleMax) {
    problems.title = format(t.errTitleLong, { max: limits.titleMax })
  }
  if (length(draft.description) < limits.descriptionMin) {
    problems.description = format(t.errDescriptionShort, { min: limits.descriptionMin })
  } else if (length(draft.description) > limits.descriptionMax) {
    problems.description = format(t.errDescriptionLong, { max: limits.descriptionMax })
  }
  if (photos.some((item) => item.status === 'uploading')) {
    problems.photos = t.errPhotosUploading
  } else if (photos.some((item) => item.status === 'failed')) {
    problems.photos = t.errPhotosFailed
  }
  if (length(draft.address) > limits.addressMax) {
    problems.address = format(t.errAddressLong, { max: limits.addressMax })
  }
  if (needsPetitioner(source)) {
    if (length(draft.petitionerName) === 0) {
      problems.petitionerName = t.errPetitionerName
    } else if (length(draft.petitionerName) > limits.petitionerNameMax) {
      problems.petitionerName = format(t.errPetitionerNameLong, {
        max: limits.petitionerNameMax,
      })
    }
    const phone = draft.petitionerPhone.trim()
    if (phone && !PETITIONER_PHONE_PATTERN.test(phone)) {
      problems.petitionerPhone = t.errPetitionerPhone
    }
  }
  return problems
}

/** The POST body: trimmed text, only the parts the user filled in. Call after `validate` passed. */
export function buildBody(draft: RaiseDraft, photos: PhotoItem[], source: RaiseSource): RaiseBody {
  if (!draft.category) throw new Error('category missing: validate first')
  const body: RaiseBody = {
    title: draft.title.trim(),
    description: draft.description.trim(),
    category: draft.category,
    anonymous: canBeAnonymous(source) && draft.anonymous,
  }
  const keys = donePhotos(photos).map((photo) => photo.key)
  if (keys.length > 0) body.photoKeys = keys
  const address = draft.address.trim()
  const place: NonNullable<RaiseBody['place']> = {}
  if (draft.lat !== undefined && draft.lng !== undefined) {
    place.lat = draft.lat
    place.lng = draft.lng
  }
  if (address) place.address = address
  if (Object.keys(place).length > 0) body.place = place
  if (source !== 'resident') body.source = source
  if (needsPetitioner(source)) {
    const phone = draft.petitionerPhone.trim()
    body.petitioner = { name: draft.petitionerName.trim(), ...(phone ? { phone } : {}) }
  }
  return body
}
