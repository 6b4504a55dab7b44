import MyTopicList from './topic-list'
import './index.css'

/** 我的议题: topics I raised, or that were raised for me (GET /api/me/topics). */
export default function MyTopics() {
  return <MyTopicList list="topics" />
}
