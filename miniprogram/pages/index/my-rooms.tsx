import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { MyRoom } from '@/services/recent-rooms'
import type { HomeStrings } from './strings'

export const ROOMS_PAGE = '/pages/rooms/index'

/** The rooms the user opened before or works in; a plain way in when there are none yet. */
export default function MyRooms({
  rooms,
  onScan,
  t,
}: {
  rooms: MyRoom[]
  onScan: () => void
  t: HomeStrings
}) {
  const isWeapp = process.env.TARO_ENV === 'weapp'
  const browse = () => void Taro.navigateTo({ url: ROOMS_PAGE })

  if (rooms.length === 0) {
    return (
      <View className="home__card home__empty">
        <Text className="home__empty-title">{t.noRoomsTitle}</Text>
        <Text className="home__empty-text">{isWeapp ? t.noRoomsText : t.noRoomsTextH5}</Text>
        {isWeapp && (
          <Button className="home__empty-scan" type="primary" onClick={onScan}>
            {t.scanRoom}
          </Button>
        )}
        <Button className="home__empty-browse" onClick={browse}>
          {t.browseRooms}
        </Button>
      </View>
    )
  }

  return (
    <View className="home__card home__rooms">
      <View className="home__section-head">
        <Text className="home__card-title">{t.myRooms}</Text>
        <Text className="home__all-rooms" onClick={browse}>
          {t.allRooms}
        </Text>
      </View>
      {rooms.map((room) => (
        <View
          key={room.id}
          className="home__room"
          onClick={() => void Taro.navigateTo({ url: room.url })}
        >
          <Text className="home__room-name">{room.name}</Text>
          {room.note && <Text className="home__room-note">{room.note}</Text>}
        </View>
      ))}
    </View>
  )
}
