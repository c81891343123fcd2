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
  },
};
