import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { format } from '@/i18n'
import { fetchBlocks, unblockUser, type RoomBlock } from '@/services/moderation'
import { errorText, formatDay } from '@/services/staff'
import type { ModerationStrings } from './strings'

/** The room's block list (禁言名单) with a way to lift each block. `version` bumps force a reload. */
export default function Blocks({
  roomId,
  t,
  version,
}: {
  roomId: string
  t: ModerationStrings
  version: number
}) {
  const [blocks, setBlocks] = useState<RoomBlock[] | undefined>()
  const [message, setMessage] = useState<string | undefined>()

  const load = useCallback(async () => {
    try {
      setBlocks(await fetchBlocks(roomId))
    } catch (error) {
      setMessage(errorText(error))
    }
  }, [roomId])

  useEffect(() => {
    void load()
  }, [load, version])

  async function lift(block: RoomBlock) {
    try {
      await unblockUser(roomId, block.userId)
      void Taro.showToast({ title: t.unblocked, icon: 'none' })
      await load()
    } catch (error) {
      setMessage(errorText(error))
    }
  }

  return (
    <View className="moderation__card">
      <Text className="moderation__section-title">{t.blocksTitle}</Text>
      {message && <Text className="moderation__problem">{message}</Text>}
      {blocks && blocks.length === 0 && <Text className="moderation__muted">{t.blocksEmpty}</Text>}
      {(blocks ?? []).map((block) => (
        <View key={block.userId} className="moderation__block-row">
          <View className="moderation__block-main">
            <Text className="moderation__author">{block.displayName}</Text>
            <Text className="moderation__muted">
              {block.reason} ·{' '}
              {block.until ? format(t.until, { date: formatDay(block.until) }) : t.untilForever}
            </Text>
          </View>
          <Button className="moderation__unblock" onClick={() => void lift(block)}>
            {t.unblock}
          </Button>
        </View>
      ))}
    </View>
  )
}
