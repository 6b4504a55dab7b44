import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { TopicState } from '@shared/domain/topic-machine'
import { Failed, Loading } from '@/components/load-state'
import { format, useStrings } from '@/i18n'
import { listComments, postComment, type CommentView } from '@/services/comments'
import { LOGIN_PAGE } from '@/services/request'
import { isLoggedIn } from '@/services/session'
import { CommentItem } from './comment-item'
import { COMMENT_STRINGS } from './comment-strings'
import { errorMessage } from './use-loaded'
import './comments.css'

/** Topics that take no more comments (the service refuses them too). */
const NO_COMMENTS: readonly TopicState[] = ['pending_review', 'rejected', 'withdrawn', 'merged']

type ListState =
  | { phase: 'loading' }
  | { phase: 'failed'; message: string }
  | { phase: 'ready'; items: CommentView[]; nextCursor: string | null }

/** Adds comments to the list once each, keeping the service's order. */
function merge(items: readonly CommentView[], more: readonly CommentView[]): CommentView[] {
  const seen = new Set(items.map((item) => item.id))
  return [...items, ...more.filter((item) => !seen.has(item.id))]
}

function goToLogin() {
  void Taro.navigateTo({ url: LOGIN_PAGE })
}

/** Comments oldest first, more on demand; write, reply to and report comments. */
export function CommentsSection({
  topicId,
  topicState,
  commentCount,
  version,
}: {
  topicId: string
  topicState: TopicState
  commentCount: number
  version: number
}) {
  const t = useStrings(COMMENT_STRINGS)
  const [list, setList] = useState<ListState>({ phase: 'loading' })
  const [loadingMore, setLoadingMore] = useState(false)
  const [text, setText] = useState('')
  const [replyTo, setReplyTo] = useState<CommentView | undefined>()
  const [posting, setPosting] = useState(false)
  const [notice, setNotice] = useState<{ text: string; error: boolean } | undefined>()
  const [reporting, setReporting] = useState<string | undefined>()
  const [reported, setReported] = useState<ReadonlySet<string>>(new Set())
  const [retries, setRetries] = useState(0)
  const attempt = useRef(0)

  useEffect(() => {
    const current = ++attempt.current
    setList((previous) => (previous.phase === 'ready' ? previous : { phase: 'loading' }))
    listComments(topicId).then(
      (page) => {
        if (current !== attempt.current) return
        setList({ phase: 'ready', items: page.items, nextCursor: page.nextCursor })
      },
      (error: unknown) => {
        if (current !== attempt.current) return
        const message = errorMessage(error, t.failed)
        setList((previous) =>
          previous.phase === 'ready' ? previous : { phase: 'failed', message },
        )
      },
    )
  }, [topicId, version, retries, t.failed])

  async function loadMore() {
    if (list.phase !== 'ready' || !list.nextCursor || loadingMore) return
    setLoadingMore(true)
    try {
      const page = await listComments(topicId, list.nextCursor)
      setList({ phase: 'ready', items: merge(list.items, page.items), nextCursor: page.nextCursor })
    } catch (error) {
      setNotice({ text: errorMessage(error, t.failed), error: true })
    } finally {
      setLoadingMore(false)
    }
  }

  async function submit() {
    if (posting) return
    if (!isLoggedIn()) return goToLogin()
    const body = text.trim()
    if (!body) return setNotice({ text: t.needText, error: true })
    setPosting(true)
    setNotice(undefined)
    try {
      const comment = await postComment(topicId, body, replyTo?.id)
      setText('')
      setReplyTo(undefined)
      setList((previous) =>
        previous.phase === 'ready'
          ? { ...previous, items: merge(previous.items, [comment]) }
          : previous,
      )
      setNotice({ text: comment.status === 'visible' ? t.posted : t.held, error: false })
    } catch (error) {
      setNotice({ text: errorMessage(error, t.failed), error: true })
    } finally {
      setPosting(false)
    }
  }

  function startReply(comment: CommentView) {
    if (!isLoggedIn()) return goToLogin()
    setReplyTo(comment)
  }

  function startReport(comment: CommentView) {
    if (!isLoggedIn()) return goToLogin()
    setReporting(comment.id)
  }

  const open = !NO_COMMENTS.includes(topicState)
  const byId = new Map(list.phase === 'ready' ? list.items.map((item) => [item.id, item]) : [])

  return (
    <View className="topic__card topic__comments">
      <Text className="topic__section-title">{format(t.title, { n: commentCount })}</Text>
      {list.phase === 'loading' && <Loading />}
      {list.phase === 'failed' && (
        <Failed message={list.message} onRetry={() => setRetries((n) => n + 1)} />
      )}
      {list.phase === 'ready' && list.items.length === 0 && (
        <Text className="topic__muted">{t.empty}</Text>
      )}
      {list.phase === 'ready' &&
        list.items.map((comment) => (
          <CommentItem
            key={comment.id}
            comment={comment}
            repliedTo={comment.replyToId ? byId.get(comment.replyToId) : undefined}
            t={t}
            reporting={reporting === comment.id}
            reported={reported.has(comment.id)}
            onReply={() => startReply(comment)}
            onReport={() => startReport(comment)}
            onCloseReport={() => setReporting(undefined)}
            onReported={() => {
              setReporting(undefined)
              setReported((previous) => new Set(previous).add(comment.id))
            }}
          />
        ))}
      {list.phase === 'ready' && list.nextCursor && (
        <Button
          className="topic__comments-more"
          disabled={loadingMore || undefined}
          onClick={() => void loadMore()}
        >
          {loadingMore ? t.loadingMore : t.more}
        </Button>
      )}
      {!open && <Text className="topic__muted">{t.closed}</Text>}
      {open && !isLoggedIn() && (
        <Button className="topic__comment-login" onClick={goToLogin}>
          {t.login}
        </Button>
      )}
      {open && isLoggedIn() && (
        <View className="topic__composer">
          {replyTo && (
            <View className="topic__replying">
              <Text className="topic__muted">
                {format(t.replyTo, { name: replyTo.author.displayName })}
              </Text>
              <Text className="topic__replying-cancel" onClick={() => setReplyTo(undefined)}>
                {t.cancelReply}
              </Text>
            </View>
          )}
          <Textarea
            className="topic__comment-input"
            value={text}
            maxlength={500}
            placeholder={
              replyTo
                ? format(t.replyPlaceholder, { name: replyTo.author.displayName })
                : t.placeholder
            }
            onInput={(event) => setText(event.detail.value)}
          />
          <Button
            className="topic__comment-submit"
            type="primary"
            disabled={posting || undefined}
            onClick={() => void submit()}
          >
            {t.submit}
          </Button>
        </View>
      )}
      {notice && (
        <Text className={notice.error ? 'topic__error' : 'topic__notice-text'}>{notice.text}</Text>
      )}
    </View>
  )
}
