/**
 * Which kind of unit may hang under which: the hierarchy city → district/county → town/street →
 * village/community, parks and companies under a district or town (companies also in a park), and
 * sectors (界别) and departments under a city or district, whose CPPCC or government they belong to.
 * Roots are cities, or districts for a county-level deployment.
 */
import { UNIT_KIND_LABELS } from '../../../../shared/domain/labels'
import type { UnitKind } from '../../../../shared/domain/types'

/** Allowed parent kinds per kind; `null` in the list means "may be a root". */
export const ALLOWED_PARENTS: Record<UnitKind, ReadonlyArray<UnitKind | null>> = {
  city: [null],
  district: [null, 'city'],
  town: ['district'],
  village: ['town'],
  park: ['district', 'town'],
  company: ['district', 'town', 'park'],
  sector: ['city', 'district'],
  department: ['city', 'district'],
}

/** Null when `kind` may hang under `parentKind` (null = root), else a Chinese explanation. */
export function nestingProblem(kind: UnitKind, parentKind: UnitKind | null): string | null {
  if (ALLOWED_PARENTS[kind].includes(parentKind)) return null
  const allowed = ALLOWED_PARENTS[kind]
    .map((k) => (k === null ? '（根单位）' : UNIT_KIND_LABELS[k]))
    .join('、')
  return `${UNIT_KIND_LABELS[kind]}只能设在${allowed}下`
}
