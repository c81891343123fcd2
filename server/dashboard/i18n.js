// Every word the page shows comes from one catalogue (strings.js), Chinese first: the bureau's officers read zh-CN,
// and English is a switch kept in this browser.
import { strings } from './strings.js';

const KEY = 'caseflow.lang';
export const languages = Object.keys(strings);

export function lang() {
  const chosen = localStorage.getItem(KEY);
  return chosen && chosen in strings ? chosen : 'zh-CN';
}

export function setLang(value) {
  localStorage.setItem(KEY, value);
  document.documentElement.lang = lang();
}

/** t('key', { n: 3 }) → the current language's text with {n} filled; a key missing from both shows as itself. */
export function t(key, vars = {}) {
  const text = strings[lang()][key] ?? strings.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}
