import Taro from '@tarojs/taro'
import { Empty, Failed, Loading } from '@/components/load-state'
import type { PendingPage } from '@/hooks/use-loaded-page'
import { LOGIN_PAGE } from '@/services/request'

/** Every state a page shows before it is ready (`missing`: opened for something that is not there). */
export type PageState = PendingPage | { phase: 'missing' }

type Has<S, P> = [Extract<S, { phase: P }>] extends [never] ? false : true

interface BaseWords {
  loading: string
  failedTitle: string
  retry: string
  forbiddenTitle?: string
  forbiddenText?: string
}
interface LoginWords {
  loginTitle: string
  loginText: string
  login: string
}
interface MissingWords {
  notFoundTitle: string
  notFoundText?: string
}

/**
 * The page's own words for the states it can be in (every page keeps them in its `strings.ts`):
 * the login words only where the page can ask to log in, the not-found words where it can miss.
 */
export type PageStateWords<S extends PageState> = BaseWords &
  (Has<S, 'anonymous'> extends true ? LoginWords : unknown) &
  (Has<S, 'missing'> extends true ? MissingWords : unknown)

/** What a page shows until it is ready: loading, 请先登录, 无权, not found or a failure with a retry. */
export default function PageStates<S extends PageState>({
  state,
  words,
  onRetry,
}: {
  state: S
  words: PageStateWords<S>
  onRetry: () => void
}) {
  // The words the state needs are required by PageStateWords<S>.
  const all = words as BaseWords & LoginWords & MissingWords
  const current: PageState = state
  switch (current.phase) {
    case 'loading':
      return <Loading text={all.loading} />
    case 'anonymous':
      return (
        <Empty
          title={all.loginTitle}
          text={all.loginText}
          action={all.login}
          onAction={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
        />
      )
    case 'missing':
      return <Empty title={all.notFoundTitle} text={all.notFoundText} />
    case 'forbidden':
      return <Empty title={all.forbiddenTitle ?? all.failedTitle} text={all.forbiddenText} />
    case 'failed':
      return (
        <Failed
          title={all.failedTitle}
          message={current.message}
          retry={all.retry}
          onRetry={onRetry}
        />
      )
  }
}
