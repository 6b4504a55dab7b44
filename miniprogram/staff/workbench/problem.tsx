// How every staff screen says it could not load: not logged in, no access (无权访问), not found, or
// failed with a retry. Kept here, in the staff subpackage, so the main package never carries it.
import Taro from '@tarojs/taro'
import { Empty, Failed, Loading } from '@/components/load-state'
import { LOGIN_PAGE } from '@/services/request'
import type { LoadProblem } from '@/services/staff'

export interface ProblemWords {
  forbidden: string
  forbiddenText: string
  notFound: string
  failed: string
  retry: string
}

export function StaffProblem({
  problem,
  words,
  onRetry,
}: {
  problem: LoadProblem
  words: ProblemWords
  onRetry: () => void
}) {
  switch (problem.kind) {
    case 'login':
      return (
        <Empty
          title="请先登录"
          action="去登录"
          onAction={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
        />
      )
    case 'forbidden':
      return <Empty title={words.forbidden} text={words.forbiddenText} />
    case 'notFound':
      return <Empty title={words.notFound} />
    case 'failed':
      return (
        <Failed
          title={words.failed}
          message={problem.message}
          retry={words.retry}
          onRetry={onRetry}
        />
      )
  }
}

/**
 * What a staff page shows while it cannot show its subject: opened without the id it needs
 * (`missing`), still loading, or with a load `problem`.
 */
export function StaffPending({
  missing,
  problem,
  words,
  onRetry,
}: {
  missing?: { title: string; text?: string }
  problem?: LoadProblem
  words: ProblemWords & { loading: string }
  onRetry: () => void
}) {
  if (missing) return <Empty title={missing.title} text={missing.text} />
  if (problem) return <StaffProblem problem={problem} words={words} onRetry={onRetry} />
  return <Loading text={words.loading} />
}
