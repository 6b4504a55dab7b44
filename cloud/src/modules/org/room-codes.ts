/**
 * A room's mini program code (getwxacodeunlimit with the room's scene, opening `pages/room/index`,
 * which reads `scene` from its launch options) and the printable poster around it.
 */
import type { Connection } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import type { WechatClient } from '../../wechat/index'
import { renderRoomPoster, POSTER_QR_SIZE } from './poster'
import { findRoomOrThrow, toRoomPublic } from './room-view'

/** The mini program page a room code opens. */
export const ROOM_PAGE = 'pages/room/index'
export const ROOM_QR_WIDTH = 430

function requireWechat(wechat: WechatClient | null): WechatClient {
  if (!wechat) {
    throw new DomainError('WECHAT_NOT_CONFIGURED', '未配置微信服务，暂不能生成议事室小程序码')
  }
  return wechat
}

export async function getRoomQrCode(
  db: Connection,
  wechat: WechatClient | null,
  id: string,
  width = ROOM_QR_WIDTH,
): Promise<Buffer> {
  const client = requireWechat(wechat)
  const room = await findRoomOrThrow(db, id)
  // checkPath false: the code works before the room page is in a released version too.
  return client.getUnlimitedQrCode({ scene: room.scene, page: ROOM_PAGE, width, checkPath: false })
}

export async function getRoomPoster(
  db: Connection,
  wechat: WechatClient | null,
  id: string,
): Promise<Buffer> {
  const client = requireWechat(wechat)
  const room = await toRoomPublic(db, await findRoomOrThrow(db, id))
  const qrPng = await client.getUnlimitedQrCode({
    scene: room.scene,
    page: ROOM_PAGE,
    width: POSTER_QR_SIZE,
    checkPath: false,
  })
  return renderRoomPoster({
    roomName: room.name,
    unitPath: room.path.map((unit) => unit.name),
    address: room.address,
    conveners: room.conveners.map((person) => person.displayName),
    scene: room.scene,
    qrPng,
  })
}
