import { Switch, Text, View } from '@tarojs/components'
import { format } from '@/i18n'
import { INVITE_KIND_LABELS, RSVP_LABELS, type MeetingInvite } from '@/services/meeting-admin'
import { formatDateTime } from '@/services/staff'
import type { MinutesStrings } from './strings'

/** Whether an invitee counts as present: the convener's choice, else what was recorded or checked in. */
export function attendedOf(
  invite: MeetingInvite,
  overrides: ReadonlyMap<string, boolean>,
): boolean {
  return overrides.get(invite.id) ?? invite.attended ?? invite.checkedInAt !== undefined
}

/** Who was invited, who checked in, and a switch per person for the final attendance. */
export default function Attendance({
  invites,
  overrides,
  onToggle,
  t,
}: {
  invites: MeetingInvite[]
  overrides: ReadonlyMap<string, boolean>
  onToggle: (inviteId: string, attended: boolean) => void
  t: MinutesStrings
}) {
  return (
    <View className="minutes__card">
      <Text className="minutes__section-title">{t.attendance}</Text>
      {invites.length === 0 && <Text className="minutes__muted">{t.noInvites}</Text>}
      {invites.map((invite) => (
        <View key={invite.id} className="minutes__invite">
          <View className="minutes__invite-main">
            <Text className="minutes__invite-name">
              {invite.name}
              {invite.realName && invite.realName !== invite.name ? `（${invite.realName}）` : ''}
            </Text>
            <Text className="minutes__muted">
              {INVITE_KIND_LABELS[invite.kind]} · {RSVP_LABELS[invite.rsvp]} ·{' '}
              {invite.checkedInAt
                ? format(t.checkedIn, { time: formatDateTime(invite.checkedInAt) })
                : t.notCheckedIn}
            </Text>
          </View>
          <View className="minutes__attended-box">
            <Text className="minutes__muted">{t.attended}</Text>
            <Switch
              className="minutes__attended"
              checked={attendedOf(invite, overrides)}
              onChange={(event) => onToggle(invite.id, Boolean(event.detail.value))}
            />
          </View>
        </View>
      ))}
    </View>
  )
}
