// How every staff screen says it could not load: not logged in, no access (无权访问), not found, or
// failed with a retry — drawn by the pages' shared PageStates.
import { Empty, Loading } from '@/components/load-state'
import PageStates, { type PageState } from '@/components/page-states'
import type { LoadProblem } from '@/services/staff'

export interface ProblemWords {
  forbidden: string
  forbiddenText: string
  notFound: string
  failed: string
  retry: string
}

/** A staff load problem as the page state it shows. */
function stateOf(problem: LoadProblem): PageState {
  switch (problem.kind) {
    case 'login':
      return { phase: 'anonymous' }
    case 'forbidden':
      return { phase: 'forbidden' }
    case 'notFound':
      return { phase: 'missing' }
    case 'failed':
      return { phase: 'failed', message: problem.message }
  }
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
  return (
    <PageStates
      state={stateOf(problem)}
      words={{
        loading: '',
        loginTitle: '请先登录',
        loginText: '',
        login: '去登录',
        forbiddenTitle: words.forbidden,
        forbiddenText: words.forbiddenText,
        notFoundTitle: words.notFound,
        failedTitle: words.failed,
        retry: words.retry,
      }}
      onRetry={onRetry}
    />
  )
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
