/**
 * Chinese labels for every closed vocabulary, in one place, so the mini program, the service's
 * messages and exported reports all say the same thing. `Record<Union, string>` makes the compiler
 * refuse a missing label when a value is added.
 */
import type { Permission } from './permission-catalogue'
import type { TopicEvent, TopicState } from './topic-machine'
import type {
  ActionItemStatus,
  ActionTrack,
  Category,
  EscalationTarget,
  MeetingForm,
  ReplyKind,
  Role,
  TopicSource,
  UnitKind,
} from './types'

export const ROLE_LABELS: Record<Role, string> = {
  resident: '群众',
  grid_worker: '网格员',
  member: '政协委员',
  convener: '召集人',
  dept_officer: '职能部门',
  office_staff: '联席会议办公室',
  admin: '系统管理员',
}

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  city: '市',
  district: '区/县',
  town: '镇/街道',
  village: '村/社区',
  park: '园区',
  company: '企业',
  sector: '界别',
  department: '职能部门',
}

export const TOPIC_SOURCE_LABELS: Record<TopicSource, string> = {
  resident: '群众出题',
  member_recommended: '委员荐题',
  party_gov: '党政点题',
  grid_worker: '网格员代为反映',
  hotline_12345: '12345 热线转办',
}

export const CATEGORY_LABELS: Record<Category, string> = {
  traffic: '交通出行',
  municipal: '市政设施',
  environment: '环境卫生',
  property: '物业管理',
  public_service: '公共服务',
  elderly_child_care: '养老托幼',
  agriculture: '农业农村',
  safety: '安全隐患',
  employment: '就业创业',
  culture_education: '文化教育',
  business_env: '营商环境',
  other: '其他',
}

export const ACTION_TRACK_LABELS: Record<ActionTrack, string> = {
  quick: '快速办',
  coordinated: '统筹办',
  ongoing: '持续办',
}

export const ACTION_ITEM_STATUS_LABELS: Record<ActionItemStatus, string> = {
  assigned: '已交办',
  in_progress: '办理中',
  done: '已办结',
}

export const MEETING_FORM_LABELS: Record<MeetingForm, string> = {
  on_site: '现场协商',
  field: '地头协商',
  room: '议事室协商',
  online: '线上协商',
}

export const REPLY_KIND_LABELS: Record<ReplyKind, string> = {
  explain: '解释说明',
  answer: '直接答复',
  research: '调研后答复',
  escalate: '转协商/微建议',
}

export const ESCALATION_TARGET_LABELS: Record<EscalationTarget, string> = {
  parent_room: '提交上级议事室',
  consultation: '列为协商议题',
  micro_suggestion: '转微建议',
}

/** What residents see as a topic's status. */
export const TOPIC_STATE_LABELS: Record<TopicState, string> = {
  pending_review: '审核中',
  open: '征集附议',
  screening: '研判中',
  researching: '调研答复中',
  escalated_up: '已提交上级',
  consultation: '待协商',
  micro_suggestion: '已转微建议',
  meeting_scheduled: '协商会已安排',
  outcome_published: '成果已发布',
  in_progress: '办理中',
  awaiting_callback: '待回访',
  reopened: '重新办理',
  closed: '已办结',
  closed_explained: '已解释说明',
  closed_answered: '已答复',
  rejected: '未通过审核',
  withdrawn: '已撤回',
  merged: '已合并',
}

/** Button texts for events. */
export const TOPIC_EVENT_LABELS: Record<TopicEvent, string> = {
  approve: '审核通过',
  reject: '不予通过',
  restore: '恢复公开',
  withdraw: '撤回议题',
  start_screening: '受理研判',
  threshold_reached: '附议达到门槛',
  merge: '合并重复议题',
  reply_explain: '解释说明',
  reply_answer: '直接答复',
  reply_research: '调研后答复',
  escalate_up: '提交上级议事室',
  accept_escalation: '接收提级',
  return_escalation: '退回下级',
  to_consultation: '列为协商议题',
  to_micro_suggestion: '转微建议',
  department_feedback: '部门反馈',
  schedule_meeting: '安排协商会',
  reschedule_meeting: '调整协商会',
  cancel_meeting: '取消协商会',
  publish_outcome: '发布协商成果',
  assign_actions: '交办任务',
  complete_actions: '任务全部办结',
  confirm_solved: '确认已解决',
  report_unsolved: '反映未解决',
  reopen: '申请重新办理',
  resume_actions: '继续办理',
  rescreen: '重新研判',
}

export const PERMISSION_LABELS: Record<Permission, string> = {
  'topic.raise': '提出议题',
  'topic.raise_on_behalf': '代群众反映',
  'topic.recommend': '委员荐题',
  'topic.raise_party': '党政点题',
  'topic.support': '附议',
  'topic.withdraw': '撤回议题',
  'topic.rate': '评价满意度',
  'topic.review': '内容审核',
  'topic.triage': '受理研判',
  'topic.reply': '答复议题',
  'topic.escalate': '提级/转协商',
  'escalation.accept': '接收提级议题',
  'comment.create': '发表评论',
  'comment.moderate': '管理评论',
  'meeting.schedule': '安排协商会',
  'meeting.checkin': '协商会签到',
  'outcome.publish': '发布协商成果',
  'action.assign': '交办任务',
  'action.update': '反馈办理进展',
  'action.supervise': '督办',
  'callback.record': '记录回访',
  'hotline.review': '热线工单研判',
  'room.manage': '管理议事室',
  'unit.manage': '管理单位',
  'user.manage': '管理用户与角色',
  'audit.read': '查看操作日志',
  'stats.read': '查看统计',
  'pii.read': '查看个人信息',
}
