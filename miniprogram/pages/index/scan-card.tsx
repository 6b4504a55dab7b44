import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { normalizeScene, roomPageUrl, sceneFromScan } from '@/services/scene'
import type { HomeStrings } from './strings'

/** Scanning a room's code (mini program) and what went wrong, shared by the card and the empty state. */
export function useRoomScan(t: HomeStrings) {
  const [problem, setProblem] = useState<string | undefined>()

  function open(scene: string | undefined, whenBad: string) {
    if (!scene) {
      setProblem(whenBad)
      return
    }
    setProblem(undefined)
    void Taro.navigateTo({ url: roomPageUrl(scene) })
  }

  async function scan() {
    let result: { result?: string; path?: string }
    try {
      result = await Taro.scanCode({ onlyFromCamera: false })
    } catch {
      return // cancelled
    }
    open(sceneFromScan(result), t.notRoomCode)
  }

  function enterCode(code: string) {
    open(normalizeScene(code), t.badCode)
  }

  return { problem, scan, enterCode }
}

/** 扫一扫 in the mini program; a typed room code on H5 (no camera scanning in the browser). */
export default function ScanCard({
  scan,
  enterCode,
  problem,
  t,
}: {
  scan: () => Promise<void>
  enterCode: (code: string) => void
  problem?: string
  t: HomeStrings
}) {
  const [code, setCode] = useState('')
  const isWeapp = process.env.TARO_ENV === 'weapp'

  return (
    <View className="home__card home__scan">
      <Text className="home__card-title">{t.enterRoom}</Text>
      {isWeapp ? (
        <View className="home__scan-box">
          <Button className="home__scan-button" type="primary" onClick={() => void scan()}>
            {t.scan}
          </Button>
          <Text className="home__hint">{t.scanHint}</Text>
        </View>
      ) : (
        <View className="home__code">
          <Input
            className="home__code-input"
            placeholder={t.codePlaceholder}
            value={code}
            onInput={(event) => setCode(event.detail.value)}
            onConfirm={() => enterCode(code)}
          />
          <Button className="home__code-button" type="primary" onClick={() => enterCode(code)}>
            {t.enter}
          </Button>
        </View>
      )}
      {problem && <Text className="home__problem">{problem}</Text>}
    </View>
  )
}
