import MyTopicList from '../my-topics/topic-list'
import './index.css'

/** 我的附议: topics I support (GET /api/me/supports). */
export default function MySupports() {
  return <MyTopicList list="supports" />
}
