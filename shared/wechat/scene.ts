/**
 * Rules for the `scene` and `page` of an unlimited mini program code (getwxacodeunlimit): scene is at most
 * 32 visible characters from digits, letters and !#$&'()*+,/:;=?@-._~ (no `%`, so no URL-encoded Chinese);
 * page has no leading slash and no query string.
 */
export const SCENE_MAX_LENGTH = 32
const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/
const PAGE_PATTERN = /^[A-Za-z0-9_\-./]+$/

export type SceneProblem = 'empty' | 'too_long' | 'bad_chars'

/** Returns what is wrong with a scene, or null when WeChat would accept it. */
export function checkScene(scene: string): SceneProblem | null {
  if (scene.length === 0) return 'empty'
  if (scene.length > SCENE_MAX_LENGTH) return 'too_long'
  return SCENE_PATTERN.test(scene) ? null : 'bad_chars'
}

export type PageProblem = 'leading_slash' | 'has_query' | 'bad_chars'

export function checkPage(page: string): PageProblem | null {
  if (page.startsWith('/')) return 'leading_slash'
  if (page.includes('?')) return 'has_query'
  return PAGE_PATTERN.test(page) ? null : 'bad_chars'
}

export const QR_WIDTH_MIN = 280
export const QR_WIDTH_MAX = 1280
export const QR_WIDTH_DEFAULT = 430
