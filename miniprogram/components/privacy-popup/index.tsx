import { Button, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import {
  agreePrivacy,
  disagreePrivacy,
  openPrivacyContract,
  privacyPending,
  PRIVACY_AGREE_BUTTON_ID,
  reportPrivacyExposure,
  watchPrivacy,
} from './guide'
import './index.css'

/**
 * The popup of WeChat's privacy guide flow (see `guide.ts`): shown while a privacy API call waits
 * for the user's agreement. Renders nothing otherwise, so every page can carry it.
 */
export default function PrivacyPopup() {
  const [open, setOpen] = useState(privacyPending)

  useEffect(() => watchPrivacy(setOpen), [])
  useEffect(() => {
    if (open) reportPrivacyExposure()
  }, [open])

  if (!open) return null
  return (
    <View className="privacy-popup">
      <View className="privacy-popup__sheet">
        <Text className="privacy-popup__title">隐私保护提示</Text>
        <Text className="privacy-popup__text">
          使用这项功能前，请阅读并同意《商量小程序隐私保护指引》。我们只在你使用相应功能时收集必要的信息。
        </Text>
        <Text className="privacy-popup__link" onClick={openPrivacyContract}>
          查看《隐私保护指引》
        </Text>
        <View className="privacy-popup__actions">
          <Button className="privacy-popup__disagree" onClick={disagreePrivacy}>
            不同意
          </Button>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            className="privacy-popup__agree"
            type="primary"
            openType="agreePrivacyAuthorization"
            onAgreePrivacyAuthorization={agreePrivacy}
          >
            同意
          </Button>
        </View>
      </View>
    </View>
  )
}
