// The dashboard's one catalogue of words: every language holds the same keys (test/dashboard checks it).
// Keys are grouped by page; add a page's keys in its own block.
export const strings = {
  'zh-CN': {
    'app.title': 'caseflow · 监督台',
  },
  en: {
    'app.title': 'caseflow · supervisor dashboard',
  },
};
