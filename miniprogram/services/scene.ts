/**
 * Room codes (scene) from wherever they arrive: a page parameter (a QR launch delivers it
 * URL-encoded), the path of a scanned mini program code, a scanned URL, or a code typed by hand.
 */
export const ROOM_PAGE = '/pages/room/index'

const SCENE_PATTERN = /^[A-Za-z0-9]{4,16}$/

function decode(value: string): string {
  let current = value
  // Codes can come encoded twice (a scene inside an encoded path); stop when nothing changes.
  for (let i = 0; i < 3; i += 1) {
    let next: string
    try {
      next = decodeURIComponent(current)
    } catch {
      return current
    }
    if (next === current) return current
    current = next
  }
  return current
}

/** A well-formed room code, or undefined. */
export function normalizeScene(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined
  const scene = decode(raw).trim()
  return SCENE_PATTERN.test(scene) ? scene : undefined
}

/** The value of `name` in a query string or URL (`…?a=1&scene=X`), without URLSearchParams (absent in mini programs). */
function queryParam(text: string, name: string): string | undefined {
  for (const part of text.split(/[?&#]/)) {
    const [key, ...rest] = part.split('=')
    if (key === name && rest.length > 0) return rest.join('=')
  }
  return undefined
}

/** The room code in a scan result: the code's page path, a URL with `scene=`, or a bare code. */
export function sceneFromScan(scan: { result?: string; path?: string }): string | undefined {
  for (const text of [scan.path, scan.result]) {
    if (!text) continue
    const decoded = decode(text)
    const fromQuery = queryParam(decoded, 'scene')
    if (fromQuery !== undefined) return normalizeScene(fromQuery)
  }
  return normalizeScene(scan.result)
}

export function roomPageUrl(scene: string): string {
  return `${ROOM_PAGE}?scene=${encodeURIComponent(scene)}`
}
