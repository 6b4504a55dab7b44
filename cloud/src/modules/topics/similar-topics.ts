/**
 * "Similar topics" while a resident types (类似议题): open topics in the same room sharing at least one
 * jieba token (the indexed `searchTokens` multikey), plus topics within about a kilometre of the place
 * given, ranked by token similarity with a small bonus for being close. The resident can then support
 * one of them instead of raising a duplicate (重复件).
 */
import { Types, type Connection } from 'mongoose'
import { TOPIC_STATE_LABELS } from '../../../../shared/domain/labels'
import { FINISHED_STATES, HIDDEN_STATES } from '../../../../shared/domain/topic-machine'
import { topicModel, type TopicDoc } from './model'
import type { SimilarQuery, SimilarTopic } from './schema'
import { searchTokens, tokenSimilarity } from './search-tokens'

/** Candidates read per query, per source (room tokens, nearby box). */
const CANDIDATES = 200
/** Radius of the "nearby" box, in metres. */
export const NEARBY_METRES = 1000
/**
 * Below this cosine similarity a topic is not offered: a single shared everyday word between two
 * longer texts lands around 0.1 (calibrated on the seed cases, see the tests).
 */
export const MIN_SCORE = 0.15
/** Up to this much is added to the score of a topic at the same spot, fading to 0 at NEARBY_METRES. */
const NEARBY_BONUS = 0.2

const METRES_PER_DEGREE = 111_320

const NOT_LIVE = [...new Set([...FINISHED_STATES, ...HIDDEN_STATES])]

type Candidate = Pick<
  TopicDoc,
  '_id' | 'roomId' | 'title' | 'state' | 'supportCount' | 'searchTokens' | 'place'
>

const PROJECTION = { roomId: 1, title: 1, state: 1, supportCount: 1, searchTokens: 1, place: 1 }

/** Equirectangular distance; plenty accurate within a few kilometres. */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const meanLat = (((a.lat + b.lat) / 2) * Math.PI) / 180
  const dx = (b.lng - a.lng) * Math.cos(meanLat) * METRES_PER_DEGREE
  const dy = (b.lat - a.lat) * METRES_PER_DEGREE
  return Math.sqrt(dx * dx + dy * dy)
}

function nearbyBox(lat: number, lng: number) {
  const dLat = NEARBY_METRES / METRES_PER_DEGREE
  const dLng = dLat / Math.max(Math.cos((lat * Math.PI) / 180), 0.01)
  return {
    'place.lat': { $gte: lat - dLat, $lte: lat + dLat },
    'place.lng': { $gte: lng - dLng, $lte: lng + dLng },
  }
}

export async function findSimilarTopics(
  db: Connection,
  query: SimilarQuery,
): Promise<{ items: SimilarTopic[] }> {
  const tokens = searchTokens(query.q)
  if (tokens.length < 2) return { items: [] }
  const Topics = topicModel(db)
  const live = { state: { $nin: NOT_LIVE }, searchTokens: { $in: tokens } }
  const here =
    query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng } : null
  const [inRoom, nearby] = await Promise.all([
    Topics.find({ roomId: new Types.ObjectId(query.roomId), ...live }, PROJECTION)
      .sort({ createdAt: -1 })
      .limit(CANDIDATES)
      .lean<Candidate[]>(),
    here
      ? Topics.find({ ...nearbyBox(here.lat, here.lng), ...live }, PROJECTION)
          .limit(CANDIDATES)
          .lean<Candidate[]>()
      : Promise.resolve([] as Candidate[]),
  ])
  const seen = new Set<string>()
  const ranked: SimilarTopic[] = []
  for (const topic of [...inRoom, ...nearby]) {
    const id = String(topic._id)
    if (seen.has(id)) continue
    seen.add(id)
    const similarity = tokenSimilarity(tokens, topic.searchTokens)
    if (similarity < MIN_SCORE) continue
    const at = topic.place
    const distance =
      here && at?.lat !== undefined && at.lng !== undefined
        ? distanceMetres(here, { lat: at.lat, lng: at.lng })
        : undefined
    const bonus =
      distance !== undefined && distance <= NEARBY_METRES
        ? NEARBY_BONUS * (1 - distance / NEARBY_METRES)
        : 0
    const item: SimilarTopic = {
      id,
      roomId: String(topic.roomId),
      title: topic.title,
      state: topic.state,
      stateLabel: TOPIC_STATE_LABELS[topic.state],
      supportCount: topic.supportCount,
      score: Math.round(Math.min(1, similarity + bonus) * 1000) / 1000,
    }
    if (distance !== undefined) item.distanceMeters = Math.round(distance)
    ranked.push(item)
  }
  ranked.sort((a, b) => b.score - a.score || b.supportCount - a.supportCount)
  return { items: ranked.slice(0, query.limit) }
}
