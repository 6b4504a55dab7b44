/**
 * Chinese-aware tokens for "similar topics": jieba's search-mode cut (which also emits the shorter
 * words inside long ones, so 电动车 matches 电动), minus punctuation, single characters and words
 * every complaint contains. Stored on the topic and indexed; `$text` is not used (the embedded
 * server lacks it and MongoDB's has no Chinese tokenizer).
 * @see https://github.com/napi-rs/node-rs/tree/main/packages/jieba
 */
import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict'

let jieba: Jieba | null = null

/** Loading the dictionary takes ~0.2 s, so it happens on first use, once per process. */
function instance(): Jieba {
  jieba ??= Jieba.withDict(dict)
  return jieba
}

/** Words that say nothing about the subject of a complaint. */
const STOPWORDS = new Set([
  '问题',
  '希望',
  '我们',
  '你们',
  '他们',
  '没有',
  '一个',
  '这个',
  '那个',
  '能否',
  '能不能',
  '可以',
  '建议',
  '反映',
  '请问',
  '解决',
  '什么',
  '怎么',
  '为什么',
  '现在',
  '已经',
  '一直',
  '非常',
  '相关',
  '部门',
  '情况',
  '谢谢',
  // Everyday words of place and people that nearly every topic in a residential room contains: sharing
  // them says nothing about two topics being the same problem.
  '小区',
  '社区',
  '居民',
  '业主',
  '村民',
  '群众',
  '大家',
  '附近',
  '周边',
  '尽快',
  '及时',
  '目前',
  '存在',
  '影响',
  '严重',
  '但是',
  '因为',
  '所以',
  '如果',
  '还是',
  '这里',
  '那里',
])

const MEANINGFUL = /[\p{L}\p{N}]/u

export const MAX_TOKENS = 64

export function searchTokens(text: string): string[] {
  const out = new Set<string>()
  for (const raw of instance().cutForSearch(text.normalize('NFKC').toLowerCase(), true)) {
    const token = raw.trim()
    if (Array.from(token).length < 2 || !MEANINGFUL.test(token) || STOPWORDS.has(token)) continue
    out.add(token)
    if (out.size >= MAX_TOKENS) break
  }
  return [...out]
}

/** Cosine similarity of two token sets (0…1). */
export function tokenSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0
  const set = new Set(a)
  const shared = b.filter((token) => set.has(token)).length
  return shared / Math.sqrt(a.length * b.length)
}
