/**
 * Room scene codes: the `scene` of a room's unlimited mini program code. Generated codes are six
 * characters from an alphabet without look-alikes (no 0/O, 1/I, and no lower case, so no l), which
 * gives 32^6 ≈ 10^9 codes; uniqueness is the `rooms.scene` unique index, callers retry on a clash.
 */
import { randomInt } from 'node:crypto'

export const SCENE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
export const GENERATED_SCENE_LENGTH = 6
/** How many fresh codes to try before giving up (a clash is ~1e-9 per existing room). */
export const SCENE_ATTEMPTS = 5

export function generateScene(): string {
  let scene = ''
  for (let i = 0; i < GENERATED_SCENE_LENGTH; i += 1) {
    scene += SCENE_ALPHABET[randomInt(SCENE_ALPHABET.length)]
  }
  return scene
}

/** Whether `error` is a duplicate-key error (11000), optionally on the given field. */
export function isDuplicateKey(error: unknown, field?: string): boolean {
  const e = error as { code?: unknown; keyPattern?: unknown; keyValue?: unknown; message?: unknown }
  if (!e || e.code !== 11000) return false
  if (!field) return true
  const keys = [e.keyPattern, e.keyValue].filter(
    (value): value is Record<string, unknown> => typeof value === 'object' && value !== null,
  )
  if (keys.some((value) => field in value)) return true
  return typeof e.message === 'string' && e.message.includes(field)
}
