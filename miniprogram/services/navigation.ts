import Taro from '@tarojs/taro'

export const HOME_PAGE = '/pages/index/index'

/** Back to where the user came from, or home when this page was opened directly (a shared link). */
export function goBackOrHome(): void {
  if (Taro.getCurrentPages().length > 1) {
    void Taro.navigateBack()
  } else {
    void Taro.reLaunch({ url: HOME_PAGE })
  }
}
