import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { INVITE_KIND_LABELS } from '@/services/meeting-admin'
import type { PersonRef } from '@/services/rooms'
import type { UnitChoice } from '@/services/staff'
import {
  PERSON_KINDS,
  personProblem,
  toggle,
  type PersonKind,
  type ScheduleDraft,
} from './form-model'
import type { ScheduleStrings } from './strings'

export type DepartmentList = { phase: 'loading' } | { phase: 'ready'; items: UnitChoice[] }

function Chip({
  on,
  className,
  label,
  onClick,
}: {
  on: boolean
  className: string
  label: string
  onClick: () => void
}) {
  return (
    <View
      className={`schedule__chip ${className}${on ? ' schedule__chip--on' : ''}`}
      onClick={onClick}
    >
      {label}
    </View>
  )
}

/** Who is invited: the room's attached members, departments, and people added by name. */
export default function Invitees({
  draft,
  update,
  members,
  departments,
  t,
}: {
  draft: ScheduleDraft
  update: (patch: Partial<ScheduleDraft>) => void
  members: PersonRef[]
  departments: DepartmentList
  t: ScheduleStrings
}) {
  const [kind, setKind] = useState<PersonKind>('resident_rep')
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [problem, setProblem] = useState<string | undefined>()

  function add() {
    const found = personProblem({ kind, name, phone }, t)
    setProblem(found)
    if (found) return
    const key = `${Date.now()}-${draft.people.length}`
    update({ people: [...draft.people, { key, kind, name: name.trim(), phone: phone.trim() }] })
    setName('')
    setPhone('')
  }

  return (
    <View className="schedule__card">
      <Text className="schedule__section-title">{t.invitees}</Text>

      <Text className="schedule__label">{t.members}</Text>
      {members.length === 0 ? (
        <Text className="schedule__muted">{t.noMembers}</Text>
      ) : (
        <View className="schedule__chips">
          {members.map((member) => (
            <Chip
              key={member.id}
              className="schedule__member"
              on={draft.memberIds.includes(member.id)}
              label={member.displayName}
              onClick={() => update({ memberIds: toggle(draft.memberIds, member.id) })}
            />
          ))}
        </View>
      )}

      <Text className="schedule__label">{t.departments}</Text>
      {departments.phase === 'loading' && (
        <Text className="schedule__muted">{t.loadingDepartments}</Text>
      )}
      {departments.phase === 'ready' && departments.items.length === 0 && (
        <Text className="schedule__muted">{t.noDepartments}</Text>
      )}
      {departments.phase === 'ready' && departments.items.length > 0 && (
        <View className="schedule__chips">
          {departments.items.map((unit) => (
            <Chip
              key={unit.id}
              className="schedule__department"
              on={draft.departmentIds.includes(unit.id)}
              label={unit.name}
              onClick={() => update({ departmentIds: toggle(draft.departmentIds, unit.id) })}
            />
          ))}
        </View>
      )}

      <Text className="schedule__label">{t.people}</Text>
      {draft.people.map((person) => (
        <View key={person.key} className="schedule__person">
          <Text className="schedule__person-text">
            {INVITE_KIND_LABELS[person.kind]} · {person.name}
            {person.phone ? ` · ${person.phone}` : ''}
          </Text>
          <Button
            className="schedule__remove"
            onClick={() =>
              update({ people: draft.people.filter((entry) => entry.key !== person.key) })
            }
          >
            {t.remove}
          </Button>
        </View>
      ))}
      <View className="schedule__chips">
        {PERSON_KINDS.map((entry) => (
          <Chip
            key={entry}
            className={`schedule__person-kind schedule__person-kind--${entry}`}
            on={kind === entry}
            label={INVITE_KIND_LABELS[entry]}
            onClick={() => setKind(entry)}
          />
        ))}
      </View>
      <Input
        className="schedule__input schedule__person-name"
        value={name}
        placeholder={t.personName}
        maxlength={40}
        onInput={(event) => setName(event.detail.value)}
      />
      <Input
        className="schedule__input schedule__person-phone"
        value={phone}
        placeholder={t.personPhone}
        maxlength={20}
        onInput={(event) => setPhone(event.detail.value)}
      />
      {problem && <Text className="schedule__problem">{problem}</Text>}
      <Button className="schedule__add-person" onClick={add}>
        {t.addPerson}
      </Button>
    </View>
  )
}
