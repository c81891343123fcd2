// The dashboard's one catalogue of words: every language holds the same keys (test/dashboard checks it).
// Keys are grouped by page; add a page's keys in its own block.
export const strings = {
  'zh-CN': {
    'app.title': 'caseflow · 监督台',

    // Case page: supervisor actions (case-actions.js).
    'actions.title': '监督操作',
    'actions.assignee': '承办民警',
    'actions.assign.label': '指派给（民警编号）',
    'actions.assign.submit': '指派',
    'actions.assigned': '已指派给 {to}。',
    'actions.extend.label': '延长期限',
    'actions.extend.submit': '延长',
    'actions.extended': '{limit} 期限已延长，新的到期时间：{dueAt}。',
    'actions.ack.title': '待确认的督办',
    'actions.ack.what': '{limit} · {level} · 发给 {target}',
    'actions.ack.note': '确认意见（可选）',
    'actions.ack.submit': '确认督办',
    'actions.acknowledged': '已确认 {limit} 的{level}督办。',
    'actions.refused': '操作被拒绝（{status}）：{message}',
    'actions.failed': '操作未完成：{message}',

    // Header links (nav.js).
    'nav.overview': '在办案件',
    'nav.mine': '我的案件',

    // My cases (my-cases.js).
    'mine.title': '我的案件',
    'mine.loading': '加载中…',
    'mine.summary': '{count} 件在办，其中 {overdue} 件超期。',
    'mine.case': '案件',
    'mine.station': '单位',
    'mine.stage': '阶段',
    'mine.nextDue': '最近期限',
    'mine.flag': '标记',
    'mine.overdue': '超期',
    'mine.empty': '目前没有指派给您的在办案件。',
    'mine.noOfficer': '此令牌不代表某位民警（没有 sub），因此没有“我的案件”。请用本人的统一身份认证登录。',
    'mine.truncated': '只显示前 {count} 件。',
  },
  en: {
    'app.title': 'caseflow · supervisor dashboard',

    // Case page: supervisor actions (case-actions.js).
    'actions.title': 'Supervisor actions',
    'actions.assignee': 'Assignee',
    'actions.assign.label': 'Assign to (officer id)',
    'actions.assign.submit': 'Assign',
    'actions.assigned': 'Assigned to {to}.',
    'actions.extend.label': 'Extend a limit',
    'actions.extend.submit': 'Extend',
    'actions.extended': 'The {limit} limit is extended; now due {dueAt}.',
    'actions.ack.title': 'Escalations to acknowledge',
    'actions.ack.what': '{limit} · {level} · to {target}',
    'actions.ack.note': 'Note (optional)',
    'actions.ack.submit': 'Acknowledge',
    'actions.acknowledged': 'The {level} escalation of {limit} is acknowledged.',
    'actions.refused': 'Refused ({status}): {message}',
    'actions.failed': 'Not done: {message}',

    // Header links (nav.js).
    'nav.overview': 'Open cases',
    'nav.mine': 'My cases',

    // My cases (my-cases.js).
    'mine.title': 'My cases',
    'mine.loading': 'Loading…',
    'mine.summary': '{count} open, {overdue} of them overdue.',
    'mine.case': 'Case',
    'mine.station': 'Station',
    'mine.stage': 'Stage',
    'mine.nextDue': 'Next due',
    'mine.flag': 'Flag',
    'mine.overdue': 'overdue',
    'mine.empty': 'No open cases are assigned to you.',
    'mine.noOfficer': 'This token names no officer (no sub), so it has no cases of its own. Sign in with your own identity.',
    'mine.truncated': 'Only the first {count} are shown.',
  },
};
