/**
 * Every time on screen is Beijing time, whatever the device's zone: the service writes Beijing time
 * into notes and deadlines (working days, 08:00 digests), and a staff PC or a relative abroad must see
 * the same 14:30 as the convener. China has no daylight saving, so a fixed +8 h is exact.
 */
const OFFSET_MS = 8 * 3600_000

/** The instant shifted so that its UTC fields (getUTCHours…) read Beijing wall-clock time. */
export function inBeijing(value: string | Date): Date {
  const time = typeof value === 'string' ? Date.parse(value) : value.getTime()
  return new Date(time + OFFSET_MS)
}
