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

/**
 * The label of one of the API's words, term('stage', 'review') → 法制审核. A word the catalogue does not know (a model
 * a deployment added, a free-text outcome) is data and shows as sent.
 */
export function term(group, value) {
  if (value === null || value === undefined) return value;
  const key = `${group}.${value}`;
  return key in strings[lang()] ? strings[lang()][key] : String(value);
}

/** Who an escalation went to: a rung of the policy's chain, the handler, or `officer:<id>` (contract section 10). */
export const targetOf = (target) => (target.startsWith('officer:') ? t('target.officer', { id: target.slice('officer:'.length) }) : term('target', target));

/** Fills the markup's fixed words: data-i18n for the text, data-i18n-<attribute> for an attribute. */
export function translateStatic(root = document) {
  document.documentElement.lang = lang();
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('*')) {
    for (const attr of [...el.attributes]) {
      if (attr.name.startsWith('data-i18n-')) el.setAttribute(attr.name.slice('data-i18n-'.length), t(attr.value));
    }
  }
}

/** A language named in itself (中文, English), for the switch. */
export const languageName = (code) => strings[code]['lang.self'];
