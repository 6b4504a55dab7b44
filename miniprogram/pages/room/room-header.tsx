import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { format } from '@/i18n'
import { raisePageUrl, type RaiseSource } from '@/services/raise'
import type { PersonRef, RoomPublic } from '@/services/rooms'
import type { Me, MeGrant } from '@/services/session'
import type { RoomStrings } from './strings'

function names(people: PersonRef[]): string {
  return people.map((person) => person.displayName).join('、')
}

function PeopleLine({
  label,
  people,
  empty,
}: {
  label: string
  people: PersonRef[]
  empty: string
}) {
  return (
    <View className="room__line">
      <Text className="room__label">{label}</Text>
      <Text className={people.length > 0 ? 'room__value' : 'room__value room__value--muted'}>
        {people.length > 0 ? names(people) : empty}
      </Text>
    </View>
  )
}

/** Does the grant reach this room (the room itself, or a unit at or above the room's unit)? */
function reaches(grant: MeGrant, room: RoomPublic): boolean {
  if (grant.role === 'admin') return true
  if (grant.roomId !== undefined) return grant.roomId === room.id
  const units = new Set([room.unit.id, ...room.path.map((unit) => unit.id)])
  return grant.unitId !== undefined && units.has(grant.unitId)
}

const STAFF_SOURCE: Partial<Record<MeGrant['role'], Exclude<RaiseSource, 'resident'>>> = {
  member: 'member_recommended',
  grid_worker: 'grid_worker',
  office_staff: 'party_gov',
  admin: 'party_gov',
}

/** The staff ways of raising a topic here that the user's grants allow (the service re-checks). */
export function staffSources(room: RoomPublic, user: Me | undefined): RaiseSource[] {
  const sources = new Set<RaiseSource>()
  for (const grant of user?.grants ?? []) {
    const source = STAFF_SOURCE[grant.role]
    if (source && reaches(grant, room)) sources.add(source)
  }
  return [...sources]
}

function sourceLabel(source: RaiseSource, t: RoomStrings): string {
  if (source === 'member_recommended') return t.raiseMember
  if (source === 'party_gov') return t.raiseParty
  return t.raiseGrid
}

/** Name, place, the people who run the room, and the way to raise a problem here. */
export default function RoomHeader({
  room,
  user,
  t,
}: {
  room: RoomPublic
  user: Me | undefined
  t: RoomStrings
}) {
  const path = room.path.length > 0 ? room.path : [room.unit]
  const archived = room.archived === true
  const staff = archived ? [] : staffSources(room, user)
  return (
    <View>
      <View className="room__header">
        <Text className="room__name">{room.name}</Text>
        {archived && <Text className="room__archived">{t.archived}</Text>}
        <Text className="room__path">{path.map((unit) => unit.name).join(' › ')}</Text>
        {room.address && (
          <Text className="room__address">{format(t.address, { address: room.address })}</Text>
        )}
        {room.description && <Text className="room__description">{room.description}</Text>}
      </View>

      <View className="room__card">
        <PeopleLine label={t.conveners} people={room.conveners} empty={t.convenersEmpty} />
        <PeopleLine label={t.onDuty} people={room.onDutyToday} empty={t.onDutyEmpty} />
        <PeopleLine label={t.members} people={room.members} empty={t.membersEmpty} />
      </View>

      <View className="room__raise-box">
        <Button
          className="room__raise"
          type="primary"
          disabled={archived || undefined}
          onClick={() => void Taro.navigateTo({ url: raisePageUrl(room.id) })}
        >
          {t.raise}
        </Button>
        <Text className="room__raise-note">{archived ? t.raiseArchived : t.raiseHint}</Text>
        {staff.length > 0 && (
          <View className="room__staff-raise">
            {staff.map((source) => (
              <Button
                key={source}
                className={`room__staff-raise-button room__staff-raise--${source}`}
                size="mini"
                onClick={() => void Taro.navigateTo({ url: raisePageUrl(room.id, source) })}
              >
                {sourceLabel(source, t)}
              </Button>
            ))}
          </View>
        )}
      </View>
    </View>
  )
}
